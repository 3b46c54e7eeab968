import { useEffect, useState } from 'react';
import type { ApiClient } from '../../api/api-client.ts';
import { describeApiError } from '../../api/describe-api-error.ts';
import type { UnitStatus } from '@jiefang/contract';
import type { Translate } from '../../i18n/i18n.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { localName } from '../../i18n/local-name.ts';
import { UNIT_STATUSES } from '../../live/unit-codes.ts';
import { useLiveBatch, useLiveStore } from '../../live/LiveProvider.tsx';
import { dispatcherApi, type MobilisationResult, type TalkGroup } from './dispatcher-api.ts';
import { unitName } from './dispatcher-hooks.ts';
import { MobiliseConfirm } from './MobiliseConfirm.tsx';

export interface TalkGroupsPanelProps {
  api: ApiClient;
  /** The incident a mobilisation goes to (the one selected in the queue). */
  incidentId: string | undefined;
  incidentLabel: string | undefined;
}

const UNIT_STATUS_SET = new Set<string>(UNIT_STATUSES);

/** The server's skip reasons in the console's language (unknown ones as they came). */
export function skipReason(t: Translate, reason: string): string {
  if (UNIT_STATUS_SET.has(reason)) return t(`unit.status.${reason as UnitStatus}`);
  switch (reason) {
    case 'already on this incident':
      return t('dispatcher.tg.skip.already');
    case 'department units take work orders':
      return t('dispatcher.tg.skip.department');
    case 'outside your org scope':
      return t('dispatcher.tg.skip.scope');
    case 'unknown unit':
      return t('dispatcher.tg.skip.unknown');
    case 'police floor':
      return t('dispatcher.tg.skip.floor');
    default:
      return reason;
  }
}

type Outcome =
  | { kind: 'mobilised'; groupId: string; result: MobilisationResult }
  | { kind: 'broadcast'; groupId: string; count: number }
  | { kind: 'error'; groupId: string; text: string };

/**
 * Talk groups (对讲频道) with their members and statuses; one click sends every available
 * member to the selected incident (一键调全警), showing who went and who was skipped and why;
 * a broadcast reaches every member's radio.
 */
