import type { Catalogue, DefineAreaRuleInput, OrgView } from '@jiefang/contract';
import {
  CAP_SEVERITIES,
  RULE_STEP_KINDS,
  rolesMay,
  type AlertSource,
  type CapSeverity,
  type RuleStep,
  type RuleStepKind,
} from '@jiefang/core';
import { useCallback, useEffect, useState } from 'react';
import { useAccount, useSession } from '../../auth/SessionProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { AdminError } from '../admin/AdminError.tsx';
import { ConfirmDialog } from '../admin/ConfirmDialog.tsx';
import { OrgSelect } from './OrgSelect.tsx';
import { alertsApi, type AreaRuleRow } from './alerts-api.ts';
import { categoryName } from './category-name.ts';

const SOURCES: readonly AlertSource[] = ['cap', 'webhook'];

interface RuleForm {
  name: string;
  orgId: string;
  categoryCode: string;
  sources: AlertSource[];
  events: string;
  minSeverity: CapSeverity | '';
  persistence: { measure: string; min: string; forSeconds: string } | undefined;
  steps: { kind: RuleStepKind; afterSeconds: string; text: string }[];
}

const emptyForm = (orgId: string, categoryCode: string): RuleForm => ({
  name: '',
  orgId,
  categoryCode,
  sources: [],
  events: '',
  minSeverity: '',
  persistence: undefined,
  steps: [{ kind: 'note', afterSeconds: '0', text: '' }],
});

const formOf = (rule: AreaRuleRow): RuleForm => ({
  name: rule.name,
  orgId: rule.orgId,
  categoryCode: rule.categoryCode,
  sources: rule.match.sources ?? [],
  events: (rule.match.events ?? []).join(', '),
  minSeverity: rule.match.minSeverity ?? '',
  persistence: rule.match.persistence && {
    measure: rule.match.persistence.measure,
    min: String(rule.match.persistence.min),
    forSeconds: String(rule.match.persistence.forSeconds),
  },
  steps: rule.steps.map((s) => ({
    kind: s.kind,
    afterSeconds: String(s.afterSeconds),
    text: s.text ?? '',
  })),
});

/**
 * The form as the API's body. Numbers are sent as typed (an empty or non-numeric field becomes
 * NaN, which the server refuses naming the field) so validation stays the server's (core's).
 */
