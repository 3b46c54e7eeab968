import { ProblemList, notFound } from '../errors.ts';
import { isPriority, type Priority } from './priority.ts';

/** One kind of call the centre takes. Police matters get dispatches; others become work orders. */
export interface CategoryDefinition {
  code: string;
  names: { zh: string; en: string };
  defaultPriority: Priority;
  /** False for non-police requests (a burst pipe, noise, a broken street light). */
  policeMatter: boolean;
  /** For non-police categories: the kind of department the work order goes to. */
  departmentKind?: string;
}

/**
 * The configurable list of incident categories. Each city keeps its own (administrators edit
 * it); the default below is a starting point taken from the practices in DESIGN.md.
 */
export class IncidentCatalogue {
  private readonly byCode: Map<string, CategoryDefinition>;

  /** Throws ERR_VALIDATION naming each bad entry. */
  constructor(readonly categories: readonly CategoryDefinition[]) {
    const problems = new ProblemList();
    this.byCode = new Map();
    categories.forEach((c, i) => {
      if (typeof c.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(c.code)) {
        problems.add(`categories[${i}].code`, 'must be lower-case letters, digits and _');
      } else if (this.byCode.has(c.code)) {
        problems.add(`categories[${i}].code`, `${c.code} is used twice`);
      }
      if (!c.names?.zh || !c.names?.en) problems.add(`categories[${i}].names`, 'need zh and en');
      if (!isPriority(c.defaultPriority))
        problems.add(`categories[${i}].defaultPriority`, 'must be 1..4');
      if (typeof c.policeMatter !== 'boolean')
        problems.add(`categories[${i}].policeMatter`, 'must be true or false');
      if (c.policeMatter === false && !c.departmentKind) {
        problems.add(`categories[${i}].departmentKind`, 'is required for a non-police category');
      }
      this.byCode.set(c.code, c);
    });
    problems.throwIfAny('incident catalogue');
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  get(code: string): CategoryDefinition {
    const category = this.byCode.get(code);
    if (!category) throw notFound('incident category', code, 'categoryCode');
    return category;
  }

  codes(): string[] {
    return [...this.byCode.keys()];
  }
}

export const DEFAULT_CATEGORIES: readonly CategoryDefinition[] = [
  {
    code: 'violent_attack',
    names: { zh: '暴力袭击', en: 'violent attack' },
    defaultPriority: 1,
    policeMatter: true,
  },
  { code: 'robbery', names: { zh: '抢劫', en: 'robbery' }, defaultPriority: 1, policeMatter: true },
  { code: 'fight', names: { zh: '打架斗殴', en: 'fight' }, defaultPriority: 2, policeMatter: true },
  { code: 'theft', names: { zh: '盗窃', en: 'theft' }, defaultPriority: 3, policeMatter: true },
  {
    code: 'wanted_person',
    names: { zh: '在逃人员', en: 'wanted person sighted' },
    defaultPriority: 2,
    policeMatter: true,
  },
  {
    code: 'welfare_check',
    names: { zh: '安危查看', en: 'welfare check' },
    defaultPriority: 1,
    policeMatter: true,
  },
  {
    code: 'missing_person',
    names: { zh: '人员走失', en: 'missing person' },
    defaultPriority: 2,
    policeMatter: true,
  },
  {
    code: 'traffic_accident',
    names: { zh: '交通事故', en: 'traffic accident' },
    defaultPriority: 2,
    policeMatter: true,
  },
  {
    code: 'crowd',
    names: { zh: '人员聚集', en: 'crowd gathering' },
    defaultPriority: 3,
    policeMatter: true,
  },
  {
    code: 'suspicious',
    names: { zh: '可疑情况', en: 'suspicious activity' },
    defaultPriority: 3,
    policeMatter: true,
  },
  {
    code: 'dispute',
    names: { zh: '矛盾纠纷', en: 'dispute' },
    defaultPriority: 3,
    policeMatter: true,
  },
  {
    code: 'assist',
    names: { zh: '求助', en: 'request for assistance' },
    defaultPriority: 3,
    policeMatter: true,
  },
  {
    code: 'noise',
    names: { zh: '噪音扰民', en: 'noise nuisance' },
    defaultPriority: 4,
    policeMatter: false,
    departmentKind: 'urban_management',
  },
  {
    code: 'road_hazard',
    names: { zh: '道路隐患', en: 'road hazard' },
    defaultPriority: 4,
    policeMatter: false,
    departmentKind: 'urban_management',
  },
  {
    code: 'utility_failure',
    names: { zh: '水电气故障', en: 'water, power or gas failure' },
    defaultPriority: 3,
    policeMatter: false,
    departmentKind: 'utilities',
  },
];

export const DEFAULT_CATALOGUE = new IncidentCatalogue(DEFAULT_CATEGORIES);
