import { DEPARTMENT_KINDS } from '@jiefang/core';
import { Type, type Static } from 'typebox';
import { PrioritySchema } from './incident.ts';
import { literals } from './common.ts';

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

/** PUT /api/v1/catalogue/categories/{code}: adds the category or replaces the one with this code. */
export const CategoryCodeParams = Type.Object(
  { code: Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 }) },
  { additionalProperties: false },
);

export const CategoryBody = Type.Object(
  {
    names: Type.Object(
      {
        zh: Type.String({ minLength: 1, maxLength: 100 }),
        en: Type.String({ minLength: 1, maxLength: 100 }),
      },
      { additionalProperties: false },
    ),
    defaultPriority: Type.Union([
      Type.Literal(1),
      Type.Literal(2),
      Type.Literal(3),
      Type.Literal(4),
    ]),
    policeMatter: Type.Boolean(),
    departmentKind: Type.Optional(literals(DEPARTMENT_KINDS)),
  },
  { additionalProperties: false },
);
export type CategoryBodyValue = Static<typeof CategoryBody>;
