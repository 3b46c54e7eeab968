import type { OrgView, PartnerKeyIssuedView, PartnerListItem } from '@jiefang/contract';
import { PARTNER_KINDS, type PartnerKind } from '@jiefang/core';
import { useCallback, useEffect, useState } from 'react';
import { useAccount, useSession } from '../../auth/SessionProvider.tsx';
import { formatDateTime } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AdminError } from '../admin/AdminError.tsx';
import { ConfirmDialog } from '../admin/ConfirmDialog.tsx';
import { OrgSelect } from './OrgSelect.tsx';
import { alertsApi } from './alerts-api.ts';

/**
 * Partner platforms (camera analytics, campus gates, public-post monitors, other CADs) of the
 * admin's scope: register one, rotate its signing key (asked first: the old key stops after the
 * overlap). A new secret is shown once, here, and never again.
 */
export function PartnersPanel({ orgs }: { orgs: OrgView[] }) {
  const { t, locale, timeZone } = useI18n();
  const { api } = useSession();
  const account = useAccount();
  const [partners, setPartners] = useState<PartnerListItem[]>([]);
  const [error, setError] = useState<unknown>();
  const [issued, setIssued] = useState<PartnerKeyIssuedView>();
  const [rotating, setRotating] = useState<PartnerListItem>();
  const [overlapMinutes, setOverlapMinutes] = useState('60');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<PartnerKind>('camera');
  const [orgId, setOrgId] = useState(account.orgId);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const reload = useCallback(() => alertsApi.partners(api).then(setPartners, setError), [api]);
  useEffect(() => void reload(), [reload]);

  const shown = (answer: PartnerKeyIssuedView) => {
    setIssued(answer);
    setError(undefined);
    void reload();
  };

  return (
    <div className="admin-split">
      <section className="admin-list" aria-labelledby="alerts-partners-title">
        <h2 id="alerts-partners-title">{t('alerts.partners.title')}</h2>
        {partners.length === 0 ? (
          <p className="panel-empty">{t('alerts.partners.empty')}</p>
        ) : (
          <table className="admin-table" data-testid="partners">
            <thead>
              <tr>
                <th>{t('alerts.field.name')}</th>
                <th>{t('alerts.field.kind')}</th>
                <th>{t('alerts.partners.keys')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {partners.map((partner) => (
                <tr key={partner.id} data-partner-id={partner.id}>
                  <td>
                    <strong>{partner.name}</strong>
                    <div className="muted small">
                      {orgs.find((o) => o.id === partner.orgId)?.name ?? partner.orgId} ·{' '}
                      {t('alerts.partners.zones', { count: partner.zones.length })}
                    </div>
                  </td>
                  <td>{t(`alerts.partnerKind.${kindOf(partner.kind)}`)}</td>
                  <td className="small">
                    {partner.keys.map((k) => (
                      <div key={k.keyId}>
                        <code>{k.keyId}</code>{' '}
                        <span className="muted">
                          {k.notAfter
                            ? t('alerts.partners.validUntil', {
                                time: formatDateTime(k.notAfter, locale, timeZone),
                              })
                            : t('alerts.partners.since', {
                                time: formatDateTime(k.createdAt, locale, timeZone),
                              })}
                        </span>
                      </div>
                    ))}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link-button small"
                      onClick={() => setRotating(partner)}
                    >
                      {t('alerts.partners.rotate')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="admin-detail">
        {issued && (
          <div className="alerts-secret" role="status" data-testid="partner-secret">
            <h3>{t('alerts.partners.secretTitle', { name: issued.partner.name })}</h3>
            <p>{t('alerts.partners.secretOnce')}</p>
            <dl className="alerts-facts">
              <dt>{t('alerts.partners.keyId')}</dt>
              <dd>
                <code>{issued.keyId}</code>
              </dd>
              <dt>{t('alerts.partners.secret')}</dt>
              <dd>
                <code className="alerts-secret-value">{issued.secret}</code>
              </dd>
            </dl>
            <button type="button" className="ghost-button" onClick={() => setIssued(undefined)}>
              {t('alerts.partners.secretDone')}
            </button>
          </div>
        )}
        <form
          className="admin-form"
          data-testid="partner-form"
          onSubmit={(e) => {
            e.preventDefault();
            const id = `partner-${crypto.randomUUID().slice(0, 8)}`;
            alertsApi
              .registerPartner(api, { id, orgId, name: name.trim(), kind, zones: [] }, key)
              .then((answer) => {
                setName('');
                setKey(crypto.randomUUID());
                shown(answer);
              }, setError);
          }}
        >
          <h2>{t('alerts.partners.new')}</h2>
          <label>
            {t('alerts.field.name')}
            <input name="name" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            {t('alerts.field.kind')}
            <select
              name="kind"
              value={kind}
              onChange={(e) => setKind(PARTNER_KINDS.find((k) => k === e.target.value) ?? 'camera')}
            >
              {PARTNER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`alerts.partnerKind.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <OrgSelect name="orgId" orgs={orgs} value={orgId} onChange={setOrgId} />
          <small className="muted">{t('alerts.partners.zonesHint')}</small>
          <button type="submit" className="primary-button">
            {t('alerts.partners.register')}
          </button>
        </form>
        <AdminError error={error} />
      </section>
      {rotating && (
        <ConfirmDialog
          title={t('alerts.partners.rotateTitle', { name: rotating.name })}
          confirmLabel={t('alerts.partners.rotate')}
          onCancel={() => setRotating(undefined)}
          onConfirm={() => {
            const partner = rotating;
            setRotating(undefined);
            alertsApi
              .rotateKey(api, partner.id, Math.round(Number(overlapMinutes) * 60))
              .then(shown, setError);
          }}
        >
          <p>{t('alerts.partners.rotateBody')}</p>
          <label>
            {t('alerts.partners.overlap')}
            <input
              name="overlapMinutes"
              inputMode="numeric"
              value={overlapMinutes}
              onChange={(e) => setOverlapMinutes(e.target.value)}
            />
          </label>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** The API's kind as one of core's (a kind this console does not know shows as CAD). */
function kindOf(kind: string): PartnerKind {
  return PARTNER_KINDS.find((k) => k === kind) ?? 'cad';
}
