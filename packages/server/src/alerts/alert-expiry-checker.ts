import { alertExpired } from '@jiefang/core';
import type { ServerContext } from '../context.ts';
import { PeriodicPass } from '../scheduler/periodic-pass.ts';
import { alertPart } from './alert-parts.ts';

/**
 * Takes active alerts past their sender's expiry (CAP `expires`) off the active list, so a
 * storm warning from last week does not sit in the inbox for ever and its chain stops. Core
 * decides (an alert not yet expired is refused), so a second pass or process changes nothing.
 */
export class AlertExpiryChecker extends PeriodicPass {
  constructor(
    private readonly ctx: ServerContext,
    intervalMs = 15_000,
    private readonly onError: (error: unknown, alertId: string) => void = (error, alertId) =>
      console.error(`alert expiry: alert ${alertId}:`, error),
  ) {
    super(intervalMs);
  }

  protected async pass(): Promise<void> {
    await this.expireDue();
  }

  /** One pass over the active alerts; returns how many expired. */
  async expireDue(): Promise<number> {
    const now = this.ctx.clock.now();
    let expired = 0;
    for (const { value } of [...this.ctx.world.alerts.values()]) {
      if (!alertExpired(value, now)) continue;
      try {
        await this.ctx.commands.executeWithRetry(
          () => [alertPart(this.ctx, value.id, { type: 'expire' })],
          null,
        );
        expired++;
      } catch (error) {
        // Cleared or cancelled meanwhile: nothing left to expire. Anything else is logged and
        // tried again next pass.
        this.onError(error, value.id);
      }
    }
    return expired;
  }
}
