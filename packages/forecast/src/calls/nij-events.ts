import type { SpaceTimeEvent } from '../models/forecast-input.ts';
import { inCategory, type Category } from './category.ts';
import type { NijCall } from './nij-calls.ts';

/**
 * The calls of a category as model events: EPSG:2913 feet, and time in days at midday of the
 * call's date (the data have no time of day, so every call of a day shares one instant).
 */
export function nijEvents(calls: readonly NijCall[], category: Category): SpaceTimeEvent[] {
  return calls
    .filter((c) => inCategory(category, c.category))
    .map((c) => ({ x: c.x, y: c.y, t: c.day + 0.5 }));
}
