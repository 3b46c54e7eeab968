import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useLiveBatch, useLiveStore } from '../../live/LiveProvider.tsx';
import { UNIT_KINDS, UNIT_STATUSES } from '../../live/unit-codes.ts';
import { UNIT_STATUS_COLOURS } from '../../map/map-palette.ts';

/** Units per kind and status, from the live store's typed arrays (the seed of the status board). */
export function UnitStatusSummary() {
  const { t } = useI18n();
  const store = useLiveStore();
  useLiveBatch();
  const table = store.units;
  const counts = UNIT_KINDS.map(() => UNIT_STATUSES.map(() => 0));
  for (let row = 0; row < table.count; row++) {
    const kind = table.kind[row];
    const status = table.status[row];
    if (kind < counts.length && status < UNIT_STATUSES.length) counts[kind][status]++;
  }
  const kinds = UNIT_KINDS.map((kind, k) => ({ kind, counts: counts[k] })).filter((row) =>
    row.counts.some((n) => n > 0),
  );
  return (
    <section className="panel" aria-labelledby="board-title">
      <header className="panel-header">
        <h2 id="board-title">{t('dispatcher.board.title')}</h2>
        <span className="panel-count">{t('dispatcher.board.total', { count: table.count })}</span>
      </header>
      <table className="status-table">
        <thead>
          <tr>
            <th />
            {UNIT_STATUSES.map((status) => (
              <th key={status} scope="col" title={t(`unit.status.${status}`)}>
                <span
                  className="swatch ring small"
                  style={{ borderColor: UNIT_STATUS_COLOURS[status] }}
                />
                {t(`unit.status.${status}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {kinds.map((row) => (
            <tr key={row.kind}>
              <th scope="row">{t(`unit.kind.${row.kind}`)}</th>
              {row.counts.map((n, s) => (
                <td key={s} className={n === 0 ? 'is-zero' : undefined}>
                  {n}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
