import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '@jiefang/contract';
import { I18n } from '../../i18n/i18n.ts';
import { describeEvent } from './TimelineList.tsx';

const milestone = (payload: Record<string, unknown>): TimelineEntry => ({
  seq: 1,
  at: '2026-11-28T08:15:00.000Z',
  type: 'incident.all_cleared',
  aggregateType: 'incident',
  aggregateId: 'i1',
  version: 9,
  actorId: null,
  payload: { incidentId: 'i1', dispatchId: 'd2', unitId: 'u2', ...payload },
});
const unitOf = (dispatchId: string) => (dispatchId === 'd2' ? '鼓楼3' : dispatchId);

describe('the timeline in words', () => {
  it('tells a last unit cleared from a response ended by standing the last unit down', () => {
    for (const language of ['en', 'zh-CN']) {
      const i18n = new I18n({ languages: [language] });
      const t = i18n.t.bind(i18n);
      const cleared = describeEvent(t, milestone({}), unitOf);
      const stoodDown = describeEvent(t, milestone({ endedBy: 'cancelled' }), unitOf);
      expect(cleared).toContain('鼓楼3');
      expect(stoodDown).toContain('鼓楼3');
      expect(stoodDown).not.toBe(cleared);
      expect(stoodDown).not.toContain('dispatcher.timeline');
    }
    const en = new I18n({ languages: ['en'] });
    expect(describeEvent(en.t.bind(en), milestone({ endedBy: 'cancelled' }), unitOf)).toBe(
      'Milestone: response over, the last unit on its way stood down (鼓楼3)',
    );
    const zh = new I18n({ languages: ['zh-CN'] });
    expect(describeEvent(zh.t.bind(zh), milestone({}), unitOf)).toBe(
      '节点：最后一个单元撤离（鼓楼3）',
    );
  });

  it("shows a responder's note with the unit's name, and a command-room note without one", () => {
    const note = (payload: Record<string, unknown>): TimelineEntry => ({
      ...milestone({}),
      type: 'incident.note_added',
      payload: { incidentId: 'i1', text: '一人轻伤，已送医', ...payload },
    });
    const unitNamed = (unitId: string) => (unitId === 'u2' ? '鼓楼3' : unitId);
    const zh = new I18n({ languages: ['zh-CN'] });
    const t = zh.t.bind(zh);
    expect(describeEvent(t, note({ unitId: 'u2' }), unitOf, unitNamed)).toBe(
      '鼓楼3 现场反馈：一人轻伤，已送医',
    );
    expect(describeEvent(t, note({}), unitOf, unitNamed)).toBe('备注：一人轻伤，已送医');
  });
});
