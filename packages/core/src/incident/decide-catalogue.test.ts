import { describe, expect, it } from 'vitest';
import { catchDomainError } from '../testing/catch-domain-error.ts';
import { DEFAULT_CATEGORIES } from './catalogue.ts';
import { decideCatalogue } from './decide-catalogue.ts';

const ctx = { now: Date.parse('2026-12-03T08:00:00Z'), actorId: 'admin' };
const startFrom = DEFAULT_CATEGORIES.slice(0, 3);

describe('decideCatalogue', () => {
  it('copies the file’s catalogue on the first edit and adds a category at the end', () => {
    const category = {
      code: 'drone',
      names: { zh: '无人机滋扰', en: 'drone nuisance' },
      defaultPriority: 3 as const,
      policeMatter: true,
    };
    const { state, events } = decideCatalogue(
      undefined,
      { type: 'set_category', category, startFrom },
      ctx,
    );
    expect(state.categories.map((c) => c.code)).toEqual([...startFrom.map((c) => c.code), 'drone']);
    expect(events).toEqual([{ type: 'catalogue.category_set', payload: { category } }]);
  });

  it('replaces a category in place, keeping the others and their order', () => {
    const state = { id: 'catalogue', categories: [...startFrom] };
    const changed = {
      ...startFrom[1],
      names: { zh: '抢夺抢劫', en: 'robbery' },
      defaultPriority: 2 as const,
    };
    const next = decideCatalogue(
      state,
      { type: 'set_category', category: changed, startFrom: [] },
      ctx,
    );
    expect(next.state.categories.map((c) => c.code)).toEqual(startFrom.map((c) => c.code));
    expect(next.state.categories[1]).toEqual(changed);
  });

  it('names the failing field of the entry: a department matter needs its department kind', () => {
    const error = catchDomainError(() =>
      decideCatalogue(
        undefined,
        {
          type: 'set_category',
          category: {
            code: 'noise',
            names: { zh: '噪音', en: 'noise' },
            defaultPriority: 4,
            policeMatter: false,
          },
          startFrom,
        },
        ctx,
      ),
    );
    expect(error.field).toBe('departmentKind');
  });
});
