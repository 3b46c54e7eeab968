import { defineMessages } from '../../i18n/define-messages.ts';

/** Strings of the read-only situation view (analysts, department liaisons). */
export const readOnlyMessages = defineMessages({
  en: {
    'readOnly.title': 'Situation map',
    'readOnly.notice': 'Read-only: your role can watch the picture but not dispatch.',
  },
  'zh-CN': {
    'readOnly.title': '态势图',
    'readOnly.notice': '只读：您的角色可查看态势，不能调度。',
  },
});
