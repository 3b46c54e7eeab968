import type { AssistRequestView, OrgView, UnitView } from '@jiefang/contract';
import {
  ASSIST_KINDS,
  ASSIST_LEVELS,
  rolesMay,
  type AssistKind,
  type AssistLevel,
} from '@jiefang/core';
import { useCallback, useEffect, useState } from 'react';
import { fetchUnits } from '../../api/unit-api.ts';
import { useAccount, useSession } from '../../auth/SessionProvider.tsx';
import { formatClockTime } from '../../i18n/format-time.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AdminError } from '../admin/AdminError.tsx';
import { ConfirmDialog } from '../admin/ConfirmDialog.tsx';
import { OrgSelect } from './OrgSelect.tsx';
import { alertsApi } from './alerts-api.ts';

/** Assist requests are not on the live socket (each side sees its own part): read this often. */
const REFRESH_MS = 10_000;

type Recipient = AssistRequestView['recipients'][number];

/** Whether `orgId` lies in the subtree of `rootId` (the org list names every org's parent). */
function within(orgs: readonly OrgView[], orgId: string, rootId: string): boolean {
  const parents = new Map(orgs.map((o) => [o.id, o.parentId]));
  for (let at: string | null | undefined = orgId; at; at = parents.get(at)) {
    if (at === rootId) return true;
  }
  return false;
}

/**
 * "One point asks, the whole network answers": requests this centre sent (who was asked, who
 * acknowledged and answered what and when, the units lent, close — asked first) and requests
 * asked of it (acknowledge, answer accept or decline, lend its own units). A new request goes
 * to a named org, the parent, or every centre of a level, with a deadline before it climbs.
 */
