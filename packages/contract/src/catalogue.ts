import { Type, type Static } from 'typebox';

/** GET /api/v1/catalogue: the city's incident categories. */
export const CatalogueSchema = Type.Object({
  categories: Type.Array(
    Type.Object({
      code: Type.String(),
      names: Type.Object({ zh: Type.String(), en: Type.String() }),
      defaultPriority: Type.Integer({ minimum: 1, maximum: 4 }),
      policeMatter: Type.Boolean(),
      departmentKind: Type.Optional(Type.String()),
    }),
  ),
});
export type Catalogue = Static<typeof CatalogueSchema>;
