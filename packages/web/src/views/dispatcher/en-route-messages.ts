import { defineMessages } from '../../i18n/define-messages.ts';

/** Strings of the units on their way and on scene (`enRoute.*`). */
export const enRouteMessages = defineMessages({
  en: {
    'enRoute.eta': 'ETA {time}',
    'enRoute.late': 'late {time}',
    'enRoute.basis.route': 'By road from the unit’s last position',
    'enRoute.basis.promised': 'As promised at dispatch (no position from the unit yet)',
    'enRoute.gap.near': '{distance} from the scene',
    'enRoute.gap.far': '⚠ reported on scene {distance} away',
  },
  'zh-CN': {
    'enRoute.eta': '预计 {time} 到达',
    'enRoute.late': '已超预计 {time}',
    'enRoute.basis.route': '按力量最新位置的道路路线计算',
    'enRoute.basis.promised': '派警时的预计时间（尚无该力量位置）',
    'enRoute.gap.near': '距现场 {distance}',
    'enRoute.gap.far': '⚠ 报到场时距现场 {distance}',
  },
});
