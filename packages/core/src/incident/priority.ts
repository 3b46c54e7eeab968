/** 1 is the most urgent (life in danger now), 4 the least (no one at risk, can wait). */
export type Priority = 1 | 2 | 3 | 4;

export const PRIORITIES: readonly Priority[] = [1, 2, 3, 4];

export function isPriority(value: unknown): value is Priority {
  return value === 1 || value === 2 || value === 3 || value === 4;
}
