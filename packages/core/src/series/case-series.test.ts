import { describe, expect, it } from 'vitest';
import { decideCaseSeries, type CaseSeries } from './case-series.ts';

const ctx = { now: Date.parse('2026-12-03T09:00:00Z'), actorId: 'analyst' };
const started = (): CaseSeries =>
  decideCaseSeries(
    undefined,
    { type: 'start', series: { id: 's1', orgId: 'o', title: ' 拉车门 ', anchorId: 'i1' } },
    ctx,
  ).state;

describe('decideCaseSeries', () => {
  it('starts from an anchor incident, accepts and rejects suggestions', () => {
    let s = started();
    expect(s).toMatchObject({ title: '拉车门', incidentIds: ['i1'], rejectedIds: [] });
    s = decideCaseSeries(s, { type: 'reject', incidentId: 'i3' }, ctx).state;
    s = decideCaseSeries(s, { type: 'accept', incidentId: 'i2' }, ctx).state;
    expect(s.incidentIds).toEqual(['i1', 'i2']);
    expect(s.rejectedIds).toEqual(['i3']);
    // Accepting a rejected one after all takes it off the rejected list.
    s = decideCaseSeries(s, { type: 'accept', incidentId: 'i3' }, ctx).state;
    expect(s.incidentIds).toEqual(['i1', 'i2', 'i3']);
    expect(s.rejectedIds).toEqual([]);
    s = decideCaseSeries(s, { type: 'unlink', incidentId: 'i2' }, ctx).state;
    expect(s.incidentIds).toEqual(['i1', 'i3']);
  });

  it('refuses what makes no sense, naming the field', () => {
    const s = started();
    const refuse = (command: Parameters<typeof decideCaseSeries>[1], field: string) =>
      expect(() => decideCaseSeries(s, command, ctx)).toThrowError(
        expect.objectContaining({ field }),
      );
    refuse({ type: 'accept', incidentId: 'i1' }, 'incidentId');
    refuse({ type: 'reject', incidentId: 'i1' }, 'incidentId');
    refuse({ type: 'unlink', incidentId: 'i1' }, 'incidentId');
    refuse({ type: 'unlink', incidentId: 'i9' }, 'incidentId');
    expect(() =>
      decideCaseSeries(
        undefined,
        { type: 'start', series: { id: 's2', orgId: 'o', title: '  ', anchorId: 'i1' } },
        ctx,
      ),
    ).toThrowError(expect.objectContaining({ field: 'title' }));
  });
});
