import type { I18n } from '../i18n/i18n.ts';
import { ApiError, ClientErrorCode } from './api-error.ts';

/** What to tell the person at the console about a failed call, in their language. */
export function describeApiError(i18n: Pick<I18n, 'has' | 't'>, error: unknown): string {
  const code = error instanceof ApiError ? error.code : ClientErrorCode.NETWORK;
  const key = `error.${code}`;
  return i18n.has(key) ? i18n.t(key) : i18n.t('error.unknown', { code });
}
