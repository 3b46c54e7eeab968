import { Type, type Static } from 'typebox';
import { LABEL_LANGUAGES } from './basemap-label-field.ts';
import { literals } from './common.ts';

export const LabelLanguageSchema = literals(LABEL_LANGUAGES);

/** GET /api/v1/basemap/style.json: the labels' language (default zh-CN, the city's own). */
export const BasemapStyleQuery = Type.Object({
  lang: Type.Optional(LabelLanguageSchema),
});
export type BasemapStyleQuery = Static<typeof BasemapStyleQuery>;
