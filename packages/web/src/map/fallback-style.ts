import type { StyleSpecification } from 'maplibre-gl';
import type { Locale } from '../i18n/locale.ts';

/**
 * The style used when the server has no basemap (a city imported without one): a plain
 * background, so units and incidents still draw.
 */
export const FALLBACK_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#1a2330' } }],
};

export const BASEMAP_STYLE_URL = '/api/v1/basemap/style.json';

/** The basemap style with its labels in the console's language. */
export function basemapStyleUrl(locale: Locale): string {
  return `${BASEMAP_STYLE_URL}?lang=${locale}`;
}
