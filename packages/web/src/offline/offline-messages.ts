import { defineMessages } from '../i18n/define-messages.ts';

/** Strings of the offline outbox and the installed app (`offline.*`). */
export const offlineMessages = defineMessages({
  en: {
    'offline.offline': 'Offline — your actions are kept on this phone',
    'offline.pending': 'Waiting to send: {count}',
    'offline.sending': 'Sending {count} saved actions…',
    'offline.refused': 'The server did not take a saved action: {message}',
    'offline.queued': 'Saved — sent when the connection is back',
  },
  'zh-CN': {
    'offline.offline': '离线——您的操作已保存在本机',
    'offline.pending': '待发送：{count}',
    'offline.sending': '正在发送 {count} 项已保存的操作…',
    'offline.refused': '服务器未接受一项已保存的操作：{message}',
    'offline.queued': '已保存——恢复连接后发送',
  },
});
