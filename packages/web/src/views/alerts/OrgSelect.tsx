import type { OrgView } from '@jiefang/contract';
import { useI18n } from '../../i18n/I18nProvider.tsx';

/** A labelled choice of organisation by name (the forms of the alerts view all need one). */
export function OrgSelect({
  name,
  orgs,
  value,
  onChange,
}: {
  name: string;
  orgs: readonly OrgView[];
  value: string;
  onChange: (orgId: string) => void;
}) {
  const { t } = useI18n();
  return (
    <label>
      {t('alerts.field.org')}
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        {orgs.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
      </select>
    </label>
  );
}
