import { describe, expect, it } from 'vitest';
import { arrivalEstimate, type RouteReading } from './arrival-eta.ts';

const notified = '2026-01-01T08:00:00.000Z';
const t0 = Date.parse(notified);
const route = (seconds: number, readAt: number): RouteReading => ({
  seconds,
  metres: seconds * 10,
  geometry: { type: 'LineString', coordinates: [] },
  readAt,
});

describe('arrivalEstimate', () => {
  it('uses the promised ETA from the notification when no route was read', () => {
    const due = arrivalEstimate(
      { status: 'notified', times: { notified }, etaSeconds: 150 },
      undefined,
      30,
    );
    expect(due).toEqual({ dueAt: t0 + 150_000, basis: 'promised' });
  });

  it('adds the turnout still to spend before the responder departed', () => {
    const due = arrivalEstimate(
      { status: 'accepted', times: { notified }, etaSeconds: 150 },
      route(100, t0 + 10_000),
      30,
    );
    // read 10 s after notification: 20 s of turnout left, then 100 s of driving
    expect(due).toEqual({ dueAt: t0 + 10_000 + 100_000 + 20_000, basis: 'route' });
  });

  it('counts only the drive once en route', () => {
    const due = arrivalEstimate(
      { status: 'en_route', times: { notified }, etaSeconds: 150 },
      route(40, t0 + 60_000),
      30,
    );
    expect(due?.dueAt).toBe(t0 + 100_000);
  });

  it('knows nothing once on scene or without a promise', () => {
    expect(
      arrivalEstimate({ status: 'on_scene', times: { notified } }, route(5, t0), 0),
    ).toBeUndefined();
    expect(
      arrivalEstimate({ status: 'notified', times: { notified } }, undefined, 0),
    ).toBeUndefined();
  });
});
