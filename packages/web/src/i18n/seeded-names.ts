import type { PlanView } from '@jiefang/contract';
import { defineMessages } from './define-messages.ts';
import type { I18n } from './i18n.ts';

/**
 * Names the server hands out in one language because they are built in, not entered by anyone:
 * core's default response plans (by id) and the department kinds a category is routed to.
 * seeded-names.test.ts fails when core gains one without a name here.
 */
export const seededNameMessages = defineMessages({
  en: {
    'plan.builtIn.default-p1': '1-3-5 full response (life in danger)',
    'plan.builtIn.default-p2': 'Urgent: nearest community force, then police',
    'plan.builtIn.default-p3': 'Routine: nearest community force, police to follow',
    'plan.builtIn.default-p4': 'Non-urgent: the grid worker',
    'plan.builtIn.default-missing-person':
      'Missing person: search by everyone near, police to coordinate',
    'department.kind.urban_management': 'Urban management',
    'department.kind.housing': 'Housing',
    'department.kind.market_regulation': 'Market regulation',
    'department.kind.transport': 'Transport',
    'department.kind.utilities': 'Utilities',
    'department.kind.civil_affairs': 'Civil affairs',
    'department.kind.health': 'Health',
    'department.kind.environment': 'Environment',
    'department.kind.justice': 'Justice',
  },
  'zh-CN': {
    'plan.builtIn.default-p1': '1-3-5 全力响应（危及生命）',
    'plan.builtIn.default-p2': '紧急：就近社区力量先到，警力跟进',
    'plan.builtIn.default-p3': '一般：就近社区力量处置，警力随后',
    'plan.builtIn.default-p4': '非紧急：网格员处置',
    'plan.builtIn.default-missing-person': '人员走失：附近力量协同搜寻，警力统筹',
    'department.kind.urban_management': '城管',
    'department.kind.housing': '住建',
    'department.kind.market_regulation': '市场监管',
    'department.kind.transport': '交通',
    'department.kind.utilities': '水电气公用事业',
    'department.kind.civil_affairs': '民政',
    'department.kind.health': '卫健',
    'department.kind.environment': '生态环境',
    'department.kind.justice': '司法',
  },
});

type Names = Pick<I18n, 'has' | 't'>;

/** A built-in plan in the UI language; a plan someone stored keeps the name they gave it. */
export function planName(i18n: Names, plan: Pick<PlanView, 'id' | 'name' | 'builtIn'>): string {
  const key = `plan.builtIn.${plan.id}`;
  return plan.builtIn && i18n.has(key) ? i18n.t(key) : plan.name;
}

/** A department kind (urban_management…) in the UI language; an unknown one as it came. */
export function departmentKindName(i18n: Names, kind: string): string {
  const key = `department.kind.${kind}`;
  return i18n.has(key) ? i18n.t(key) : kind;
}
