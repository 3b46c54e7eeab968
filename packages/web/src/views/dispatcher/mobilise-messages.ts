import { defineMessages } from '../../i18n/define-messages.ts';

/** Strings of the mobilisation confirmation (`mobilise.*`). */
export const mobiliseMessages = defineMessages({
  en: {
    'mobilise.title': 'Mobilise {group}?',
    'mobilise.loading': 'Counting who would leave…',
    'mobilise.summary': '{count} units would leave for {incident}:',
    'mobilise.none': 'No available unit of this group can be sent.',
    'mobilise.area': '{area}: {kinds}',
    'mobilise.kindCount': '{count} × {kind}',
    'mobilise.keeps': '{after} of {before} police stay available',
    'mobilise.held': '{count} police kept back (floor {floor} per area)',
    'mobilise.override': 'Go below the floor ({count} more units)',
    'mobilise.reason': 'Reason for going below the floor (recorded)',
    'mobilise.confirm': 'Send {count} units',
    'mobilise.cancel': 'Cancel',
  },
  'zh-CN': {
    'mobilise.title': '确认对「{group}」一键调警？',
    'mobilise.loading': '正在统计将派出的力量…',
    'mobilise.summary': '将有 {count} 个力量前往 {incident}：',
    'mobilise.none': '该频道没有可派出的空闲力量。',
    'mobilise.area': '{area}：{kinds}',
    'mobilise.kindCount': '{kind} {count} 个',
    'mobilise.keeps': '派出后剩余可用警力 {after}/{before}',
    'mobilise.held': '为保底留守 {count} 个警力（每个辖区至少 {floor} 个）',
    'mobilise.override': '突破保底警力（再派 {count} 个）',
    'mobilise.reason': '突破保底的理由（将记入审计）',
    'mobilise.confirm': '确认派出 {count} 个',
    'mobilise.cancel': '取消',
  },
});
