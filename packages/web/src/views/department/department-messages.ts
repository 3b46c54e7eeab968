import { defineMessages } from '../../i18n/define-messages.ts';

/** Strings of the department liaison's page (`department.*`). */
export const departmentMessages = defineMessages({
  en: {
    'department.title': 'Department desk',
    'department.welcome': 'Signed in for {org}.',
    'department.explain':
      'Your role handles the work orders the command room routes to your department; it does not see the live police map or dispatch units.',
    'department.empty': 'No work orders for your department right now.',
  },
  'zh-CN': {
    'department.title': '部门工作台',
    'department.welcome': '已登录：{org}。',
    'department.explain':
      '您的角色负责处理指挥中心转派给本部门的工单，不查看实时警力地图，也不能调度力量。',
    'department.empty': '本部门暂无待办工单。',
  },
});
