import { defineMessages } from '../../i18n/define-messages.ts';

/** Strings of the responder (phone) view (`responder.*`). */
export const responderMessages = defineMessages({
  en: {
    'responder.title': 'Responder',
    'responder.myUnit': 'My unit',
    'responder.noUnit': 'No unit is assigned to your account. Ask your administrator.',
    'responder.waiting': 'Standing by — a dispatch will appear here with a sound.',
    'responder.status': 'Status',
  },
  'zh-CN': {
    'responder.title': '处警端',
    'responder.myUnit': '我的单元',
    'responder.noUnit': '您的账号未绑定单元，请联系管理员。',
    'responder.waiting': '待命中——收到派警时将在此显示并提示音。',
    'responder.status': '状态',
  },
});
