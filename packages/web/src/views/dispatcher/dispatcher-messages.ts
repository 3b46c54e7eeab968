import { defineMessages } from '../../i18n/define-messages.ts';

/** Strings of the dispatcher view. Add keys here as the view grows (`dispatcher.*`). */
export const dispatcherMessages = defineMessages({
  en: {
    'dispatcher.title': 'Dispatch console',
    'dispatcher.queue.title': 'Incident queue',
    'dispatcher.queue.empty': 'No open incidents',
    'dispatcher.queue.received': 'received {time}',
    'dispatcher.board.title': 'Unit status',
    'dispatcher.board.total': '{count} units',
  },
  'zh-CN': {
    'dispatcher.title': '调度台',
    'dispatcher.queue.title': '警情队列',
    'dispatcher.queue.empty': '当前无在办警情',
    'dispatcher.queue.received': '{time} 接报',
    'dispatcher.board.title': '力量状态',
    'dispatcher.board.total': '共 {count} 个力量',
  },
});
