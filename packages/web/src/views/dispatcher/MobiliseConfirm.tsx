import { useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../../api/api-client.ts';
import type { UnitKind } from '@jiefang/contract';
import { describeApiError } from '../../api/describe-api-error.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { localName } from '../../i18n/local-name.ts';
import { dispatcherApi, type MobilisationPreview, type TalkGroup } from './dispatcher-api.ts';

export interface MobiliseConfirmProps {
  api: ApiClient;
  group: TalkGroup;
  incidentId: string;
  incidentLabel: string | undefined;
  busy: boolean;
  onConfirm: (floorOverride: { reason: string } | undefined) => void;
  onCancel: () => void;
}

/**
 * Before 一键调警 sends anyone: how many units of which kinds leave which areas, the police each
 * area keeps, and — only when asked, with a reason the server audits — going below the floor.
 */
export function MobiliseConfirm({
  api,
  group,
  incidentId,
  incidentLabel,
  busy,
  onConfirm,
  onCancel,
}: MobiliseConfirmProps) {
  const { t, i18n, locale } = useI18n();
  const [preview, setPreview] = useState<MobilisationPreview>();
  const [error, setError] = useState<string>();
  const [override, setOverride] = useState(false);
  const [reason, setReason] = useState('');
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    dispatcherApi
      .mobilisePreview(api, group.id, incidentId, controller.signal)
      .then(setPreview)
      .catch((e: unknown) => !controller.signal.aborted && setError(describeApiError(i18n, e)));
    return () => controller.abort();
  }, [api, i18n, group.id, incidentId]);

  // The talk groups sit low on the screen: bring the question and its buttons into view.
  // (Braces: Chromium's scrollIntoView now returns a promise, which React would take for a cleanup.)
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: 'nearest' });
  }, [preview]);

  const held = preview ? preview.totalWithoutFloor - preview.total : 0;
  const count = preview ? (override ? preview.totalWithoutFloor : preview.total) : 0;
  const ready = preview !== undefined && count > 0 && (!override || reason.trim() !== '');

  return (
    <div
      ref={box}
      className="mobilise-confirm"
      role="dialog"
      aria-label={t('mobilise.title', { group: localName(group, locale) })}
      data-testid="mobilise-confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <strong>{t('mobilise.title', { group: localName(group, locale) })}</strong>
      {error && <p className="form-error compact">{error}</p>}
      {!preview && !error && <p className="muted small">{t('mobilise.loading')}</p>}
      {preview && (
        <>
          <p className="small">
            {preview.total === 0 && held === 0
              ? t('mobilise.none')
              : t('mobilise.summary', { count, incident: incidentLabel ?? incidentId })}
          </p>
          <ul className="mobilise-areas small" data-testid="mobilise-areas">
            {preview.areas.map((area) => (
              <li key={area.orgId} data-area={area.orgId}>
                <span>
                  {t('mobilise.area', {
                    area: localName({ name: area.orgName, localNames: area.orgLocalNames }, locale),
                    kinds:
                      Object.entries(area.leaving)
                        .map(([kind, n]) =>
                          t('mobilise.kindCount', {
                            count: n,
                            kind: t(`unit.kind.${kind as UnitKind}`),
                          }),
                        )
                        .join('，') || '—',
                  })}
                </span>
                {area.policeAvailableBefore > 0 && (
                  <span className="muted">
                    {' · '}
                    {t('mobilise.keeps', {
                      after: area.policeAvailableAfter,
                      before: area.policeAvailableBefore,
                    })}
                  </span>
                )}
              </li>
            ))}
          </ul>
          {held > 0 && (
            <div className="mobilise-floor">
              <p className="small warn-text" data-testid="mobilise-held">
                {t('mobilise.held', { count: held, floor: preview.floor })}
              </p>
              <label className="small">
                <input
                  type="checkbox"
                  checked={override}
                  onChange={(e) => setOverride(e.target.checked)}
                />{' '}
                {t('mobilise.override', { count: held })}
              </label>
              {override && (
                <input
                  aria-label={t('mobilise.reason')}
                  placeholder={t('mobilise.reason')}
                  value={reason}
                  maxLength={500}
                  onChange={(e) => setReason(e.target.value)}
                  autoFocus
                />
              )}
            </div>
          )}
        </>
      )}
      <div className="button-row">
        <button
          type="button"
          className="small-button warn"
          disabled={!ready || busy}
          onClick={() => onConfirm(override ? { reason: reason.trim() } : undefined)}
        >
          {t('mobilise.confirm', { count })}
        </button>
        <button type="button" className="small-button" onClick={onCancel}>
          {t('mobilise.cancel')}
        </button>
      </div>
    </div>
  );
}
