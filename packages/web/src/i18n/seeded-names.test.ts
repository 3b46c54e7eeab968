import { DEFAULT_RESPONSE_PLANS, DEPARTMENT_KINDS } from '@jiefang/core';
import { describe, expect, it } from 'vitest';
import { I18n } from './i18n.ts';
import { LOCALES } from './locale.ts';
import { departmentKindName, planName } from './seeded-names.ts';

describe('built-in names in the UI language', () => {
  it.each(LOCALES)('names every built-in plan of core in %s', (locale) => {
    const i18n = new I18n({ languages: [locale] });
    for (const plan of DEFAULT_RESPONSE_PLANS) {
      expect(i18n.has(`plan.builtIn.${plan.id}`), `${plan.id} in ${locale}`).toBe(true);
    }
  });

  it('shows a built-in plan in Chinese, a stored plan by its own name', () => {
    const zh = new I18n({ languages: ['zh-CN'] });
    const builtIn = DEFAULT_RESPONSE_PLANS[0];
    expect(planName(zh, { ...builtIn, builtIn: true })).toBe('1-3-5 全力响应（危及生命）');
    expect(planName(zh, { id: builtIn.id, name: 'My plan', builtIn: false })).toBe('My plan');
  });

  it.each(LOCALES)('names every department kind in %s', (locale) => {
    const i18n = new I18n({ languages: [locale] });
    for (const kind of DEPARTMENT_KINDS) {
      expect(departmentKindName(i18n, kind)).not.toBe(kind);
    }
  });
});
