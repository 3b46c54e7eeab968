import { defineMessages } from '../i18n/define-messages.ts';

export const mapMessages = defineMessages({
  en: {
    'map.label': 'Map of all forces and incidents',
    'map.legend.title': 'Legend',
    'map.legend.kinds': 'Forces',
    'map.legend.statuses': 'Status (ring)',
    'map.legend.incidents': 'Incidents',
    'map.counts.units': '{count} units on the map',
    'map.counts.available': '{count} available',
    'map.counts.incidents': '{count} open incidents',
    'map.hover.trail': 'Last hour’s track shown',
    'map.hover.trailLoading': 'Loading track…',
    'map.basemapUnavailable': 'Basemap unavailable — forces and incidents are still shown.',
    'map.webglUnavailable': 'This browser cannot draw the map (WebGL is off).',
  },
  'zh-CN': {
    'map.label': '全警力与警情地图',
    'map.legend.title': '图例',
    'map.legend.kinds': '力量类型',
    'map.legend.statuses': '状态（外圈）',
    'map.legend.incidents': '警情等级',
    'map.counts.units': '地图上 {count} 个力量',
    'map.counts.available': '{count} 个空闲',
    'map.counts.incidents': '{count} 起在办警情',
    'map.hover.trail': '已显示最近一小时轨迹',
    'map.hover.trailLoading': '正在加载轨迹…',
    'map.basemapUnavailable': '底图不可用——力量与警情仍正常显示。',
    'map.webglUnavailable': '此浏览器无法绘制地图（WebGL 未启用）。',
  },
});
