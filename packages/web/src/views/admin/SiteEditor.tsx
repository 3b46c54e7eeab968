import { haversineMetres, SITE_KINDS } from '@jiefang/core';
import type { SiteView, UpdateSite } from '@jiefang/contract';
import { useState } from 'react';
import { useSession } from '../../auth/SessionProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AdminError } from './AdminError.tsx';
import { adminApi } from './admin-api.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';

/**
 * One site: its name, kind, address and location. Only what changed is sent; moving it asks
 * first (a slipped digit puts a mall in another district). The server checks the scope and
 * that the place lies in the loaded city.
 */
export function SiteEditor({
  site,
  onSaved,
}: {
  site: SiteView;
  onSaved: (site: SiteView) => void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const [name, setName] = useState(site.name);
  const [kind, setKind] = useState(site.kind);
  const [address, setAddress] = useState(site.address ?? '');
  const [lon, setLon] = useState(String(site.location.lon));
  const [lat, setLat] = useState(String(site.location.lat));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const changes: UpdateSite = {};
  if (name !== site.name) changes.name = name.trim();
  const siteKind = SITE_KINDS.find((k) => k === kind);
  if (siteKind && kind !== site.kind) changes.kind = siteKind;
  if (address !== (site.address ?? '')) changes.address = address.trim();
  // An emptied coordinate is sent as null: the server names the field.
  const location = {
    lon: lon.trim() === '' ? Number.NaN : Number(lon),
    lat: lat.trim() === '' ? Number.NaN : Number(lat),
  };
  const moved = location.lon !== site.location.lon || location.lat !== site.location.lat;
  if (moved) changes.location = location;
  const metres = moved
    ? Math.round(haversineMetres(site.location.lon, site.location.lat, location.lon, location.lat))
    : 0;

  const save = () => {
    setBusy(true);
    setError(undefined);
    adminApi
      .updateSite(api, site, changes)
      .then(onSaved, setError)
      .finally(() => {
        setBusy(false);
        setConfirming(false);
      });
  };

  return (
    <form
      className="admin-form"
      data-testid="admin-site-editor"
      onSubmit={(e) => {
        e.preventDefault();
        // The last refusal is about the last attempt: it goes while the move is asked about.
        setError(undefined);
        if (moved && Number.isFinite(metres)) setConfirming(true);
        else save();
      }}
    >
      <h2>{t('admin.sites.edit', { name: site.name })}</h2>
      <label>
        {t('admin.field.name')}
        <input
          name="siteName"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label>
        {t('admin.field.kind')}
        <select name="siteKind" value={kind} onChange={(e) => setKind(e.target.value)}>
          {SITE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`admin.siteKind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.field.address')}
        <input
          name="siteAddress"
          value={address}
          maxLength={300}
          onChange={(e) => setAddress(e.target.value)}
        />
      </label>
      <fieldset className="admin-inline">
        <legend>{t('admin.field.location')}</legend>
        <label>
          {t('admin.field.lon')}
          <input
            name="siteLon"
            inputMode="decimal"
            value={lon}
            onChange={(e) => setLon(e.target.value)}
          />
        </label>
        <label>
          {t('admin.field.lat')}
          <input
            name="siteLat"
            inputMode="decimal"
            value={lat}
            onChange={(e) => setLat(e.target.value)}
          />
        </label>
      </fieldset>
      <AdminError error={error} />
      <div className="admin-actions">
        <button
          type="submit"
          className="primary-button"
          disabled={busy || Object.keys(changes).length === 0}
        >
          {t('admin.save')}
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={t('admin.confirm.moveSite.title', { name: site.name })}
          confirmLabel={t('admin.confirm.moveSite.action')}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={save}
        >
          <p>{t('admin.confirm.moveSite.body', { metres })}</p>
        </ConfirmDialog>
      )}
    </form>
  );
}
