import { defineMessages } from './define-messages.ts';

/** Strings of the whole console: its name, the languages, generic words. */
export const commonMessages = defineMessages({
  en: {
    'app.name': 'Jiefang',
    'app.title': 'Jiefang command & dispatch',
    'app.tagline': 'Police, community emergency units and grid workers — one city, one picture',
    'language.label': 'Language',
    'language.zh-CN': '中文',
    'language.en': 'English',
    'common.loading': 'Loading…',
    'common.close': 'Close',
    'common.retry': 'Retry',
    'common.none': 'None',
  },
  'zh-CN': {
    'app.name': '街坊',
    'app.title': '街坊 · 指挥调度',
    'app.tagline': '公安、社区应急单元与网格员同城联动 · 一图观全警',
    'language.label': '语言',
    'language.zh-CN': '中文',
    'language.en': 'English',
    'common.loading': '加载中…',
    'common.close': '关闭',
    'common.retry': '重试',
    'common.none': '无',
  },
});
