import { defineMessages } from '../i18n/define-messages.ts';

export const liveMessages = defineMessages({
  en: {
    'live.status.connecting': 'Connecting',
    'live.status.live': 'Live',
    'live.status.reconnecting': 'Reconnecting…',
    'live.status.session_ended': 'Session ended',
    'live.status.stopped': 'Offline',
  },
  'zh-CN': {
    'live.status.connecting': '连接中',
    'live.status.live': '实时',
    'live.status.reconnecting': '重连中…',
    'live.status.session_ended': '会话已结束',
    'live.status.stopped': '离线',
  },
});
