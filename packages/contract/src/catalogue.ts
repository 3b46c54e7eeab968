import { Type, type Static } from 'typebox';
import { PrioritySchema } from './incident.ts';

/** GET /api/v1/catalogue: the city's incident categories. */
export const CatalogueSchema = Type.Object({
  categories: Type.Array(
    Type.Object({
      code: Type.String(),
      names: Type.Object({ zh: Type.String(), en: Type.String() }),
      defaultPriority: PrioritySchema,
      policeMatter: Type.Boolean(),
      departmentKind: Type.Optional(Type.String()),
    }),
  ),
});
export type Catalogue = Static<typeof CatalogueSchema>;
