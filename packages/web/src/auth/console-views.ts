import type { Role } from '@jiefang/contract';
import { rolesMay } from '@jiefang/core';

/** The screens an account can land on. */
export type ConsoleView =
  | 'dispatcher'
  | 'supervisor'
  | 'responder'
  | 'read-only'
  | 'department'
  | 'loop'
  | 'patrol'
  | 'series'
  | 'admin'
  /** Alerts inbox, area rules, partners, missing persons, assist requests. */
  | 'alerts';

/** Views drawn from the live socket; the others must not open it (their roles are refused it). */
export const LIVE_VIEWS: ReadonlySet<ConsoleView> = new Set([
  'dispatcher',
  'supervisor',
  'responder',
  'read-only',
  'patrol',
  // Its map is the console's CommandMap, drawn over the live layers.
  'series',
  // New alerts and missing-person cases arrive over the socket.
  'alerts',
]);

/** Best first: the first role an account has decides where it lands. */
const VIEWS_BY_ROLE: readonly [Role, readonly ConsoleView[]][] = [
  ['dispatcher', ['dispatcher', 'supervisor', 'loop', 'patrol']],
  ['admin', ['dispatcher', 'supervisor', 'loop', 'patrol', 'series', 'admin']],
  ['supervisor', ['supervisor', 'dispatcher', 'loop', 'patrol', 'series']],
  ['department', ['department']],
  ['responder', ['responder']],
  ['grid_worker', ['responder']],
  // Forecasts and plans are the analyst's to read, series theirs to link (the situation map
  // stays their landing view).
  ['analyst', ['read-only', 'patrol', 'series']],
];

/**
 * The views an account may open, the landing view first: dispatchers, supervisors and admins
 * get the console (dispatch and supervision; admins also the admin console), responders and grid workers the responder view,
 * departments their portal (they may not read the live map), every other role (analyst) the
 * read-only situation map. The server
 * checks every action itself; this only chooses screens.
 */
export function viewsFor(roles: readonly Role[]): ConsoleView[] {
  const views: ConsoleView[] = [];
  for (const [role, granted] of VIEWS_BY_ROLE) {
    if (!roles.includes(role)) continue;
    for (const view of granted) if (!views.includes(view)) views.push(view);
  }
  if (views.length === 0) views.push('read-only');
  // Work that starts from a machine or another centre: whoever reads alerts or may ask the
  // network for help (an officer away from their station asks from the phone).
  if (rolesMay(roles, 'alert.read') || rolesMay(roles, 'assist.request')) views.push('alerts');
  return views;
}

export function landingView(roles: readonly Role[]): ConsoleView {
  return viewsFor(roles)[0];
}
