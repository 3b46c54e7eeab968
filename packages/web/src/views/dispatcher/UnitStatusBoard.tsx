import { useEffect, useState } from 'react';
import type { ApiClient } from '../../api/api-client.ts';
import type { UnitKind, UnitStatus, UnitView } from '@jiefang/contract';
import { fetchUnits } from '../../api/unit-api.ts';
import { formatElapsed } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { localName } from '../../i18n/local-name.ts';
import { useLiveBatch, useLiveStore } from '../../live/LiveProvider.tsx';
import { UNIT_KINDS, UNIT_STATUSES } from '../../live/unit-codes.ts';
import { UNIT_KIND_COLOURS } from '../../map/map-palette.ts';
import { dispatcherApi, type Whereabouts } from './dispatcher-api.ts';
import { useNow } from './dispatcher-hooks.ts';

/** Rows drawn at once; a filter narrows a city-sized fleet. */
export const BOARD_ROW_LIMIT = 200;
/** Where units are, in words, is asked again this often. */
const WHEREABOUTS_REFRESH_MS = 20_000;
/** Times in status from the units list (a fallback for units that have not changed live). */
const SINCE_REFRESH_MS = 60_000;

const STATUS_ORDER = new Map(UNIT_STATUSES.map((s, i) => [s, i]));

export interface UnitStatusBoardProps {
  api: ApiClient;
  /** The unit whose isochrone is shown (highlighted). */
  selectedUnitId?: string;
  onSelectUnit: (unitId: string | undefined) => void;
}

/**
 * Who is available, where and for how long: the units of the live store with their status,
 * time in status and the nearest named place or street, filtered by kind and status. A row
 * selects the unit (its isochrone on the map).
 */
