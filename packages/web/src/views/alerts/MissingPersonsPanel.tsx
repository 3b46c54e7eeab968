import type { BroadcastPreviewView, OrgView, UnitView } from '@jiefang/contract';
import { rolesMay, type LonLat } from '@jiefang/core';
import { useCallback, useEffect, useState } from 'react';
import { fetchUnits } from '../../api/unit-api.ts';
import { useAccount, useSession } from '../../auth/SessionProvider.tsx';
import { formatClockTime, formatDateTime, formatElapsed } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AdminError } from '../admin/AdminError.tsx';
import { ConfirmDialog } from '../admin/ConfirmDialog.tsx';
import { PlaceSearch } from '../dispatcher/PlaceSearch.tsx';
import { OrgSelect } from './OrgSelect.tsx';
import { alertsApi, type MissingCaseRow } from './alerts-api.ts';
import { useLiveReload } from './use-live-reload.ts';

/** Assumed walking speeds (m/s): the search ring grows at this pace from the last sighting. */
const WALKING_SPEEDS = [
  ['adult', 1.2],
  ['elderly', 0.8],
  ['child', 0.6],
] as const;

/**
 * Missing persons, whole-city linkage: report a case (description, photo reference, last seen
 * place and time, walking speed), send the one key — asked first, naming every unit the ring
 * reaches now and who searches which sector — take sightings, and mark the person found (asked
 * first), with the time it took. New broadcasts and sightings arrive over the live socket.
 */
