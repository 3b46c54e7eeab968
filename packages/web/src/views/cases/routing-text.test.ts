import { describe, expect, it } from 'vitest';
import { I18n } from '../../i18n/i18n.ts';
import { routingText } from './routing-text.ts';

describe('routingText', () => {
  const zh = new I18n({ languages: ['zh-CN'] });
  const en = new I18n({ languages: ['en'] });
  const base = {
    departmentId: 'xw-urban',
    reason: 'rule noise-xw: noise in 玄武区 → 城管',
    overridden: false,
  };

  it('says a rule, a department kind or a person in the UI language, never the English reason', () => {
    expect(routingText(zh, { ...base, basis: 'rule', ruleId: 'noise-xw' })).toBe(
      '分派规则 noise-xw',
    );
    expect(
      routingText(zh, { ...base, basis: 'department_kind', departmentKind: 'urban_management' }),
    ).toBe('无匹配规则：就近的城管部门');
    expect(routingText(en, { ...base, basis: 'by_hand', overridden: true, note: '电梯维修' })).toBe(
      'chosen by hand instead of the rules’ proposal · 电梯维修',
    );
  });

  it('shows the stored reason of a case routed before the basis was recorded', () => {
    expect(routingText(zh, base)).toBe(base.reason);
  });
});
