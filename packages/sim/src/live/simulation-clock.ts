import type { Clock } from '@jiefang/core';

/**
 * A clock the simulator drives: give it to the server (createServer's `clock` option) and
 * startSimulator moves it forward at its speed, so simulated time can run faster than real
 * time while every timestamp the server writes (dispatch times, tier timers, accept timeouts,
 * position fixes) stays consistent with the simulated world.
 */
export class SimulationClock implements Clock {
  private ms: number;

  constructor(startMs: number = Date.now()) {
    this.ms = startMs;
  }

  now(): number {
    return this.ms;
  }

  /** Moves the clock to `ms` (never backwards). */
  set(ms: number): void {
    if (ms > this.ms) this.ms = ms;
  }

  advance(ms: number): void {
    this.set(this.ms + ms);
  }
}
