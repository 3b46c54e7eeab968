import { apiCall, type ErrorLog } from './stats.ts';

/**
 * From handle to closed (the closed loop's last stages): a unit that cleared had accepted, and
 * the server moved the incident from assign to handle by itself on that accept.
 */
const CLOSING_STAGES = ['supervise', 'close'] as const;
const UNITS_ON_SCENE_WAIT_MS = 2_000;
const UNITS_ON_SCENE_RETRIES = 30;

function onScene(response: { status: number; json: unknown }): boolean {
  const error = (response.json as { error?: { code?: unknown } } | null)?.error;
  return response.status === 409 && error?.code === 'ERR_UNITS_ON_SCENE';
}

/**
 * The dispatcher's closed loop: once every unit sent to an incident has cleared, the incident
 * goes through supervise → close, as a command centre closes its calls. Without it a
 * load run would pile up open incidents — 18,000 an hour at 5 a second — which no real day does.
 */
export class IncidentCloser {
  /** Incident → dispatches not yet cleared. */
  private readonly open = new Map<string, Set<string>>();
  /** Cleared before the one-key acknowledgment named them (a fast phone, a slow answer). */
  private readonly clearedEarly = new Set<string>();
  private readonly closing = new Set<Promise<void>>();
  closed = 0;

  constructor(private readonly options: { httpUrl: string; token: string; errors: ErrorLog }) {}

  dispatched(incidentId: string, dispatchIds: string[]): void {
    const pending = new Set(dispatchIds.filter((id) => !this.clearedEarly.delete(id)));
    if (pending.size === 0) return this.close(incidentId);
    this.open.set(incidentId, pending);
  }

  cleared(dispatchId: string, incidentId: string): void {
    const pending = this.open.get(incidentId);
    if (!pending?.delete(dispatchId)) {
      this.clearedEarly.add(dispatchId);
      return;
    }
    if (pending.size > 0) return;
    this.open.delete(incidentId);
    this.close(incidentId);
  }

  private stage(path: string, to: string) {
    return apiCall(this.options.httpUrl, this.options.token, 'POST', path, {
      to,
      note: 'load run: all units cleared',
    });
  }

  /** Waits for the closings under way. */
  async settle(): Promise<void> {
    await Promise.all([...this.closing]);
  }

  private close(incidentId: string): void {
    const work = (async () => {
      for (const to of CLOSING_STAGES) {
        const path = `/api/v1/incidents/${incidentId}/stage`;
        try {
          let response = await this.stage(path, to);
          // A unit the scheduler re-offered to (after a timeout) may still be on scene: the
          // server refuses to close under it, and the dispatcher waits for it to clear.
          for (let wait = 0; wait < UNITS_ON_SCENE_RETRIES && onScene(response); wait++) {
            await new Promise((resolve) => setTimeout(resolve, UNITS_ON_SCENE_WAIT_MS));
            response = await this.stage(path, to);
          }
          if (response.status >= 300) {
            this.options.errors.add(
              'closing an incident',
              `${to}: ${response.status} ${JSON.stringify(response.json)}`,
            );
            return;
          }
        } catch (error) {
          this.options.errors.add('closing an incident', `${to}: ${String(error)}`);
          return;
        }
      }
      this.closed++;
    })();
    this.closing.add(work);
    void work.finally(() => this.closing.delete(work));
  }
}
