import { useI18n } from '../../i18n/I18nProvider.tsx';
import { COVERAGE_BAND_COLOURS } from '../../map/coverage-layer.ts';
import type { CoverageAnswer, IsochroneAnswer } from './dispatcher-api.ts';
import { profileKey } from './format.ts';

export interface LayerState<T> {
  on: boolean;
  data?: T;
  loading: boolean;
  error?: string;
}

export interface MapLayerControlsProps {
  coverage: LayerState<CoverageAnswer>;
  onToggleCoverage: () => void;
  isochrone: LayerState<IsochroneAnswer> & { unitName?: string };
  onClearIsochrone: () => void;
}

const pct = (share: number) => `${Math.round(share * 100)}%`;

/**
 * The dispatcher's layer switches over the map: 1-3-5 coverage (C) with the share of road
 * length each band reaches per network, and the isochrone of the selected unit.
 */
export function MapLayerControls({
  coverage,
  onToggleCoverage,
  isochrone,
  onClearIsochrone,
}: MapLayerControlsProps) {
  const { t } = useI18n();
  return (
    <section className="map-layers" aria-label={t('dispatcher.layers.title')}>
      <label className="layer-toggle">
        <input
          type="checkbox"
          checked={coverage.on}
          onChange={onToggleCoverage}
          data-testid="coverage-toggle"
        />
        <span>{t('dispatcher.layers.coverage')}</span>
        <kbd>C</kbd>
      </label>
      {coverage.on && (
        <div className="layer-detail" data-testid="coverage-detail">
          {coverage.loading && !coverage.data && (
            <span className="muted small">{t('common.loading')}</span>
          )}
          {coverage.error && <span className="layer-error small">{coverage.error}</span>}
          {coverage.data && (
            <>
              <ul className="band-legend">
                {([60, 180, 300] as const).map((band) => (
                  <li key={band}>
                    <span
                      className="band-swatch"
                      style={{ background: COVERAGE_BAND_COLOURS[band] }}
                    />
                    {t(`dispatcher.layers.band.${band}`)}
                  </li>
                ))}
              </ul>
              <span className="small">
                {t('dispatcher.layers.units', { count: coverage.data.unitCount })}
              </span>
              <table className="share-table">
                <thead>
                  <tr>
                    <th scope="col">
                      <span className="visually-hidden">{t('dispatcher.layers.network')}</span>
                    </th>
                    <th scope="col">1′</th>
                    <th scope="col">3′</th>
                    <th scope="col">5′</th>
                  </tr>
                </thead>
                <tbody>
                  {coverage.data.profiles.map((p) => (
                    <tr key={p.profile}>
                      <th scope="row">
                        {t(profileKey(p.profile))} · {p.unitCount}
                      </th>
                      {p.shares.map((s) => (
                        <td key={s.band}>{pct(s.share)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              <span className="muted small">{t('dispatcher.layers.shareNote')}</span>
            </>
          )}
        </div>
      )}
      {isochrone.on && (
        <div className="layer-detail isochrone-detail" data-testid="isochrone-detail">
          <div className="layer-row">
            <span className="band-swatch isochrone" />
            <span className="grow">
              {t('dispatcher.layers.isochrone', { unit: isochrone.unitName ?? '' })}
            </span>
            <button type="button" className="small-button" onClick={onClearIsochrone}>
              {t('common.close')}
            </button>
          </div>
          {isochrone.loading && !isochrone.data && (
            <span className="muted small">{t('common.loading')}</span>
          )}
          {isochrone.error && <span className="layer-error small">{isochrone.error}</span>}
          {isochrone.data && (
            <span className="muted small">
              {t(profileKey(isochrone.data.profile))} ·{' '}
              {isochrone.data.shares
                .map((s) => `${Math.round(s.band / 60) || '<1'}′ ${pct(s.share)}`)
                .join(' · ')}
            </span>
          )}
        </div>
      )}
    </section>
  );
}
