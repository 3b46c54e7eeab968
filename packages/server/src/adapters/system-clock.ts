import type { Clock } from '@jiefang/core';

export const systemClock: Clock = { now: () => Date.now() };
