import type { I18n } from '../i18n/i18n.ts';
import { ApiError, ClientErrorCode } from './api-error.ts';

/** What to tell the person at the console about a failed call, in their language. */
export function describeApiError(i18n: Pick<I18n, 'has' | 't'>, error: unknown): string {
  const code = error instanceof ApiError ? error.code : ClientErrorCode.NETWORK;
  // A body that is not the API's format (a proxy's page, Node's bare 431): say the status.
  if (error instanceof ApiError && code === ClientErrorCode.UNEXPECTED_RESPONSE && error.status > 0)
    return i18n.t('error.http', { status: error.status });
  const key = `error.${code}`;
  return i18n.has(key) ? i18n.t(key) : i18n.t('error.unknown', { code });
}
