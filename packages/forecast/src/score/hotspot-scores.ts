import type { Grid } from '../grid/grid.ts';
import type { SpaceTimeEvent } from '../models/forecast-input.ts';

/**
 * The `k` highest-scoring cells, best first; ties (zeros included) go to the lower cell index,
 * so a forecast is reproducible and every method flags the same area, which PAI compares.
 */
export function topCells(scores: Float64Array, k: number): number[] {
  const want = Math.max(0, Math.min(k, scores.length));
  const positive: number[] = [];
  for (let c = 0; c < scores.length; c++) if (scores[c] > 0) positive.push(c);
  positive.sort((a, b) => scores[b] - scores[a] || a - b);
  const out = positive.slice(0, want);
  for (let c = 0; out.length < want && c < scores.length; c++) if (!(scores[c] > 0)) out.push(c);
  return out;
}

export interface HotspotScore {
  /** n/N: share of the period's events inside the flagged cells. */
  hit_rate: number;
  /** Prediction Accuracy Index (n/N)/(a/A). */
  pai: number;
  /** Predictive Efficiency Index n/n*: events caught over the most any cells of that area catch. */
  pei: number;
}

/**
 * NIJ's indices for flagged cells against the events of the scored period.
 * n = events in the flagged cells, N = all events of the period (those off the grid too),
 * a = flagged area, A = the study area, n* = events in the `flagged.length` cells that hold
 * the most events of the period (the perfect forecast with the same number of cells).
 */
export function scoreHotspots(
  grid: Grid,
  flagged: readonly number[],
  events: readonly SpaceTimeEvent[],
  studyAreaSqFt: number,
): HotspotScore {
  const counts = new Map<number, number>();
  for (const e of events) {
    const cell = grid.cellOf(e.x, e.y);
    if (cell >= 0) counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  const N = events.length;
  let n = 0;
  for (const cell of flagged) n += counts.get(cell) ?? 0;
  const best = [...counts.values()].sort((a, b) => b - a).slice(0, flagged.length);
  const nStar = best.reduce((s, c) => s + c, 0);
  const a = flagged.length * grid.cellArea;
  const hitRate = N > 0 ? n / N : 0;
  return {
    hit_rate: hitRate,
    pai: a > 0 ? hitRate / (a / studyAreaSqFt) : 0,
    pei: nStar > 0 ? n / nStar : 0,
  };
}

/** Side of the squares whose union is the study area, feet. */
export const STUDY_SQUARE_FT = 1000;

/**
 * The study area A in square feet: the union of axis-aligned 1,000 ft squares holding at least
 * one event. The NIJ used Portland's police boundary; without that polygon, the footprint of
 * where calls happen stands in for it, computed from the training calls only.
 */
export function studyAreaSqFt(events: readonly { x: number; y: number }[]): number {
  const squares = new Set<string>();
  for (const e of events)
    squares.add(`${Math.floor(e.x / STUDY_SQUARE_FT)},${Math.floor(e.y / STUDY_SQUARE_FT)}`);
  return squares.size * STUDY_SQUARE_FT * STUDY_SQUARE_FT;
}
