import { readFileSync } from 'node:fs';
import {
  DEFAULT_CATALOGUE,
  DomainError,
  IncidentCatalogue,
  type CategoryDefinition,
} from '@jiefang/core';

/**
 * Each city keeps its own list of incident categories. A bad file stops the start with the
 * failing entry named (core validates every field), never a half-known catalogue.
 */
export function loadCatalogue(path: string): IncidentCatalogue {
  if (path === '') return DEFAULT_CATALOGUE;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the incident catalogue ${path}: ${(error as Error).message}`);
  }
  let categories: unknown;
  try {
    categories = JSON.parse(text);
  } catch (error) {
    throw new Error(`the incident catalogue ${path} is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(categories)) {
    throw new Error(`the incident catalogue ${path} must be a JSON array of categories`);
  }
  try {
    return new IncidentCatalogue(categories as CategoryDefinition[]);
  } catch (error) {
    if (error instanceof DomainError) {
      const problems = (error.problems ?? []).map((p) => `${p.field} ${p.message}`).join('; ');
      throw new Error(`the incident catalogue ${path} is invalid: ${problems || error.message}`);
    }
    throw error;
  }
}
