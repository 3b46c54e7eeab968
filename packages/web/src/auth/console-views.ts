import type { Role } from '@jiefang/contract';

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
  | 'admin';

/** Views drawn from the live socket; the others must not open it (their roles are refused it). */
export const LIVE_VIEWS: ReadonlySet<ConsoleView> = new Set([
  'dispatcher',
  'supervisor',
  'responder',
  'read-only',
  'patrol',
  // Its map is the console's CommandMap, drawn over the live layers.
  'series',
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
  return views.length > 0 ? views : ['read-only'];
}

export function landingView(roles: readonly Role[]): ConsoleView {
  return viewsFor(roles)[0];
}