export function UnitStatusBoard({ api, selectedUnitId, onSelectUnit }: UnitStatusBoardProps) {
  const { t, locale } = useI18n();
  const store = useLiveStore();
  useLiveBatch();
  const now = useNow();
  const [kind, setKind] = useState<UnitKind | ''>('');
  const [status, setStatus] = useState<UnitStatus | ''>('available');
  const [where, setWhere] = useState<Map<string, Whereabouts>>(new Map());
  const [since, setSince] = useState<Map<string, string>>(new Map());

  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      dispatcherApi
        .whereabouts(api, controller.signal)
        .then((rows) => setWhere(new Map(rows.map((r) => [r.unitId, r]))))
        .catch(() => undefined);
    void load();
    const timer = setInterval(load, WHEREABOUTS_REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [api]);

  // The live snapshot carries no time in status; the units list does (status changes seen
  // live update the store's own `since`, which then wins).
  useEffect(() => {
    let live = true;
    const load = () =>
      fetchUnits(api)
        .then((units) => {
          if (!live) return;
          setSince(new Map(units.filter((u) => u.since).map((u) => [u.id, u.since!])));
        })
        .catch(() => undefined);
    void load();
    const timer = setInterval(load, SINCE_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api]);

  const table = store.units;
  const counts = new Map<UnitStatus, number>();
  const rows: UnitView[] = [];
  for (let row = 0; row < table.count; row++) {
    const view = table.views[row];
    if (kind && view.kind !== kind) continue;
    counts.set(view.status, (counts.get(view.status) ?? 0) + 1);
    if (status && view.status !== status) continue;
    rows.push(view);
  }
  rows.sort(
    (a, b) =>
      (STATUS_ORDER.get(a.status) ?? 9) - (STATUS_ORDER.get(b.status) ?? 9) ||
      localName(a, locale).localeCompare(localName(b, locale), locale),
  );
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const shown = rows.slice(0, BOARD_ROW_LIMIT);
  const accepted = new Set<string>();
  for (const d of store.dispatches.values()) if (d.status === 'accepted') accepted.add(d.unitId);

  return (
    <section className="panel unit-board" aria-labelledby="board-title">
      <header className="panel-header">
        <h2 id="board-title">{t('dispatcher.board.title')}</h2>
        <span className="panel-count">{t('dispatcher.board.total', { count: table.count })}</span>
        <span className="header-spacer" />
        <select
          className="compact-select"
          aria-label={t('dispatcher.board.kind')}
          value={kind}
          onChange={(e) => setKind(e.target.value as UnitKind | '')}
        >
          <option value="">{t('dispatcher.board.allKinds')}</option>
          {UNIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`unit.kind.${k}`)}
            </option>
          ))}
        </select>
      </header>
      <div className="status-chips" role="group" aria-label={t('dispatcher.board.status')}>
        <button
          type="button"
          className={status === '' ? 'chip is-active' : 'chip'}
          aria-pressed={status === ''}
          onClick={() => setStatus('')}
        >
          {t('dispatcher.board.allStatuses')} <b>{total}</b>
        </button>
        {UNIT_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className={`chip status-${s}${status === s ? ' is-active' : ''}`}
            aria-pressed={status === s}
            onClick={() => setStatus(status === s ? '' : s)}
          >
            {t(`unit.status.${s}`)} <b>{counts.get(s) ?? 0}</b>
          </button>
        ))}
      </div>
      <div className="board-scroll">
        <table className="board-table" data-testid="unit-board">
          <thead>
            <tr>
              <th scope="col">{t('dispatcher.board.unit')}</th>
              <th scope="col">{t('dispatcher.board.statusColumn')}</th>
              <th scope="col">{t('dispatcher.board.since')}</th>
              <th scope="col">{t('dispatcher.board.where')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((unit) => {
              const w = where.get(unit.id);
              const statusSince = unit.since ?? since.get(unit.id);
              const place = w?.place
                ? localName({ name: w.place, localNames: w.placeLocalNames }, locale)
                : w?.street
                  ? localName({ name: w.street, localNames: w.streetLocalNames }, locale)
                  : undefined;
              const selected = unit.id === selectedUnitId;
              return (
                <tr
                  key={unit.id}
                  data-unit-id={unit.id}
                  data-unit-status={unit.status}
                  className={selected ? 'is-selected' : undefined}
                  onClick={() => onSelectUnit(selected ? undefined : unit.id)}
                >
                  <th scope="row">
                    <span
                      className="kind-dot"
                      style={{ background: UNIT_KIND_COLOURS[unit.kind] }}
                      title={t(`unit.kind.${unit.kind}`)}
                    />
                    <button
                      type="button"
                      className="link-button"
                      aria-pressed={selected}
                      title={t('dispatcher.board.isochrone')}
                    >
                      {localName(unit, locale)}
                    </button>
                  </th>
                  <td>
                    {/* The unit counts as travelling once it accepted, but it has not left until
                        the responder pressed 出发: say "accepted" until then. */}
                    {unit.status === 'en_route' && accepted.has(unit.id) ? (
                      <span className="status-chip status-notified" data-badge="accepted">
                        {t('dispatcher.dispatch.status.accepted')}
                      </span>
                    ) : (
                      <span className={`status-chip status-${unit.status}`}>
                        {t(`unit.status.${unit.status}`)}
                      </span>
                    )}
                  </td>
                  <td className="num">
                    {statusSince ? formatElapsed(now - Date.parse(statusSince)) : '—'}
                  </td>
                  <td
                    className="where"
                    title={
                      w?.street && w.place
                        ? localName({ name: w.street, localNames: w.streetLocalNames }, locale)
                        : undefined
                    }
                  >
                    {place ??
                      (unit.position || table.hasPosition(table.rowOf(unit.id)!)
                        ? '…'
                        : t('dispatcher.board.noPosition'))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length === 0 && <p className="panel-empty small">{t('dispatcher.board.empty')}</p>}
        {rows.length > shown.length && (
          <p className="muted small board-more">
            {t('dispatcher.board.more', { shown: shown.length, count: rows.length })}
          </p>
        )}
      </div>
    </section>
  );
}
