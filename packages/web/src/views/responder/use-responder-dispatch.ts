import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../../api/api-client.ts';
import type { Dispatch, DispatchStatus, Incident } from '@jiefang/contract';
import type { LiveStatus } from '../../live/live-connection.ts';
import type { LiveStore } from '../../live/live-store.ts';
import { fetchDispatch, fetchIncident, fetchUnit } from './responder-api.ts';
import { isActiveDispatch } from './responder-flow.ts';

export interface ResponderJob {
  dispatch: Dispatch;
  incident: Incident | undefined;
}

export interface ResponderDispatchState {
  /** The unit's current job, if it has one. */
  job: ResponderJob | undefined;
  /** The job that just ended not by the responder's hand (cancelled, timed out): shown once. */
  ended: { dispatch: Dispatch; incident: Incident | undefined } | undefined;
  loading: boolean;
  error: unknown;
  /** Re-reads the unit's assignment, its dispatch and incident from the server. */
  refresh: () => Promise<void>;
  /** A dispatch the server answered with (after a button): applied at once. */
  applyDispatch: (dispatch: Dispatch) => void;
  dismissEnded: () => void;
}

/**
 * The job as the phone last knew it, kept on the device: a reload without a signal shows the job
 * (with the steps taken offline) instead of "standing by" beside a queue of actions. The
 * reporter's contact is not kept; the server's answer replaces all of it once there is signal.
 */
const cacheKey = (unitKey: string) => `jiefang.responder.job.${unitKey}`;

function readCachedJob(unitKey: string): ResponderJob | undefined {
  if (unitKey === '' || typeof localStorage === 'undefined') return undefined;
  try {
    const text = localStorage.getItem(cacheKey(unitKey));
    if (!text) return undefined;
    const job = JSON.parse(text) as ResponderJob;
    return job?.dispatch?.id && isActiveDispatch(job.dispatch.status) ? job : undefined;
  } catch {
    return undefined;
  }
}

function writeCachedJob(unitKey: string, job: ResponderJob | undefined): void {
  if (unitKey === '' || typeof localStorage === 'undefined') return;
  try {
    if (!job) {
      localStorage.removeItem(cacheKey(unitKey));
      return;
    }
    const incident = job.incident ? { ...job.incident, reporter: undefined } : undefined;
    localStorage.setItem(cacheKey(unitKey), JSON.stringify({ dispatch: job.dispatch, incident }));
  } catch {
    // A full or blocked storage only loses the offline copy.
  }
}

const newer = (a: Dispatch | undefined, b: Dispatch): boolean =>
  a === undefined || a.id !== b.id || (a.version ?? 0) <= (b.version ?? 0);

/**
 * The responder's current dispatch: found through their unit's assignment (GET /units/{id}),
 * read with GET /dispatches/{id} and GET /incidents/{id} (both open to a member of the
 * dispatched unit, even when the incident belongs to another station), and kept current from
 * the live store: dispatch events change it at once, and the unit's status changes, a
 * reconnect (the live store's resync) or a new batch mentioning the unit make it re-read.
 */
export function useResponderDispatch(
  api: ApiClient,
  store: LiveStore,
  unitIds: readonly string[],
  liveStatus: LiveStatus,
): ResponderDispatchState {
  const unitKey = unitIds.join(',');
  const [job, setJob] = useState<ResponderJob | undefined>(() => readCachedJob(unitKey));
  const [ended, setEnded] = useState<ResponderDispatchState['ended']>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const jobRef = useRef(job);
  jobRef.current = job;
  const generation = useRef(0);
  useEffect(() => writeCachedJob(unitKey, job), [unitKey, job]);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    try {
      let found: ResponderJob | undefined;
      for (const unitId of unitKey === '' ? [] : unitKey.split(',')) {
        const unit = await fetchUnit(api, unitId);
        const dispatchId = unit.assignment?.dispatchId;
        if (!dispatchId) continue;
        const dispatch = await fetchDispatch(api, dispatchId);
        if (!isActiveDispatch(dispatch.status)) continue;
        const known = jobRef.current;
        const incident =
          known?.incident?.id === dispatch.incidentId
            ? known.incident
            : await fetchIncident(api, dispatch.incidentId);
        found = { dispatch, incident };
        break;
      }
      if (mine !== generation.current) return;
      const previous = jobRef.current;
      if (!found && previous) {
        // The job went away without the responder clearing it: say how it ended.
        const last = await fetchDispatch(api, previous.dispatch.id).catch(() => undefined);
        if (mine !== generation.current) return;
        if (last && last.status !== 'cleared' && last.status !== 'declined')
          setEnded({ dispatch: last, incident: previous.incident });
      }
      setJob(found);
      setError(undefined);
    } catch (caught) {
      if (mine === generation.current) setError(caught);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [api, unitKey]);

  // First read, and again each time the socket is (back) live: whatever happened while the
  // phone was offline is on the server.
  useEffect(() => {
    if (liveStatus === 'live' || liveStatus === 'connecting') void refresh();
  }, [liveStatus, refresh]);

  // Live changes: dispatch events of the current job apply at once; anything about the unit
  // (a new dispatch makes it "notified") triggers a re-read.
  useEffect(() => {
    const units = new Set(unitKey === '' ? [] : unitKey.split(','));
    return store.subscribe((change) => {
      let reread = false;
      for (const event of change.events) {
        const payload = event.payload as { unitId?: string; at?: string };
        const current = jobRef.current?.dispatch;
        if (event.aggregateType === 'dispatch' && current && event.aggregateId === current.id) {
          const status = event.type.slice('dispatch.'.length) as DispatchStatus;
          if (event.type !== 'dispatch.created' && (current.version ?? 0) < event.version) {
            const next: Dispatch = {
              ...current,
              status,
              times: { ...current.times, [status]: payload.at ?? event.at },
              version: event.version,
            };
            setJob((job) => (job ? { ...job, dispatch: next } : job));
            if (!isActiveDispatch(status)) reread = true;
          }
          continue;
        }
        if (payload.unitId !== undefined && units.has(payload.unitId)) reread = true;
        if (event.aggregateType === 'unit' && units.has(event.aggregateId)) reread = true;
      }
      if (change.reset) reread = true;
      if (reread) void refresh();
    });
  }, [store, unitKey, refresh]);

  const applyDispatch = useCallback((dispatch: Dispatch) => {
    setJob((current) => {
      if (!current || !newer(current.dispatch, dispatch)) return current;
      return isActiveDispatch(dispatch.status) ? { ...current, dispatch } : undefined;
    });
  }, []);

  return {
    job,
    ended,
    loading,
    error,
    refresh,
    applyDispatch,
    dismissEnded: () => setEnded(undefined),
  };
}
