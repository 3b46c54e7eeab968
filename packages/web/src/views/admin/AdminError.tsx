import { ApiError } from '../../api/api-error.ts';
import { describeApiError } from '../../api/describe-api-error.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';

/**
 * A failed admin call in the UI language: what the error code means, and which input failed
 * (the server names the field; its English message is not shown in a Chinese console).
 */
export function AdminError({ error }: { error: unknown }) {
  const { t, i18n } = useI18n();
  if (error === undefined || error === null) return null;
  const fields =
    error instanceof ApiError
      ? [...new Set([error.field, ...error.problems.map((p) => p.field)])]
          .filter((f): f is string => typeof f === 'string' && f !== '')
          .map((f) => fieldLabel(i18n, f))
      : [];
  return (
    <p className="form-error admin-error" role="alert" data-testid="admin-error">
      {describeApiError(i18n, error)}
      {fields.length > 0 && (
        <span className="admin-error-fields">
          {' '}
          {t('admin.error.fields', { fields: fields.join(t('admin.listSeparator')) })}
        </span>
      )}
    </p>
  );
}

/** 'tiers[0].targetSeconds' or 'roles.0' → the label of its last named part, else the field. */
export function fieldLabel(i18n: ReturnType<typeof useI18n>['i18n'], field: string): string {
  const names = field
    .replace(/\[\d+\]/g, '')
    .split('.')
    .filter((part) => part !== '' && !/^\d+$/.test(part));
  const last = names.pop() ?? field;
  const key = `admin.field.${last}`;
  return i18n.has(key) ? i18n.t(key) : field;
}
