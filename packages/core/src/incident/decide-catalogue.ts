import { DomainError, DomainErrorCode } from '../errors.ts';
import type { DecideContext, Decision } from '../shared/decision.ts';
import { IncidentCatalogue, type CategoryDefinition } from './catalogue.ts';

/** The one catalogue of a deployment, once an administrator changed it (the file's until then). */
export interface EditedCatalogue {
  id: string;
  categories: CategoryDefinition[];
}

/** The id of the stored catalogue: a deployment has one. */
export const CATALOGUE_ID = 'catalogue';

/**
 * Adds a category or replaces the one with its code. `startFrom` is the catalogue in force
 * before the first edit (the city's file), which the first edit copies. Categories are never
 * removed: incidents and plans keep naming them.
 */
export type CatalogueCommand = {
  type: 'set_category';
  category: CategoryDefinition;
  startFrom: readonly CategoryDefinition[];
};

export function decideCatalogue(
  state: EditedCatalogue | undefined,
  command: CatalogueCommand,
  _context: DecideContext,
): Decision<EditedCatalogue> {
  const category = validCategory(command.category);
  const current = state?.categories ?? [...command.startFrom];
  const index = current.findIndex((c) => c.code === category.code);
  const categories =
    index === -1 ? [...current, category] : current.map((c, i) => (i === index ? category : c));
  return {
    events: [{ type: 'catalogue.category_set', payload: { category } }],
    state: { id: CATALOGUE_ID, categories },
  };
}

/** The catalogue's own rules for one entry, its problems named by the entry's fields. */
function validCategory(category: CategoryDefinition): CategoryDefinition {
  try {
    new IncidentCatalogue([category]);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const strip = (field: string) => field.replace(/^categories\[0\]\./, '');
    const problems = (error.problems ?? []).map((p) => ({ ...p, field: strip(p.field) }));
    throw new DomainError(
      DomainErrorCode.VALIDATION,
      problems.map((p) => `${p.field} ${p.message}`).join('; ') || error.message,
      problems[0]?.field,
      problems,
    );
  }
  // Only the departmentKind of a department matter is kept: a police matter has none.
  const { departmentKind, ...rest } = category;
  return category.policeMatter ? rest : { ...rest, departmentKind };
}
