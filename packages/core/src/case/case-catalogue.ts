import type { CaseKind } from './case.ts';

/** The kinds of department a case can go to; each department org declares one in the case settings. */
export type DepartmentKind =
  | 'urban_management'
  | 'housing'
  | 'market_regulation'
  | 'transport'
  | 'utilities'
  | 'civil_affairs'
  | 'health'
  | 'environment'
  | 'justice';

export const DEPARTMENT_KINDS: readonly DepartmentKind[] = [
  'urban_management',
  'housing',
  'market_regulation',
  'transport',
  'utilities',
  'civil_affairs',
  'health',
  'environment',
  'justice',
];

export interface CaseCategory {
  code: string;
  names: { zh: string; en: string };
  /** The kind a case of this category is by default (a dispute is mediated, a crack a hazard). */
  kind: CaseKind;
  /** Who normally handles it, when no routing rule names a department. */
  departmentKind: DepartmentKind;
  /** Open311 `group` and `keywords` of the service. */
  group: string;
  keywords: string[];
  description: string;
}

const c = (
  code: string,
  zh: string,
  en: string,
  kind: CaseKind,
  departmentKind: DepartmentKind,
  group: string,
  keywords: string[],
  description: string,
): CaseCategory => ({
  code,
  names: { zh, en },
  kind,
  departmentKind,
  group,
  keywords,
  description,
});

/**
 * The categories of non-police matters, after what Hefei's community reported (noise, card
 * games, neighbour disputes) and the usual 12345 hotline groups. Codes are Open311 service codes.
 */
export const CASE_CATEGORIES: readonly CaseCategory[] = [
  c(
    'noise',
    '噪音扰民',
    'Noise nuisance',
    'work_order',
    'urban_management',
    'nuisance',
    ['noise', 'music', 'construction'],
    'Loud music, construction or square dancing out of hours',
  ),
  c(
    'illegal_parking',
    '违章停车',
    'Illegal parking',
    'work_order',
    'transport',
    'streets',
    ['parking', 'car'],
    'A vehicle blocking a road, a fire lane or a pavement',
  ),
  c(
    'street_vending',
    '占道经营',
    'Street vending',
    'work_order',
    'urban_management',
    'streets',
    ['vendor', 'stall'],
    'Stalls occupying the road or pavement',
  ),
  c(
    'garbage',
    '垃圾堆放',
    'Garbage',
    'work_order',
    'environment',
    'sanitation',
    ['trash', 'rubbish'],
    'Garbage piled up or not collected',
  ),
  c(
    'road_damage',
    '道路破损',
    'Damaged road',
    'work_order',
    'transport',
    'streets',
    ['pothole', 'road'],
    'Potholes, broken kerbs or missing manhole covers',
  ),
  c(
    'streetlight',
    '路灯故障',
    'Streetlight out',
    'work_order',
    'utilities',
    'streets',
    ['light', 'lamp'],
    'A streetlight that is out or flickering',
  ),
  c(
    'water_leak',
    '供水漏水',
    'Water leak',
    'work_order',
    'utilities',
    'utilities',
    ['water', 'pipe'],
    'A burst pipe or a leak in the street',
  ),
  c(
    'housing_repair',
    '房屋维修',
    'Housing repair',
    'work_order',
    'housing',
    'housing',
    ['house', 'repair', 'lift'],
    'A broken lift, roof or shared part of a residential building',
  ),
  c(
    'market_fraud',
    '消费欺诈',
    'Consumer complaint',
    'work_order',
    'market_regulation',
    'market',
    ['shop', 'fraud', 'price'],
    'Overcharging, fake goods or a shop refusing a refund',
  ),
  c(
    'food_safety',
    '食品安全',
    'Food safety',
    'work_order',
    'market_regulation',
    'market',
    ['food', 'restaurant'],
    'Unsafe food or an unlicensed kitchen',
  ),
  c(
    'elderly_care',
    '困难帮扶',
    'Welfare help',
    'work_order',
    'civil_affairs',
    'welfare',
    ['elderly', 'welfare'],
    'An elderly or vulnerable person who needs help',
  ),
  c(
    'public_health',
    '公共卫生',
    'Public health',
    'work_order',
    'health',
    'health',
    ['health', 'pests'],
    'Pests, sanitation or an infectious-disease concern',
  ),
  c(
    'neighbour_dispute',
    '邻里纠纷',
    'Neighbour dispute',
    'mediation',
    'justice',
    'disputes',
    ['neighbour', 'dispute'],
    'A dispute between neighbours to mediate',
  ),
  c(
    'family_dispute',
    '家庭纠纷',
    'Family dispute',
    'mediation',
    'justice',
    'disputes',
    ['family', 'dispute'],
    'A family dispute to mediate before it escalates',
  ),
  c(
    'labour_dispute',
    '劳资纠纷',
    'Wage dispute',
    'mediation',
    'justice',
    'disputes',
    ['wage', 'labour'],
    'Unpaid wages or a dispute with an employer',
  ),
  c(
    'fire_hazard',
    '消防隐患',
    'Fire hazard',
    'hazard',
    'urban_management',
    'hazards',
    ['fire', 'exit'],
    'Blocked fire exits, e-bikes charging indoors, flammables stored unsafely',
  ),
  c(
    'structural_hazard',
    '建筑隐患',
    'Structural hazard',
    'hazard',
    'housing',
    'hazards',
    ['building', 'crack'],
    'Cracked walls, loose facades, unsafe scaffolding',
  ),
  c(
    'gas_hazard',
    '燃气隐患',
    'Gas hazard',
    'hazard',
    'utilities',
    'hazards',
    ['gas'],
    'Unsafe gas bottles or pipes in a shop or home',
  ),
  c(
    'grid_other',
    '网格上报',
    'Grid report',
    'grid_report',
    'civil_affairs',
    'grid',
    ['grid'],
    'Anything else a grid worker found on rounds',
  ),
];

export function caseCategory(code: string): CaseCategory | undefined {
  return CASE_CATEGORIES.find((category) => category.code === code);
}
