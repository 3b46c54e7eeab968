import { withoutLocalNames } from '../shared/local-names.ts';
import { alreadyExists, noSuchAggregate, validationError } from '../errors.ts';
import type { DecideContext, Decision } from '../shared/decision.ts';
import { validateSite, type Site } from './site.ts';

export type SiteCommand =
  | { type: 'register'; site: Site }
  | { type: 'update'; changes: Partial<Pick<Site, 'name' | 'kind' | 'location' | 'address'>> }
  | { type: 'station_unit'; unitId: string }
  | { type: 'withdraw_unit'; unitId: string };

export function decideSite(
  state: Site | undefined,
  command: SiteCommand,
  _context: DecideContext,
): Decision<Site> {
  if (command.type === 'register') {
    if (state) throw alreadyExists('site', state.id);
    const site = validateSite({
      ...command.site,
      unitIds: [...new Set(command.site?.unitIds ?? [])],
    });
    return { events: [{ type: 'site.registered', payload: site }], state: site };
  }
  if (!state) throw noSuchAggregate('site', command.type, 'siteId');
  switch (command.type) {
    case 'update': {
      const merged = { ...state, ...command.changes };
      // A renamed site reads its new name everywhere: the old translations no longer apply.
      const renamed = command.changes.name !== undefined && command.changes.name !== state.name;
      const next = validateSite(renamed ? withoutLocalNames(merged) : merged);
      return {
        events: [{ type: 'site.updated', payload: { siteId: state.id, changes: command.changes } }],
        state: next,
      };
    }
    case 'station_unit': {
      if (typeof command.unitId !== 'string' || command.unitId === '') {
        throw validationError('unitId', 'is required');
      }
      if (state.unitIds.includes(command.unitId)) return { events: [], state };
      return {
        events: [
          { type: 'site.unit_stationed', payload: { siteId: state.id, unitId: command.unitId } },
        ],
        state: { ...state, unitIds: [...state.unitIds, command.unitId] },
      };
    }
    case 'withdraw_unit': {
      if (!state.unitIds.includes(command.unitId)) {
        throw validationError('unitId', `is not stationed at ${state.id}`);
      }
      return {
        events: [
          { type: 'site.unit_withdrawn', payload: { siteId: state.id, unitId: command.unitId } },
        ],
        state: { ...state, unitIds: state.unitIds.filter((id) => id !== command.unitId) },
      };
    }
  }
}
