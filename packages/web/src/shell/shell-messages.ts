import { defineMessages } from '../i18n/define-messages.ts';

export const shellMessages = defineMessages({
  en: {
    'shell.logout': 'Sign out',
    'shell.help': 'Keyboard shortcuts',
    'shell.views': 'Views',
    'shell.view.dispatcher': 'Dispatch',
    'shell.view.supervisor': 'Supervision',
    'shell.view.responder': 'Responder',
    'shell.view.read-only': 'Situation map',
    'shell.clock': 'Local time',
  },
  'zh-CN': {
    'shell.logout': '退出',
    'shell.help': '快捷键',
    'shell.views': '视图',
    'shell.view.dispatcher': '调度台',
    'shell.view.supervisor': '督导台',
    'shell.view.responder': '处警端',
    'shell.view.read-only': '态势图',
    'shell.clock': '当前时间',
  },
});
