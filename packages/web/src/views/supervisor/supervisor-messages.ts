import { defineMessages } from '../../i18n/define-messages.ts';

/** Strings of the supervisor view (`supervisor.*`). */
export const supervisorMessages = defineMessages({
  en: {
    'supervisor.title': 'Supervision',
    'supervisor.open.title': 'Open incidents by stage',
    'supervisor.open.empty': 'No open incidents',
    'supervisor.escalated': '{count} escalated',
    'supervisor.stage.analyse': 'Analyse',
    'supervisor.stage.assign': 'Assign',
    'supervisor.stage.handle': 'Handle',
    'supervisor.stage.supervise': 'Supervise',
    'supervisor.stage.close': 'Close',
  },
  'zh-CN': {
    'supervisor.title': '督导台',
    'supervisor.open.title': '在办警情（按环节）',
    'supervisor.open.empty': '当前无在办警情',
    'supervisor.escalated': '{count} 起已升级',
    'supervisor.stage.analyse': '研判',
    'supervisor.stage.assign': '派单',
    'supervisor.stage.handle': '处置',
    'supervisor.stage.supervise': '督办',
    'supervisor.stage.close': '办结',
  },
});