export function TalkGroupsPanel({ api, incidentId, incidentLabel }: TalkGroupsPanelProps) {
  const { t, i18n, locale } = useI18n();
  const store = useLiveStore();
  useLiveBatch();
  const [groups, setGroups] = useState<TalkGroup[]>();
  const [error, setError] = useState<string>();
  const [open, setOpen] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [message, setMessage] = useState('');
  /** The group whose mobilisation waits for the dispatcher's confirmation. */
  const [confirming, setConfirming] = useState<string>();

  useEffect(() => {
    let live = true;
    dispatcherApi
      .talkGroups(api)
      .then((g) => live && setGroups(g))
      .catch((e: unknown) => live && setError(describeApiError(i18n, e)));
    return () => {
      live = false;
    };
  }, [api, i18n]);

  const mobilise = async (group: TalkGroup, floorOverride?: { reason: string }) => {
    if (!incidentId) return;
    setBusy(group.id);
    setOutcome(undefined);
    try {
      const result = await dispatcherApi.mobilise(api, group.id, incidentId, floorOverride);
      setConfirming(undefined);
      setOutcome({ kind: 'mobilised', groupId: group.id, result });
    } catch (e) {
      setOutcome({ kind: 'error', groupId: group.id, text: describeApiError(i18n, e) });
    } finally {
      setBusy(undefined);
    }
  };

  const broadcast = async (group: TalkGroup) => {
    const text = message.trim();
    if (!text) return;
    setBusy(group.id);
    setOutcome(undefined);
    try {
      const answer = await dispatcherApi.broadcast(api, group.id, text, incidentId);
      setOutcome({ kind: 'broadcast', groupId: group.id, count: answer.unitIds.length });
      setMessage('');
    } catch (e) {
      setOutcome({ kind: 'error', groupId: group.id, text: describeApiError(i18n, e) });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section className="panel talk-groups" aria-labelledby="tg-title">
      <header className="panel-header">
        <h2 id="tg-title">{t('dispatcher.tg.title')}</h2>
        <span className="panel-count">{groups?.length ?? ''}</span>
      </header>
      {error && <p className="form-error compact">{error}</p>}
      {!groups && !error && <p className="panel-empty small">{t('common.loading')}</p>}
      {groups?.length === 0 && <p className="panel-empty small">{t('dispatcher.tg.none')}</p>}
      <ul className="tg-list">
        {groups?.map((group) => {
          const available = group.unitIds.filter((id) => {
            const row = store.units.rowOf(id);
            return row !== undefined && store.units.views[row].status === 'available';
          }).length;
          const expanded = open === group.id;
          const result = outcome?.groupId === group.id ? outcome : undefined;
          return (
            <li key={group.id} className="tg-item" data-talk-group={group.id}>
              <div className="tg-head">
                <button
                  type="button"
                  className="link-button tg-name"
                  aria-expanded={expanded}
                  onClick={() => setOpen(expanded ? undefined : group.id)}
                >
                  {localName(group, locale)}
                </button>
                <span className="muted small">
                  {group.channel ? `${group.channel} · ` : ''}
                  {t('dispatcher.tg.members', { count: group.unitIds.length, available })}
                </span>
              </div>
              <div className="button-row">
                <button
                  type="button"
                  className="small-button warn"
                  disabled={!incidentId || busy !== undefined}
                  title={
                    incidentLabel
                      ? t('dispatcher.tg.mobiliseTo', { incident: incidentLabel })
                      : t('dispatcher.tg.selectFirst')
                  }
                  aria-expanded={confirming === group.id}
                  onClick={() => {
                    setOutcome(undefined);
                    setConfirming(group.id);
                  }}
                >
                  {t('dispatcher.tg.mobilise')}
                </button>
                <form
                  className="inline-form grow"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void broadcast(group);
                  }}
                >
                  <input
                    aria-label={t('dispatcher.tg.message')}
                    placeholder={t('dispatcher.tg.message')}
                    value={open === group.id || groups.length === 1 ? message : ''}
                    onFocus={() => setOpen(group.id)}
                    onChange={(e) => setMessage(e.target.value)}
                    maxLength={500}
                  />
                  <button
                    type="submit"
                    className="small-button"
                    disabled={busy !== undefined || message.trim() === ''}
                  >
                    {t('dispatcher.tg.broadcast')}
                  </button>
                </form>
              </div>
              {confirming === group.id && incidentId && (
                <MobiliseConfirm
                  api={api}
                  group={group}
                  incidentId={incidentId}
                  incidentLabel={incidentLabel}
                  busy={busy !== undefined}
                  onConfirm={(floorOverride) => void mobilise(group, floorOverride)}
                  onCancel={() => setConfirming(undefined)}
                />
              )}
              {result?.kind === 'mobilised' && (
                <div className="form-notice compact" role="status">
                  {t('dispatcher.tg.mobilised', {
                    sent: result.result.dispatched.length,
                    skipped: result.result.skipped.length,
                  })}
                  {result.result.dispatched.length > 0 && (
                    <div className="small">
                      {result.result.dispatched
                        .map((d) => unitName(store, d.unitId, locale))
                        .join(', ')}
                    </div>
                  )}
                  {result.result.skipped.length > 0 && (
                    <ul className="tg-skipped small">
                      {result.result.skipped.map((s) => (
                        <li key={s.unitId}>
                          {unitName(store, s.unitId, locale)} — {skipReason(t, s.reason)}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              )}
              {result?.kind === 'broadcast' && (
                <p className="form-notice compact" role="status">
                  {t('dispatcher.tg.sent', { count: result.count })}
                </p>
              )}
              {result?.kind === 'error' && <p className="form-error compact">{result.text}</p>}
              {expanded && (
                <ul className="tg-members">
                  {group.unitIds.map((id) => {
                    const row = store.units.rowOf(id);
                    const view = row === undefined ? undefined : store.units.views[row];
                    return (
                      <li key={id}>
                        <span>{view ? localName(view, locale) : id}</span>
                        {view && (
                          <span className={`status-chip status-${view.status}`}>
                            {t(`unit.status.${view.status}`)}
                          </span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
