import { defineMessages } from '../i18n/define-messages.ts';

export const keyboardMessages = defineMessages({
  en: {
    'keyboard.help.title': 'Keyboard shortcuts',
    'keyboard.help.hint': 'Press ? anywhere to show this list, Esc to close it.',
    'keyboard.group.general': 'General',
    'keyboard.group.map': 'Map',
    'keyboard.shortcut.help': 'Show keyboard shortcuts',
    'keyboard.shortcut.close': 'Close dialog or overlay',
    'keyboard.shortcut.language': 'Switch language',
    'keyboard.shortcut.fitCity': 'Show the whole city',
    'keyboard.shortcut.legend': 'Show or hide the legend',
  },
  'zh-CN': {
    'keyboard.help.title': '快捷键',
    'keyboard.help.hint': '任意位置按 ? 显示本列表，按 Esc 关闭。',
    'keyboard.group.general': '通用',
    'keyboard.group.map': '地图',
    'keyboard.shortcut.help': '显示快捷键列表',
    'keyboard.shortcut.close': '关闭对话框或浮层',
    'keyboard.shortcut.language': '切换语言',
    'keyboard.shortcut.fitCity': '显示全城',
    'keyboard.shortcut.legend': '显示或隐藏图例',
  },
});
