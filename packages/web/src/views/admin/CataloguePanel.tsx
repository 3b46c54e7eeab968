import { DEPARTMENT_KINDS } from '@jiefang/core';
import type { Catalogue, CategoryBodyValue } from '@jiefang/contract';
import { useState } from 'react';
import { useSession } from '../../auth/SessionProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { departmentKindName } from '../../i18n/seeded-names.ts';
import { AdminError } from './AdminError.tsx';
import { AdminNotice } from './AdminNotice.tsx';
import { adminApi } from './admin-api.ts';

type Category = Catalogue['categories'][number];
const PRIORITIES = [1, 2, 3, 4] as const;
const priorityOf = (value: number) => PRIORITIES.find((p) => p === value) ?? 3;
const departmentKindOf = (value: string) => DEPARTMENT_KINDS.find((k) => k === value);

/**
 * The city's incident categories: what each is called in both languages, how urgent it is by
 * default, and whether police go or a department gets a work order. Changed by an admin of the
 * whole city (the server refuses anyone else by scope); never deleted.
 */
export function CataloguePanel({
  catalogue,
  onChanged,
}: {
  catalogue: Catalogue | undefined;
  onChanged: (catalogue: Catalogue) => void;
}) {
  const { t, i18n, locale } = useI18n();
  const [selected, setSelected] = useState<string | 'new'>();
  const [notice, setNotice] = useState<string>();
  const category = catalogue?.categories.find((c) => c.code === selected);
  return (
    <div className="admin-split">
      <section className="admin-list admin-wide" aria-labelledby="admin-catalogue-title">
        <h2 id="admin-catalogue-title">{t('admin.catalogue.title')}</h2>
        <p className="muted small">{t('admin.catalogue.note')}</p>
        <table className="admin-table" data-testid="admin-catalogue">
          <thead>
            <tr>
              <th>{t('admin.field.code')}</th>
              <th>{t('admin.field.name')}</th>
              <th>{t('admin.catalogue.priority')}</th>
              <th>{t('admin.catalogue.handledBy')}</th>
            </tr>
          </thead>
          <tbody>
            {(catalogue?.categories ?? []).map((c) => (
              <tr
                key={c.code}
                data-category={c.code}
                aria-selected={c.code === selected}
                onClick={() => {
                  setSelected(c.code);
                  setNotice(undefined);
                }}
              >
                <td className="mono">{c.code}</td>
                <td>
                  <button type="button" className="link-button">
                    {locale === 'zh-CN' ? c.names.zh : c.names.en}
                  </button>
                </td>
                <td>{t('priority.short', { priority: c.defaultPriority })}</td>
                <td>
                  {c.policeMatter
                    ? t('admin.catalogue.police')
                    : t('admin.catalogue.department', {
                        kind: c.departmentKind ? departmentKindName(i18n, c.departmentKind) : '—',
                      })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="admin-detail">
        <AdminNotice notice={notice} />
        {selected === undefined ? (
          <>
            <p className="muted">{t('admin.catalogue.pick')}</p>
            <button type="button" className="primary-button" onClick={() => setSelected('new')}>
              {t('admin.catalogue.new')}
            </button>
          </>
        ) : (
          <CategoryEditor
            key={selected}
            category={selected === 'new' ? undefined : category}
            onSaved={(saved, code) => {
              onChanged(saved);
              setSelected(code);
              const name = saved.categories.find((c) => c.code === code)?.names;
              setNotice(
                t('admin.catalogue.saved', {
                  name: name ? (locale === 'zh-CN' ? name.zh : name.en) : code,
                }),
              );
            }}
          />
        )}
      </section>
    </div>
  );
}

function CategoryEditor({
  category,
  onSaved,
}: {
  category: Category | undefined;
  onSaved: (catalogue: Catalogue, code: string) => void;
}) {
  const { t, i18n } = useI18n();
  const { api } = useSession();
  const [code, setCode] = useState(category?.code ?? '');
  const [draft, setDraft] = useState<CategoryBodyValue>(() => ({
    names: { zh: category?.names.zh ?? '', en: category?.names.en ?? '' },
    defaultPriority: priorityOf(category?.defaultPriority ?? 3),
    policeMatter: category?.policeMatter ?? true,
    departmentKind: departmentKindOf(category?.departmentKind ?? ''),
  }));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  return (
    <form
      className="admin-form"
      data-testid="admin-category-editor"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(undefined);
        const body: CategoryBodyValue = {
          names: { zh: draft.names.zh.trim(), en: draft.names.en.trim() },
          defaultPriority: draft.defaultPriority,
          policeMatter: draft.policeMatter,
          // A police matter has no department; a department matter sends the one chosen.
          ...(!draft.policeMatter && draft.departmentKind
            ? { departmentKind: draft.departmentKind }
            : {}),
        };
        adminApi
          .setCategory(api, code.trim(), body)
          .then((saved) => onSaved(saved, code.trim()), setError)
          .finally(() => setBusy(false));
      }}
    >
      <h2>
        {category ? t('admin.catalogue.edit', { code: category.code }) : t('admin.catalogue.new')}
      </h2>
      {!category && (
        <label>
          {t('admin.field.code')}
          <input
            name="categoryCode"
            value={code}
            maxLength={64}
            onChange={(e) => setCode(e.target.value)}
          />
          <small>{t('admin.catalogue.codeHint')}</small>
        </label>
      )}
      <label>
        {t('admin.catalogue.nameZh')}
        <input
          name="nameZh"
          lang="zh-CN"
          value={draft.names.zh}
          maxLength={100}
          onChange={(e) => setDraft((d) => ({ ...d, names: { ...d.names, zh: e.target.value } }))}
        />
      </label>
      <label>
        {t('admin.catalogue.nameEn')}
        <input
          name="nameEn"
          lang="en"
          value={draft.names.en}
          maxLength={100}
          onChange={(e) => setDraft((d) => ({ ...d, names: { ...d.names, en: e.target.value } }))}
        />
      </label>
      <label>
        {t('admin.field.defaultPriority')}
        <select
          name="defaultPriority"
          value={draft.defaultPriority}
          onChange={(e) =>
            setDraft((d) => ({
              ...d,
              defaultPriority: priorityOf(Number(e.target.value)),
            }))
          }
        >
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="admin-check">
        <input
          type="checkbox"
          name="policeMatter"
          checked={draft.policeMatter}
          onChange={(e) => setDraft((d) => ({ ...d, policeMatter: e.target.checked }))}
        />
        {t('admin.catalogue.policeMatter')}
      </label>
      {!draft.policeMatter && (
        <label>
          {t('admin.catalogue.departmentKind')}
          <select
            name="departmentKind"
            value={draft.departmentKind ?? ''}
            onChange={(e) =>
              setDraft((d) => ({
                ...d,
                departmentKind: departmentKindOf(e.target.value),
              }))
            }
          >
            <option value="">—</option>
            {DEPARTMENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {departmentKindName(i18n, kind)}
              </option>
            ))}
          </select>
        </label>
      )}
      <AdminError error={error} />
      <div className="admin-actions">
        <button type="submit" className="primary-button" disabled={busy}>
          {category ? t('admin.save') : t('admin.catalogue.add')}
        </button>
      </div>
    </form>
  );
}
