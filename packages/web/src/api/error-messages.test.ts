import { documentedErrorStatuses } from '@jiefang/server/documented-errors';
import { describe, expect, it } from 'vitest';
import { I18n } from '../i18n/i18n.ts';
import { LOCALES } from '../i18n/locale.ts';
import { describeApiError } from './describe-api-error.ts';
import { ApiError } from './api-error.ts';

/*
 * Every code the server can answer with (packages/server/ERRORS.md, which the server's own
 * errors-doc test checks against its error constructors and mappings) must read as a sentence
 * in every language of the console — never the server's English `message`, never the bare code.
 */
const serverCodes = [...documentedErrorStatuses().keys()].sort();

describe('server error codes in the console', () => {
  it('finds the server’s documented codes', () => {
    expect(serverCodes).toEqual(expect.arrayContaining(['ERR_VALIDATION', 'ERR_UNAUTHENTICATED']));
  });

  it.each(LOCALES.flatMap((locale) => serverCodes.map((code) => [locale, code] as const)))(
    '%s has a message for %s',
    (locale, code) => {
      const i18n = new I18n({ languages: [locale] });
      expect(i18n.has(`error.${code}`), `error.${code} missing in ${locale}`).toBe(true);
      const shown = describeApiError(i18n, new ApiError(400, code, 'english server message'));
      expect(shown).not.toContain('english server message');
      expect(shown).not.toContain(code);
    },
  );
});
