import type { Catalogue } from '@jiefang/contract';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { departmentKindName } from '../../i18n/seeded-names.ts';

/** The city's incident categories. They come from the city's catalogue file, read at start. */
export function CataloguePanel({ catalogue }: { catalogue: Catalogue | undefined }) {
  const { t, i18n, locale } = useI18n();
  return (
    <section className="admin-list admin-wide" aria-labelledby="admin-catalogue-title">
      <h2 id="admin-catalogue-title">{t('admin.catalogue.title')}</h2>
      <p className="muted small">{t('admin.catalogue.note')}</p>
      <table className="admin-table" data-testid="admin-catalogue">
        <thead>
          <tr>
            <th>{t('admin.field.categoryCode')}</th>
            <th>{t('admin.field.name')}</th>
            <th>{t('admin.catalogue.priority')}</th>
            <th>{t('admin.catalogue.handledBy')}</th>
          </tr>
        </thead>
        <tbody>
          {(catalogue?.categories ?? []).map((c) => (
            <tr key={c.code}>
              <td className="mono">{c.code}</td>
              <td>{locale === 'zh-CN' ? c.names.zh : c.names.en}</td>
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
  );
}