function bodyOf(form: RuleForm): Omit<DefineAreaRuleInput, 'id' | 'orgId'> {
  const events = form.events
    .split(/[,，\s]+/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  return {
    name: form.name.trim(),
    categoryCode: form.categoryCode,
    match: {
      ...(form.sources.length > 0 ? { sources: form.sources } : {}),
      ...(events.length > 0 ? { events } : {}),
      ...(form.minSeverity ? { minSeverity: form.minSeverity } : {}),
      ...(form.persistence
        ? {
            persistence: {
              measure: form.persistence.measure.trim(),
              min: Number(form.persistence.min),
              forSeconds: Number(form.persistence.forSeconds),
            },
          }
        : {}),
    },
    steps: form.steps.map((s): RuleStep => {
      const step: RuleStep = { kind: s.kind, afterSeconds: Number(s.afterSeconds) };
      if (s.text.trim() !== '') step.text = s.text.trim();
      return step;
    }),
  };
}

/**
 * The area rules of the caller's scope: what they match and the chain of timed steps they
 * climb. Dispatchers and admins (alert.manage) define, revise and retire them (retiring asks
 * first); a refused field is named in the console's language.
 */
export function AreaRulesPanel({
  orgs,
  catalogue,
}: {
  orgs: OrgView[];
  catalogue: Catalogue | undefined;
}) {
  const { t, locale } = useI18n();
  const { api } = useSession();
  const account = useAccount();
  const mayManage = rolesMay(account.roles, 'alert.manage');
  const [rules, setRules] = useState<AreaRuleRow[]>([]);
  const [editingId, setEditingId] = useState<string | 'new'>();
  const [form, setForm] = useState<RuleForm>();
  const [retiring, setRetiring] = useState<AreaRuleRow>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const reload = useCallback(() => alertsApi.rules(api).then(setRules, setError), [api]);
  useEffect(() => void reload(), [reload]);

  const startNew = () => {
    setEditingId('new');
    setForm(emptyForm(account.orgId, catalogue?.categories[0]?.code ?? ''));
    setError(undefined);
    setNotice(undefined);
  };
  const done = (message: string) => {
    setEditingId(undefined);
    setForm(undefined);
    setError(undefined);
    setNotice(message);
    setKey(crypto.randomUUID());
    void reload();
  };
  const save = () => {
    if (!form) return;
    const body = bodyOf(form);
    if (editingId === 'new') {
      const id = `rule-${crypto.randomUUID().slice(0, 8)}`;
      alertsApi
        .defineRule(api, { id, orgId: form.orgId, ...body }, key)
        .then(() => done(t('alerts.rules.saved', { name: body.name })), setError);
    } else if (editingId) {
      alertsApi
        .reviseRule(api, editingId, body)
        .then(() => done(t('alerts.rules.saved', { name: body.name })), setError);
    }
  };
  const update = (changes: Partial<RuleForm>) => setForm((f) => f && { ...f, ...changes });
  const updateStep = (index: number, changes: Partial<RuleForm['steps'][number]>) =>
    setForm(
      (f) => f && { ...f, steps: f.steps.map((s, i) => (i === index ? { ...s, ...changes } : s)) },
    );

  return (
    <div className="admin-split">
      <section className="admin-list" aria-labelledby="alerts-rules-title">
        <h2 id="alerts-rules-title">{t('alerts.rules.title')}</h2>
        {notice && (
          <p className="form-notice" role="status">
            {notice}
          </p>
        )}
        {rules.length === 0 ? (
          <p className="panel-empty">{t('alerts.rules.empty')}</p>
        ) : (
          <table className="admin-table" data-testid="area-rules">
            <thead>
              <tr>
                <th>{t('alerts.field.name')}</th>
                <th>{t('alerts.rules.match')}</th>
                <th>{t('alerts.rules.steps')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <tr key={rule.id} data-rule-id={rule.id} aria-selected={rule.id === editingId}>
                  <td>
                    <strong>{rule.name}</strong>
                    <div className="muted small">
                      {categoryName(catalogue, rule.categoryCode, locale)} ·{' '}
                      {orgs.find((o) => o.id === rule.orgId)?.name ?? rule.orgId}
                    </div>
                  </td>
                  <td className="small">
                    {[
                      ...(rule.match.sources ?? []).map((s) => t(`alerts.source.${s}`)),
                      ...(rule.match.events ?? []),
                      rule.match.minSeverity
                        ? t('alerts.rules.atLeast', {
                            severity: t(`alerts.severity.${rule.match.minSeverity}`),
                          })
                        : undefined,
                      rule.match.persistence
                        ? t('alerts.rules.persistence', {
                            measure: rule.match.persistence.measure,
                            min: rule.match.persistence.min,
                            seconds: rule.match.persistence.forSeconds,
                          })
                        : undefined,
                      rule.match.zone ? t('alerts.rules.zone') : undefined,
                    ]
                      .filter((part) => part !== undefined)
                      .join(' · ') || t('alerts.rules.anything')}
                  </td>
                  <td className="small">
                    {rule.steps
                      .map((s) =>
                        t('alerts.rules.stepAt', {
                          step: t(`alerts.step.${s.kind}`),
                          seconds: s.afterSeconds,
                        }),
                      )
                      .join(' → ')}
                  </td>
                  <td>
                    {mayManage && (
                      <>
                        <button
                          type="button"
                          className="link-button small"
                          onClick={() => {
                            setEditingId(rule.id);
                            setForm(formOf(rule));
                            setError(undefined);
                          }}
                        >
                          {t('alerts.rules.edit')}
                        </button>{' '}
                        <button
                          type="button"
                          className="link-button small"
                          onClick={() => setRetiring(rule)}
                        >
                          {t('alerts.rules.retire')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {mayManage && (
        <section className="admin-detail">
          {!form ? (
            <button type="button" className="primary-button" onClick={startNew}>
              {t('alerts.rules.new')}
            </button>
          ) : (
            <form
              className="admin-form"
              data-testid="area-rule-form"
              onSubmit={(e) => {
                e.preventDefault();
                save();
              }}
            >
              <h2>{editingId === 'new' ? t('alerts.rules.new') : t('alerts.rules.edit')}</h2>
              <label>
                {t('alerts.field.name')}
                <input
                  name="name"
                  value={form.name}
                  onChange={(e) => update({ name: e.target.value })}
                />
              </label>
              {editingId === 'new' && (
                <OrgSelect
                  name="orgId"
                  orgs={orgs}
                  value={form.orgId}
                  onChange={(orgId) => update({ orgId })}
                />
              )}
              <label>
                {t('alerts.field.category')}
                <select
                  name="categoryCode"
                  value={form.categoryCode}
                  onChange={(e) => update({ categoryCode: e.target.value })}
                >
                  {(catalogue?.categories ?? []).map((c) => (
                    <option key={c.code} value={c.code}>
                      {categoryName(catalogue, c.code, locale)}
                    </option>
                  ))}
                </select>
              </label>
              <fieldset className="admin-roles">
                <legend>{t('alerts.rules.sources')}</legend>
                {SOURCES.map((source) => (
                  <label key={source}>
                    <input
                      type="checkbox"
                      name={`source-${source}`}
                      checked={form.sources.includes(source)}
                      onChange={(e) =>
                        update({
                          sources: e.target.checked
                            ? [...form.sources, source]
                            : form.sources.filter((s) => s !== source),
                        })
                      }
                    />
                    {t(`alerts.source.${source}`)}
                  </label>
                ))}
              </fieldset>
              <label>
                {t('alerts.rules.events')}
                <input
                  name="events"
                  value={form.events}
                  onChange={(e) => update({ events: e.target.value })}
                />
                <small>{t('alerts.rules.eventsHint')}</small>
              </label>
              <label>
                {t('alerts.rules.minSeverity')}
                <select
                  name="minSeverity"
                  value={form.minSeverity}
                  onChange={(e) =>
                    update({
                      minSeverity: CAP_SEVERITIES.find((s) => s === e.target.value) ?? '',
                    })
                  }
                >
                  <option value="">{t('alerts.rules.anySeverity')}</option>
                  {CAP_SEVERITIES.map((s) => (
                    <option key={s} value={s}>
                      {t(`alerts.severity.${s}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="alerts-check">
                <input
                  type="checkbox"
                  name="persistence"
                  checked={form.persistence !== undefined}
                  onChange={(e) =>
                    update({
                      persistence: e.target.checked
                        ? { measure: 'crowd', min: '50', forSeconds: '180' }
                        : undefined,
                    })
                  }
                />
                {t('alerts.rules.persistenceToggle')}
              </label>
              {form.persistence && (
                <div className="admin-tier">
                  <label>
                    {t('alerts.rules.measure')}
                    <input
                      name="measure"
                      value={form.persistence.measure}
                      onChange={(e) =>
                        form.persistence &&
                        update({ persistence: { ...form.persistence, measure: e.target.value } })
                      }
                    />
                  </label>
                  <label>
                    {t('alerts.rules.min')}
                    <input
                      name="min"
                      inputMode="decimal"
                      value={form.persistence.min}
                      onChange={(e) =>
                        form.persistence &&
                        update({ persistence: { ...form.persistence, min: e.target.value } })
                      }
                    />
                  </label>
                  <label>
                    {t('alerts.rules.forSeconds')}
                    <input
                      name="forSeconds"
                      inputMode="numeric"
                      value={form.persistence.forSeconds}
                      onChange={(e) =>
                        form.persistence &&
                        update({ persistence: { ...form.persistence, forSeconds: e.target.value } })
                      }
                    />
                  </label>
                </div>
              )}
              <h3>{t('alerts.rules.steps')}</h3>
              {form.steps.map((step, index) => (
                <div className="admin-tier" key={index} data-step={index}>
                  <label>
                    {t('alerts.rules.stepKind')}
                    <select
                      name={`step-${index}-kind`}
                      value={step.kind}
                      onChange={(e) =>
                        updateStep(index, {
                          kind: RULE_STEP_KINDS.find((k) => k === e.target.value) ?? 'note',
                        })
                      }
                    >
                      {RULE_STEP_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {t(`alerts.step.${k}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    {t('alerts.rules.afterSeconds')}
                    <input
                      name={`step-${index}-after`}
                      inputMode="numeric"
                      value={step.afterSeconds}
                      onChange={(e) => updateStep(index, { afterSeconds: e.target.value })}
                    />
                  </label>
                  <label>
                    {t('alerts.rules.stepText')}
                    <input
                      name={`step-${index}-text`}
                      value={step.text}
                      onChange={(e) => updateStep(index, { text: e.target.value })}
                    />
                  </label>
                  {form.steps.length > 1 && (
                    <button
                      type="button"
                      className="link-button small"
                      onClick={() => update({ steps: form.steps.filter((_, i) => i !== index) })}
                    >
                      {t('alerts.rules.removeStep')}
                    </button>
                  )}
                </div>
              ))}
              <button
                type="button"
                className="ghost-button"
                onClick={() =>
                  update({
                    steps: [...form.steps, { kind: 'police', afterSeconds: '300', text: '' }],
                  })
                }
              >
                {t('alerts.rules.addStep')}
              </button>
              <div className="admin-inline">
                <button type="submit" className="primary-button">
                  {t('alerts.save')}
                </button>
                <button
                  type="button"
                  className="ghost-button"
                  onClick={() => {
                    setForm(undefined);
                    setEditingId(undefined);
                  }}
                >
                  {t('alerts.cancel')}
                </button>
              </div>
            </form>
          )}
          <AdminError error={error} />
        </section>
      )}
      {retiring && (
        <ConfirmDialog
          title={t('alerts.rules.retireTitle', { name: retiring.name })}
          confirmLabel={t('alerts.rules.retire')}
          onCancel={() => setRetiring(undefined)}
          onConfirm={() => {
            const rule = retiring;
            setRetiring(undefined);
            alertsApi
              .retireRule(api, rule.id)
              .then(() => done(t('alerts.rules.retired', { name: rule.name })), setError);
          }}
        >
          <p>{t('alerts.rules.retireBody')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