export function MissingPersonsPanel({ orgs }: { orgs: OrgView[] }) {
  const { t, locale, timeZone } = useI18n();
  const { api } = useSession();
  const account = useAccount();
  const [cases, setCases] = useState<MissingCaseRow[]>([]);
  const [units, setUnits] = useState<UnitView[]>([]);
  const [selectedId, setSelectedId] = useState<string>();
  const [error, setError] = useState<unknown>();
  const reload = useCallback(() => alertsApi.missingCases(api).then(setCases, setError), [api]);
  useEffect(() => {
    void reload();
    fetchUnits(api).then(setUnits, setError);
  }, [api, reload]);
  useLiveReload('missing_person', reload);
  const selected = cases.find((c) => c.id === selectedId);
  const unitName = (id: string) => units.find((u) => u.id === id)?.name ?? id;

  return (
    <div className="admin-split">
      <section className="admin-list" aria-labelledby="alerts-missing-title">
        <h2 id="alerts-missing-title">{t('alerts.missing.title')}</h2>
        <AdminError error={error} />
        {cases.length === 0 ? (
          <p className="panel-empty">{t('alerts.missing.empty')}</p>
        ) : (
          <table className="admin-table" data-testid="missing-cases">
            <thead>
              <tr>
                <th>{t('alerts.missing.lastSeen')}</th>
                <th>{t('alerts.missing.description')}</th>
                <th>{t('alerts.missing.search')}</th>
                <th>{t('alerts.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr
                  key={c.id}
                  data-case-id={c.id}
                  aria-selected={c.id === selectedId}
                  onClick={() => setSelectedId(c.id)}
                >
                  <td>{formatClockTime(c.lastSeen.at, locale, timeZone)}</td>
                  <td>{c.description}</td>
                  <td className="small">
                    {t('alerts.missing.counts', {
                      broadcasts: c.broadcasts.length,
                      sightings: c.sightings.length,
                    })}
                  </td>
                  <td data-status={c.status}>
                    {c.status === 'found' && c.timeToFindSeconds !== undefined
                      ? t('alerts.missing.foundAfter', {
                          elapsed: formatElapsed(c.timeToFindSeconds * 1000),
                        })
                      : t(`alerts.missing.status.${c.status}`)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="admin-detail">
        {selected ? (
          <CaseDetail
            key={`${selected.id}:${selected.version}`}
            value={selected}
            unitName={unitName}
            onChanged={() => void reload()}
            onClose={() => setSelectedId(undefined)}
          />
        ) : (
          rolesMay(account.roles, 'incident.create') && (
            <ReportForm
              orgs={orgs}
              onReported={(id) => {
                void reload();
                setSelectedId(id);
              }}
            />
          )
        )}
      </section>
    </div>
  );
}

function ReportForm({ orgs, onReported }: { orgs: OrgView[]; onReported: (id: string) => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const account = useAccount();
  const [description, setDescription] = useState('');
  const [photoRef, setPhotoRef] = useState('');
  const [place, setPlace] = useState<{ name: string; location: LonLat }>();
  const [minutesAgo, setMinutesAgo] = useState('30');
  const [speed, setSpeed] = useState<(typeof WALKING_SPEEDS)[number][0]>('elderly');
  const [orgId, setOrgId] = useState(account.orgId);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<unknown>();
  return (
    <form
      className="admin-form"
      data-testid="missing-form"
      onSubmit={(e) => {
        e.preventDefault();
        const id = `missing-${crypto.randomUUID().slice(0, 8)}`;
        const at = new Date(Date.now() - Number(minutesAgo) * 60_000);
        alertsApi
          .openMissing(
            api,
            {
              id,
              orgId,
              description: description.trim(),
              ...(photoRef.trim() ? { photoRef: photoRef.trim() } : {}),
              // Without a place the server names the field (lastSeen.location).
              lastSeen: {
                location: place?.location ?? { lon: Number.NaN, lat: Number.NaN },
                at: Number.isNaN(at.getTime()) ? '' : at.toISOString(),
              },
              walkingSpeedMps: WALKING_SPEEDS.find(([k]) => k === speed)?.[1] ?? 1.2,
            },
            key,
          )
          .then(() => {
            setKey(crypto.randomUUID());
            setDescription('');
            setPhotoRef('');
            onReported(id);
          }, setError);
      }}
    >
      <h2>{t('alerts.missing.new')}</h2>
      <label>
        {t('alerts.missing.description')}
        <input
          name="description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <label>
        {t('alerts.missing.photoRef')}
        <input name="photoRef" value={photoRef} onChange={(e) => setPhotoRef(e.target.value)} />
      </label>
      <PlaceSearch
        api={api}
        label={t('alerts.missing.lastSeenPlace')}
        onPick={(hit) => setPlace({ name: hit.name, location: { lon: hit.lon, lat: hit.lat } })}
      />
      {place && <small data-testid="missing-place">{place.name}</small>}
      <label>
        {t('alerts.missing.minutesAgo')}
        <input
          name="minutesAgo"
          inputMode="numeric"
          value={minutesAgo}
          onChange={(e) => setMinutesAgo(e.target.value)}
        />
      </label>
      <label>
        {t('alerts.missing.walkingSpeed')}
        <select
          name="walkingSpeed"
          value={speed}
          onChange={(e) =>
            setSpeed(WALKING_SPEEDS.find(([k]) => k === e.target.value)?.[0] ?? 'adult')
          }
        >
          {WALKING_SPEEDS.map(([k, mps]) => (
            <option key={k} value={k}>
              {t(`alerts.missing.speed.${k}`, { mps })}
            </option>
          ))}
        </select>
      </label>
      <OrgSelect name="orgId" orgs={orgs} value={orgId} onChange={setOrgId} />
      <button type="submit" className="primary-button">
        {t('alerts.missing.report')}
      </button>
      <AdminError error={error} />
    </form>
  );
}

function CaseDetail({
  value,
  unitName,
  onChanged,
  onClose,
}: {
  value: MissingCaseRow;
  unitName: (id: string) => string;
  onChanged: () => void;
  onClose: () => void;
}) {
  const { t, locale, timeZone } = useI18n();
  const { api } = useSession();
  const account = useAccount();
  const [preview, setPreview] = useState<BroadcastPreviewView>();
  const [confirmFound, setConfirmFound] = useState(false);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [sightingPlace, setSightingPlace] = useState<LonLat>();
  const [error, setError] = useState<unknown>();
  const open = value.status === 'open';
  const lastSighting = value.sightings.at(-1);
  const foundAt = lastSighting?.location ?? value.lastSeen.location;
  const act = (call: Promise<unknown>) => {
    setBusy(true);
    call
      .then(() => {
        setError(undefined);
        onChanged();
      }, setError)
      .finally(() => setBusy(false));
  };

  return (
    <div className="alerts-case" data-testid="missing-detail" data-case-id={value.id}>
      <h2>{value.description}</h2>
      <dl className="alerts-facts">
        <dt>{t('alerts.missing.lastSeen')}</dt>
        <dd>{formatDateTime(value.lastSeen.at, locale, timeZone)}</dd>
        {value.photoRef && (
          <>
            <dt>{t('alerts.missing.photoRef')}</dt>
            <dd>{value.photoRef}</dd>
          </>
        )}
        <dt>{t('alerts.col.status')}</dt>
        <dd>
          {value.status === 'found' && value.timeToFindSeconds !== undefined
            ? t('alerts.missing.foundAfter', {
                elapsed: formatElapsed(value.timeToFindSeconds * 1000),
              })
            : t(`alerts.missing.status.${value.status}`)}
        </dd>
      </dl>

      <h3>{t('alerts.missing.broadcasts')}</h3>
      {value.broadcasts.length === 0 ? (
        <p className="muted">{t('alerts.missing.noBroadcast')}</p>
      ) : (
        <ol className="alerts-timeline" data-testid="missing-broadcasts">
          {value.broadcasts.map((b) => (
            <li key={b.at}>
              <span className="muted">{formatClockTime(b.at, locale, timeZone)}</span>{' '}
              {t('alerts.missing.broadcastLine', {
                radius: b.radiusMetres,
                count: b.unitIds.length,
              })}
              <ul className="small">
                {b.sectors
                  .filter((s) => s.unitId)
                  .map((s) => (
                    <li key={s.index}>
                      {t('alerts.missing.sector', {
                        sector: s.index + 1,
                        unit: unitName(s.unitId ?? ''),
                        eta: formatElapsed((s.etaSeconds ?? 0) * 1000),
                      })}
                    </li>
                  ))}
              </ul>
            </li>
          ))}
        </ol>
      )}

      <h3>{t('alerts.missing.sightings')}</h3>
      {value.sightings.length === 0 ? (
        <p className="muted">{t('alerts.missing.noSightings')}</p>
      ) : (
        <ol className="alerts-timeline" data-testid="missing-sightings">
          {value.sightings.map((s) => (
            <li key={s.at}>
              <span className="muted">{formatClockTime(s.at, locale, timeZone)}</span>{' '}
              {s.unitId ? unitName(s.unitId) : ''} {s.note ?? ''}
            </li>
          ))}
        </ol>
      )}

      {open && rolesMay(account.roles, 'mobilise') && (
        <button
          type="button"
          className="primary-button"
          data-testid="missing-broadcast"
          disabled={busy}
          onClick={() => alertsApi.broadcastPreview(api, value.id).then(setPreview, setError)}
        >
          {t('alerts.missing.broadcast')}
        </button>
      )}
      {open && rolesMay(account.roles, 'incident.create') && (
        <form
          className="admin-form"
          onSubmit={(e) => {
            e.preventDefault();
            act(
              alertsApi.sighting(api, value.id, {
                location: sightingPlace ?? { lon: Number.NaN, lat: Number.NaN },
                ...(note.trim() ? { note: note.trim() } : {}),
              }),
            );
          }}
        >
          <h3>{t('alerts.missing.addSighting')}</h3>
          <PlaceSearch
            api={api}
            label={t('alerts.missing.sightingPlace')}
            onPick={(hit) => setSightingPlace({ lon: hit.lon, lat: hit.lat })}
          />
          <label>
            {t('alerts.missing.note')}
            <input name="note" value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit" className="ghost-button" disabled={busy}>
            {t('alerts.missing.addSighting')}
          </button>
        </form>
      )}
      {open && rolesMay(account.roles, 'incident.update') && (
        <button
          type="button"
          className="danger-button"
          disabled={busy}
          onClick={() => setConfirmFound(true)}
        >
          {t('alerts.missing.found')}
        </button>
      )}
      <button type="button" className="ghost-button" onClick={onClose}>
        {t('alerts.missing.back')}
      </button>
      <AdminError error={error} />

      {preview && (
        <ConfirmDialog
          title={t('alerts.missing.broadcastTitle')}
          confirmLabel={t('alerts.missing.broadcastConfirm', { count: preview.units.length })}
          busy={busy}
          onCancel={() => setPreview(undefined)}
          onConfirm={() => {
            setPreview(undefined);
            act(alertsApi.broadcast(api, value.id));
          }}
        >
          <p data-testid="broadcast-preview">
            {t('alerts.missing.broadcastWho', {
              count: preview.units.length,
              radius: preview.radiusMetres,
            })}
          </p>
          <ul className="alerts-preview-units small" data-testid="broadcast-units">
            {preview.units.map((u) => (
              <li key={u.id} data-unit-id={u.id}>
                {u.name}
              </li>
            ))}
          </ul>
          <ul className="small">
            {preview.sectors
              .filter((s) => s.unitId)
              .map((s) => (
                <li key={s.index}>
                  {t('alerts.missing.sector', {
                    sector: s.index + 1,
                    unit: preview.units.find((u) => u.id === s.unitId)?.name ?? s.unitId ?? '',
                    eta: formatElapsed((s.etaSeconds ?? 0) * 1000),
                  })}
                </li>
              ))}
          </ul>
        </ConfirmDialog>
      )}
      {confirmFound && (
        <ConfirmDialog
          title={t('alerts.missing.foundTitle')}
          confirmLabel={t('alerts.missing.found')}
          busy={busy}
          onCancel={() => setConfirmFound(false)}
          onConfirm={() => {
            setConfirmFound(false);
            act(alertsApi.found(api, value.id, foundAt));
          }}
        >
          <p>
            {lastSighting
              ? t('alerts.missing.foundAtSighting', {
                  time: formatClockTime(lastSighting.at, locale, timeZone),
                })
              : t('alerts.missing.foundAtLastSeen')}
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