export function AssistPanel({ orgs }: { orgs: OrgView[] }) {
  const { t } = useI18n();
  const { api } = useSession();
  const account = useAccount();
  const [requests, setRequests] = useState<AssistRequestView[]>([]);
  const [units, setUnits] = useState<UnitView[]>([]);
  const [error, setError] = useState<unknown>();
  const reload = useCallback(
    () => alertsApi.assistRequests(api).then(setRequests, setError),
    [api],
  );
  useEffect(() => {
    void reload();
    fetchUnits(api).then(setUnits, () => setUnits([]));
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [api, reload]);
  const mine = (orgId: string) => within(orgs, orgId, account.orgId);
  const outgoing = requests.filter((r) => mine(r.fromOrgId));
  const incoming = requests.filter((r) => r.recipients.some((x) => mine(x.orgId)));

  return (
    <div className="admin-split">
      <section className="admin-list">
        <AdminError error={error} />
        <h2>{t('alerts.assist.incoming')}</h2>
        {incoming.length === 0 ? (
          <p className="panel-empty">{t('alerts.assist.noneIncoming')}</p>
        ) : (
          incoming.map((request) => (
            <AssistCard
              key={`${request.id}:${request.version}`}
              request={request}
              side="incoming"
              isMine={mine}
              units={units}
              onChanged={() => void reload()}
            />
          ))
        )}
        <h2>{t('alerts.assist.outgoing')}</h2>
        {outgoing.length === 0 ? (
          <p className="panel-empty">{t('alerts.assist.noneOutgoing')}</p>
        ) : (
          outgoing.map((request) => (
            <AssistCard
              key={`${request.id}:${request.version}`}
              request={request}
              side="outgoing"
              isMine={mine}
              units={units}
              onChanged={() => void reload()}
            />
          ))
        )}
      </section>
      <section className="admin-detail">
        <AskForm orgs={orgs} onAsked={() => void reload()} />
      </section>
    </div>
  );
}

function AskForm({ orgs, onAsked }: { orgs: OrgView[]; onAsked: () => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const account = useAccount();
  const [kind, setKind] = useState<AssistKind>('lookup');
  const [text, setText] = useState('');
  const [targetType, setTargetType] = useState<'parent' | 'org' | 'level'>('parent');
  const [targetOrg, setTargetOrg] = useState('');
  const [level, setLevel] = useState<AssistLevel>('district');
  const [minutes, setMinutes] = useState('10');
  const [incidentId, setIncidentId] = useState('');
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const others = orgs.filter((o) => o.id !== account.orgId && o.kind !== 'department');
  return (
    <form
      className="admin-form"
      data-testid="assist-form"
      onSubmit={(e) => {
        e.preventDefault();
        const target =
          targetType === 'parent'
            ? ({ type: 'parent' } as const)
            : targetType === 'org'
              ? ({ type: 'org', orgId: targetOrg || (others[0]?.id ?? '') } as const)
              : ({ type: 'level', kind: level } as const);
        alertsApi
          .askForHelp(
            api,
            {
              fromOrgId: account.orgId,
              kind,
              text: text.trim(),
              target,
              deadlineSeconds: Math.round(Number(minutes) * 60),
              ...(incidentId.trim() ? { incidentId: incidentId.trim() } : {}),
            },
            key,
          )
          .then(() => {
            setKey(crypto.randomUUID());
            setText('');
            setError(undefined);
            setNotice(t('alerts.assist.sent'));
            onAsked();
          }, setError);
      }}
    >
      <h2>{t('alerts.assist.new')}</h2>
      {notice && (
        <p className="form-notice" role="status">
          {notice}
        </p>
      )}
      <label>
        {t('alerts.field.kind')}
        <select
          name="kind"
          value={kind}
          onChange={(e) => setKind(ASSIST_KINDS.find((k) => k === e.target.value) ?? 'lookup')}
        >
          {ASSIST_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`alerts.assist.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('alerts.assist.text')}
        <input name="text" value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <label>
        {t('alerts.assist.target')}
        <select
          name="targetType"
          value={targetType}
          onChange={(e) =>
            setTargetType(
              e.target.value === 'org' ? 'org' : e.target.value === 'level' ? 'level' : 'parent',
            )
          }
        >
          <option value="parent">{t('alerts.assist.target.parent')}</option>
          <option value="org">{t('alerts.assist.target.org')}</option>
          <option value="level">{t('alerts.assist.target.level')}</option>
        </select>
      </label>
      {targetType === 'org' && (
        <OrgSelect name="targetOrg" orgs={others} value={targetOrg} onChange={setTargetOrg} />
      )}
      {targetType === 'level' && (
        <label>
          {t('alerts.assist.level')}
          <select
            name="level"
            value={level}
            onChange={(e) =>
              setLevel(ASSIST_LEVELS.find((l) => l === e.target.value) ?? 'district')
            }
          >
            {ASSIST_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`alerts.assist.levelName.${l}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('alerts.assist.deadline')}
        <input
          name="deadlineMinutes"
          inputMode="numeric"
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
        />
      </label>
      <label>
        {t('alerts.assist.incident')}
        <input
          name="incidentId"
          value={incidentId}
          onChange={(e) => setIncidentId(e.target.value)}
        />
      </label>
      <button type="submit" className="primary-button">
        {t('alerts.assist.ask')}
      </button>
      <AdminError error={error} />
    </form>
  );
}

function AssistCard({
  request,
  side,
  isMine,
  units,
  onChanged,
}: {
  request: AssistRequestView;
  side: 'incoming' | 'outgoing';
  isMine: (orgId: string) => boolean;
  units: UnitView[];
  onChanged: () => void;
}) {
  const { t, locale, timeZone } = useI18n();
  const { api } = useSession();
  const account = useAccount();
  const [closing, setClosing] = useState(false);
  const [error, setError] = useState<unknown>();
  const time = (iso: string) => formatClockTime(iso, locale, timeZone);
  const act = (call: Promise<unknown>) => call.then(onChanged, setError);
  const mayAnswer = rolesMay(account.roles, 'assist.answer');

  return (
    <article
      className="alerts-assist"
      data-testid="assist-request"
      data-assist-id={request.id}
      data-side={side}
    >
      <header>
        <strong>{t(`alerts.assist.kind.${request.kind}`)}</strong> · {request.fromOrgName} ·{' '}
        {time(request.createdAt)}{' '}
        <span className="admin-badge">{t(`alerts.assist.status.${request.status}`)}</span>
      </header>
      <p>{request.text}</p>
      <ul className="alerts-recipients small">
        {request.recipients.map((r) => (
          <li key={`${r.orgId}:${r.round}`} data-org-id={r.orgId}>
            <strong>{r.orgName}</strong>{' '}
            {r.answer
              ? t('alerts.assist.answered', {
                  decision: t(`alerts.assist.decision.${r.answer.decision}`),
                  time: time(r.answer.at),
                  text: r.answer.text,
                })
              : r.acknowledgedAt
                ? t('alerts.assist.acknowledged', { time: time(r.acknowledgedAt) })
                : r.escalatedAt
                  ? t('alerts.assist.escalated', { time: time(r.escalatedAt) })
                  : t('alerts.assist.waiting', { time: time(r.deadline) })}
            {side === 'incoming' &&
              request.status === 'open' &&
              mayAnswer &&
              isMine(r.orgId) &&
              !r.answer && (
                <RecipientActions
                  request={request}
                  recipient={r}
                  units={units.filter((u) => isUnitOf(u, r.orgId, isMine))}
                  onDone={onChanged}
                  onError={setError}
                />
              )}
          </li>
        ))}
      </ul>
      {request.lentUnits.length > 0 && (
        <p className="small">
          {t('alerts.assist.lent')}{' '}
          {request.lentUnits
            .map((u) =>
              u.dispatchStatus
                ? `${u.unitName} (${t(`dispatcher.dispatch.status.${u.dispatchStatus}`)})`
                : u.unitName,
            )
            .join(t('alerts.listSeparator'))}
        </p>
      )}
      {side === 'outgoing' && request.status === 'open' && (
        <button type="button" className="link-button small" onClick={() => setClosing(true)}>
          {t('alerts.assist.close')}
        </button>
      )}
      <AdminError error={error} />
      {closing && (
        <ConfirmDialog
          title={t('alerts.assist.closeTitle')}
          confirmLabel={t('alerts.assist.close')}
          onCancel={() => setClosing(false)}
          onConfirm={() => {
            setClosing(false);
            void act(alertsApi.closeAssist(api, request.id));
          }}
        >
          <p>{t('alerts.assist.closeBody')}</p>
        </ConfirmDialog>
      )}
    </article>
  );
}

/** A unit the asked org may lend: its own (the server checks dispatch.create on each). */
function isUnitOf(unit: UnitView, orgId: string, isMine: (orgId: string) => boolean) {
  return unit.orgId === orgId && isMine(unit.orgId) && unit.status === 'available';
}

function RecipientActions({
  request,
  recipient,
  units,
  onDone,
  onError,
}: {
  request: AssistRequestView;
  recipient: Recipient;
  units: UnitView[];
  onDone: () => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const [decision, setDecision] = useState<'accept' | 'decline'>('accept');
  const [text, setText] = useState('');
  const [lent, setLent] = useState<string[]>([]);
  return (
    <div className="alerts-answer">
      {!recipient.acknowledgedAt && (
        <button
          type="button"
          className="ghost-button"
          onClick={() =>
            alertsApi.acknowledge(api, request.id, recipient.orgId).then(onDone, onError)
          }
        >
          {t('alerts.assist.acknowledge')}
        </button>
      )}
      <form
        className="admin-inline"
        onSubmit={(e) => {
          e.preventDefault();
          alertsApi
            .answer(api, request.id, {
              orgId: recipient.orgId,
              decision,
              text: text.trim(),
              ...(decision === 'accept' && lent.length > 0 ? { unitIds: lent } : {}),
            })
            .then(onDone, onError);
        }}
      >
        <select
          name="decision"
          aria-label={t('alerts.assist.decision')}
          value={decision}
          onChange={(e) => setDecision(e.target.value === 'decline' ? 'decline' : 'accept')}
        >
          <option value="accept">{t('alerts.assist.decision.accept')}</option>
          <option value="decline">{t('alerts.assist.decision.decline')}</option>
        </select>
        <input
          name="answer"
          aria-label={t('alerts.assist.answerText')}
          placeholder={t('alerts.assist.answerText')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        {decision === 'accept' &&
          request.incidentId &&
          units.map((u) => (
            <label key={u.id}>
              <input
                type="checkbox"
                checked={lent.includes(u.id)}
                onChange={(e) =>
                  setLent(e.target.checked ? [...lent, u.id] : lent.filter((id) => id !== u.id))
                }
              />
              {u.name}
            </label>
          ))}
        <button type="submit" className="primary-button">
          {t('alerts.assist.answer')}
        </button>
      </form>
    </div>
  );
}
