import { DomainError, DomainErrorCode } from '../errors.ts';
import type { Decision, DecideContext } from '../shared/decision.ts';
import { toIso } from '../shared/time.ts';

/**
 * 串并: incidents an analyst judged to be one series (the same burglars night after night).
 * The machine suggests links (scored by place, time, category and narrative); only the
 * analyst's accept puts an incident in, and a rejected suggestion is remembered so it is not
 * offered again.
 */
export interface CaseSeries {
  id: string;
  orgId: string;
  title: string;
  /** The incident the series was started from (its suggestions are the ones offered). */
  anchorId: string;
  /** Linked incidents, the anchor first, in the order they were accepted. */
  incidentIds: string[];
  /** Suggestions the analyst rejected. */
  rejectedIds: string[];
  status: 'open';
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
}

export type CaseSeriesCommand =
  | { type: 'start'; series: Pick<CaseSeries, 'id' | 'orgId' | 'title' | 'anchorId'> }
  | { type: 'accept'; incidentId: string }
  | { type: 'reject'; incidentId: string }
  /** Takes a linked incident out again (not the anchor). */
  | { type: 'unlink'; incidentId: string };

export function decideCaseSeries(
  state: CaseSeries | undefined,
  command: CaseSeriesCommand,
  context: DecideContext,
): Decision<CaseSeries> {
  const now = toIso(context.now);
  if (command.type === 'start') {
    if (state)
      throw new DomainError(DomainErrorCode.ALREADY_EXISTS, `series ${state.id} exists`, 'id');
    const title = command.series.title.trim();
    if (title.length === 0 || title.length > 120)
      throw new DomainError(DomainErrorCode.VALIDATION, 'title must be 1–120 characters', 'title');
    const series: CaseSeries = {
      ...command.series,
      title,
      incidentIds: [command.series.anchorId],
      rejectedIds: [],
      status: 'open',
      createdAt: now,
      createdBy: context.actorId,
      updatedAt: now,
    };
    return { events: [{ type: 'case_series.started', payload: series }], state: series };
  }
  if (!state) throw new DomainError(DomainErrorCode.NOT_FOUND, 'no such series', 'id');
  const { incidentId } = command;
  const linked = state.incidentIds.includes(incidentId);
  switch (command.type) {
    case 'accept': {
      if (linked)
        throw new DomainError(
          DomainErrorCode.ALREADY_EXISTS,
          `incident ${incidentId} is already in the series`,
          'incidentId',
        );
      const next = {
        ...state,
        incidentIds: [...state.incidentIds, incidentId],
        rejectedIds: state.rejectedIds.filter((id) => id !== incidentId),
        updatedAt: now,
      };
      return { events: [{ type: 'case_series.linked', payload: { incidentId } }], state: next };
    }
    case 'reject': {
      if (linked)
        throw new DomainError(
          DomainErrorCode.ILLEGAL_TRANSITION,
          `incident ${incidentId} is in the series: unlink it instead`,
          'incidentId',
        );
      const rejectedIds = state.rejectedIds.includes(incidentId)
        ? state.rejectedIds
        : [...state.rejectedIds, incidentId];
      return {
        events: [{ type: 'case_series.rejected', payload: { incidentId } }],
        state: { ...state, rejectedIds, updatedAt: now },
      };
    }
    case 'unlink': {
      if (!linked)
        throw new DomainError(
          DomainErrorCode.NOT_FOUND,
          `incident ${incidentId} is not in the series`,
          'incidentId',
        );
      if (incidentId === state.anchorId)
        throw new DomainError(
          DomainErrorCode.ILLEGAL_TRANSITION,
          'the incident the series started from stays in it',
          'incidentId',
        );
      return {
        events: [{ type: 'case_series.unlinked', payload: { incidentId } }],
        state: {
          ...state,
          incidentIds: state.incidentIds.filter((id) => id !== incidentId),
          updatedAt: now,
        },
      };
    }
  }
}
