import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { Translate } from '../../i18n/i18n.ts';
import type { TimelineEvent } from './dispatcher-api.ts';
import { formatTimeOfDay } from './format.ts';

const DISPATCH_STATUSES = new Set([
  'delivered',
  'accepted',
  'declined',
  'timed_out',
  'en_route',
  'on_scene',
  'cleared',
  'cancelled',
]);

const STAGES = new Set(['analyse', 'assign', 'handle', 'supervise', 'close']);

export function stageName(t: Translate, stage: string): string {
  return STAGES.has(stage)
    ? t(`dispatcher.stage.${stage as 'analyse' | 'assign' | 'handle' | 'supervise' | 'close'}`)
    : stage;
}

/**
 * One event in words; `unitOf` names the unit of a dispatch, `unitNamed` a unit by its id (a
 * responder's note names the unit, not the dispatch).
 */
export function describeEvent(
  t: Translate,
  event: TimelineEvent,
  unitOf: (dispatchId: string) => string,
  unitNamed: (unitId: string) => string = (unitId) => unitId,
): string {
  const p: Record<string, unknown> =
    typeof event.payload === 'object' && event.payload !== null ? { ...event.payload } : {};
  const str = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : '');
  switch (event.type) {
    case 'incident.created':
      return t('dispatcher.timeline.created');
    case 'incident.stage_changed': {
      const cause = p.cause as { dispatchId?: string } | undefined;
      // Moved by the loop itself when a unit took the job, not by anyone's click.
      return cause?.dispatchId
        ? t('dispatcher.timeline.stageByUnit', {
            stage: stageName(t, str('to')),
            unit: unitOf(cause.dispatchId),
          })
        : t('dispatcher.timeline.stage', { stage: stageName(t, str('to')) });
    }
    case 'incident.first_on_scene':
      return t('dispatcher.timeline.firstOnScene', { unit: unitOf(str('dispatchId')) });
    case 'incident.all_cleared':
      return t(
        p.endedBy === 'cancelled'
          ? 'dispatcher.timeline.allClearedByCancel'
          : 'dispatcher.timeline.allCleared',
        { unit: unitOf(str('dispatchId')) },
      );
    case 'incident.reprioritised':
      return t('dispatcher.timeline.reprioritised', { priority: String(p.to ?? '') });
    case 'incident.location_corrected':
      return t('dispatcher.timeline.located');
    case 'incident.escalated':
      return t('dispatcher.timeline.escalated', { level: String(p.level ?? '') });
    case 'incident.linked_duplicate':
      return t('dispatcher.timeline.linked', { of: str('of') });
    case 'incident.duplicate_dismissed':
      return t('dispatcher.timeline.dismissed');
    case 'incident.cancelled':
      return t('dispatcher.timeline.cancelled', { reason: str('reason') });
    case 'incident.closed':
      return t('dispatcher.timeline.closed');
    case 'incident.note_added':
      return str('unitId')
        ? t('dispatcher.timeline.noteByUnit', { unit: unitNamed(str('unitId')), text: str('text') })
        : t('dispatcher.timeline.note', { text: str('text') });
    case 'dispatch.created':
      return t('dispatcher.timeline.dispatched', {
        unit: unitOf(event.aggregateId),
        tier: String(p.tier ?? ''),
      });
    default: {
      const status = event.type.startsWith('dispatch.') ? event.type.slice(9) : '';
      if (DISPATCH_STATUSES.has(status)) {
        const text = t('dispatcher.timeline.dispatchStatus', {
          unit: unitOf(event.aggregateId),
          status: t(`dispatcher.dispatch.status.${status as 'accepted'}`),
        });
        const reason = str('reason') || str('outcome');
        return reason ? `${text} · ${reason}` : text;
      }
      return event.type;
    }
  }
}

/** Every event of the incident and its dispatches, newest first, to the second. */
export function TimelineList({
  events,
  unitOf,
}: {
  events: readonly TimelineEvent[];
  unitOf: (dispatchId: string) => string;
}) {
  const { t, locale, timeZone } = useI18n();
  if (events.length === 0) return <p className="panel-empty small">{t('common.loading')}</p>;
  // A unit's name through the dispatch that sent it here.
  const dispatchOfUnit = new Map<string, string>();
  for (const event of events) {
    const unitId = (event.payload as { unitId?: unknown } | null)?.unitId;
    if (event.type === 'dispatch.created' && typeof unitId === 'string')
      dispatchOfUnit.set(unitId, event.aggregateId);
  }
  const unitNamed = (unitId: string) => {
    const dispatchId = dispatchOfUnit.get(unitId);
    return dispatchId ? unitOf(dispatchId) : unitId;
  };
  return (
    <ol className="timeline" data-testid="timeline">
      {[...events].reverse().map((event) => (
        <li key={event.seq} className={`timeline-event type-${event.type.replace('.', '-')}`}>
          <time dateTime={event.at}>{formatTimeOfDay(event.at, locale, timeZone)}</time>
          <span>{describeEvent(t, event, unitOf, unitNamed)}</span>
        </li>
      ))}
    </ol>
  );
}
