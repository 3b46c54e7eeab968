import type { Catalogue, PlanBody, PlanView } from '@jiefang/contract';
import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../auth/SessionProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { planName } from '../../i18n/seeded-names.ts';
import { AdminError } from './AdminError.tsx';
import { AdminNotice } from './AdminNotice.tsx';
import { adminApi } from './admin-api.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';

const PRIORITIES = [1, 2, 3, 4] as const;

/** Response plans: which tiers, how fast, how many units of which kinds; retire with a reason. */
export function PlansPanel({ catalogue }: { catalogue: Catalogue | undefined }) {
  const { t, i18n, locale } = useI18n();
  const { api } = useSession();
  const [plans, setPlans] = useState<PlanView[]>([]);
  const [selectedId, setSelectedId] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const reload = useCallback(() => adminApi.plans(api).then(setPlans, setError), [api]);
  useEffect(() => void reload(), [reload]);
  const categoryName = (code: string) => {
    if (code === '*') return t('admin.plans.anyCategory');
    const category = catalogue?.categories.find((c) => c.code === code);
    return category ? (locale === 'zh-CN' ? category.names.zh : category.names.en) : code;
  };
  const selected = plans.find((p) => p.id === selectedId);

  return (
    <div className="admin-split">
      <section className="admin-list" aria-labelledby="admin-plans-title">
        <h2 id="admin-plans-title">{t('admin.plans.title')}</h2>
        <p className="muted small">{t('admin.plans.intro')}</p>
        <table className="admin-table" data-testid="admin-plans">
          <thead>
            <tr>
              <th>{t('admin.field.name')}</th>
              <th>{t('admin.field.categoryCode')}</th>
              <th>{t('admin.field.priorities')}</th>
              <th>{t('admin.plans.tiers')}</th>
            </tr>
          </thead>
          <tbody>
            {plans.map((plan) => (
              <tr
                key={plan.id}
                data-plan-id={plan.id}
                aria-selected={plan.id === selectedId}
                onClick={() => {
                  setSelectedId(plan.id);
                  setNotice(undefined);
                  setError(undefined);
                }}
              >
                <td>
                  <button type="button" className="link-button">
                    {planName(i18n, plan)}
                  </button>
                  {plan.builtIn && <span className="admin-badge">{t('admin.plans.builtIn')}</span>}
                </td>
                <td>{categoryName(plan.categoryCode)}</td>
                <td>
                  {plan.priorities.length === 0
                    ? t('admin.plans.anyPriority')
                    : plan.priorities.map((p) => t('priority.short', { priority: p })).join(' ')}
                </td>
                <td>
                  {plan.tiers
                    .map((tier) =>
                      t('admin.plans.tierSummary', {
                        tier: tier.tier,
                        seconds: tier.targetSeconds,
                        units: tier.units.reduce((n, u) => n + u.count, 0),
                      }),
                    )
                    .join(t('admin.listSeparator'))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="admin-detail">
        <AdminNotice notice={notice} />
        {selected ? (
          <PlanEditor
            key={`${selected.id}:${selected.version}`}
            plan={selected}
            categoryName={categoryName}
            onSaved={(saved, message) => {
              // Saving a built-in plan stores a copy: the list now holds stored plans only.
              if (selected.builtIn) void reload();
              else setPlans((all) => all.map((p) => (p.id === saved.id ? saved : p)));
              setSelectedId(saved.id);
              setNotice(message);
            }}
          />
        ) : (
          <p className="muted">{t('admin.plans.pick')}</p>
        )}
        <AdminError error={error} />
      </section>
    </div>
  );
}

function PlanEditor({
  plan,
  categoryName,
  onSaved,
}: {
  plan: PlanView;
  categoryName: (code: string) => string;
  onSaved: (plan: PlanView, notice: string) => void;
}) {
  const { t, i18n } = useI18n();
  const { api } = useSession();
  const kindLabel = (kind: string) => {
    const key = `unit.kind.${kind}`;
    return i18n.has(key) ? t(key) : kind;
  };
  const [draft, setDraft] = useState<PlanBody>(() => ({
    // A built-in plan is saved as a copy under the name the admin reads, in their language.
    name: planName(i18n, plan),
    categoryCode: plan.categoryCode,
    priorities: plan.priorities,
    preemptLowerPriority: plan.preemptLowerPriority,
    tiers: plan.tiers.map((tier) => ({
      tier: tier.tier,
      targetSeconds: tier.targetSeconds,
      acceptTimeoutSeconds: tier.acceptTimeoutSeconds,
      units: tier.units.map((u) => ({ ...u, kinds: [...u.kinds] })),
    })),
  }));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [retiring, setRetiring] = useState(false);
  const [reason, setReason] = useState('');
  const [key] = useState(() => crypto.randomUUID());

  const setTier = (index: number, change: Partial<PlanBody['tiers'][number]>) =>
    setDraft((d) => ({
      ...d,
      tiers: d.tiers.map((tier, i) => (i === index ? { ...tier, ...change } : tier)),
    }));
  // Numbers stay numbers: an emptied field is sent as NaN → null and the server names it.
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

  return (
    <form
      className="admin-form"
      data-testid="admin-plan-editor"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(undefined);
        adminApi
          .savePlan(api, plan, draft, key)
          .then((saved) => onSaved(saved, t('admin.plans.saved', { name: saved.name })), setError)
          .finally(() => setBusy(false));
      }}
    >
      <h2>
        {categoryName(plan.categoryCode)}
        {plan.builtIn && <span className="admin-badge">{t('admin.plans.builtIn')}</span>}
      </h2>
      {plan.builtIn && <p className="muted small">{t('admin.plans.builtInNote')}</p>}
      <label>
        {t('admin.field.name')}
        <input
          name="name"
          value={draft.name}
          onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
        />
      </label>
      <fieldset className="admin-inline">
        <legend>{t('admin.field.priorities')}</legend>
        {PRIORITIES.map((p) => (
          <label key={p}>
            <input
              type="checkbox"
              checked={draft.priorities.includes(p)}
              onChange={(e) =>
                setDraft((d) => ({
                  ...d,
                  priorities: e.target.checked
                    ? [...d.priorities, p].sort()
                    : d.priorities.filter((x) => x !== p),
                }))
              }
            />
            {t('priority.short', { priority: p })}
          </label>
        ))}
        <small>{t('admin.hint.priorities')}</small>
      </fieldset>
      {draft.tiers.map((tier, index) => (
        <fieldset key={tier.tier} className="admin-tier" data-tier={tier.tier}>
          <legend>{t('admin.plans.tier', { tier: tier.tier })}</legend>
          <label>
            {t('admin.field.targetSeconds')}
            <input
              name={`targetSeconds-${tier.tier}`}
              type="number"
              inputMode="numeric"
              value={Number.isFinite(tier.targetSeconds) ? tier.targetSeconds : ''}
              onChange={(e) => setTier(index, { targetSeconds: number(e.target.value) })}
            />
          </label>
          <label>
            {t('admin.field.acceptTimeoutSeconds')}
            <input
              name={`acceptTimeoutSeconds-${tier.tier}`}
              type="number"
              inputMode="numeric"
              value={Number.isFinite(tier.acceptTimeoutSeconds) ? tier.acceptTimeoutSeconds : ''}
              onChange={(e) => setTier(index, { acceptTimeoutSeconds: number(e.target.value) })}
            />
          </label>
          {tier.units.map((unit, u) => (
            <label key={u}>
              {unit.kinds.map(kindLabel).join(' / ')}
              <input
                name={`count-${tier.tier}-${u}`}
                type="number"
                inputMode="numeric"
                value={Number.isFinite(unit.count) ? unit.count : ''}
                onChange={(e) =>
                  setTier(index, {
                    units: tier.units.map((x, i) =>
                      i === u ? { ...x, count: number(e.target.value) } : x,
                    ),
                  })
                }
              />
            </label>
          ))}
        </fieldset>
      ))}
      <AdminError error={error} />
      <div className="admin-actions">
        <button type="submit" className="primary-button" disabled={busy}>
          {t('admin.save')}
        </button>
        {!plan.builtIn && !plan.retired && (
          <button type="button" className="danger-button" onClick={() => setRetiring(true)}>
            {t('admin.plans.retire')}
          </button>
        )}
      </div>
      {retiring && (
        <ConfirmDialog
          title={t('admin.confirm.retire.title', { name: planName(i18n, plan) })}
          confirmLabel={t('admin.confirm.retire.action')}
          busy={busy || reason.trim() === ''}
          onCancel={() => setRetiring(false)}
          onConfirm={() => {
            setBusy(true);
            adminApi
              .retirePlan(api, plan, reason)
              .then((r) => onSaved(r, t('admin.plans.retired', { name: r.name })), setError)
              .finally(() => {
                setBusy(false);
                setRetiring(false);
              });
          }}
        >
          <p>{t('admin.confirm.retire.body')}</p>
          <label>
            {t('admin.field.reason')}
            <input name="retireReason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        </ConfirmDialog>
      )}
    </form>
  );
}
