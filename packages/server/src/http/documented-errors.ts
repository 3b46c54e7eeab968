import { readFileSync } from 'node:fs';

/**
 * `code` → the HTTP statuses packages/server/ERRORS.md documents for it. The server's error
 * tables (its own codes and those of core, routing and the store it maps) are the contract an
 * error body is checked against.
 */
export function documentedErrorStatuses(): Map<string, Set<number>> {
  const text = readFileSync(new URL('../../ERRORS.md', import.meta.url), 'utf8');
  const documented = new Map<string, Set<number>>();
  for (const line of text.split('\n')) {
    const row = /^\|\s*`(ERR_[A-Z0-9_]+)`\s*\|\s*([0-9, ]+)\s*\|/.exec(line);
    if (!row) continue;
    const statuses = documented.get(row[1]) ?? new Set<number>();
    for (const status of row[2].split(',')) statuses.add(Number(status.trim()));
    documented.set(row[1], statuses);
  }
  return documented;
}

/**
 * Why an error answer breaks the contract, or undefined when it keeps it. The Open311 routes
 * answer in GeoReport v2's own error format (`[{code, description}]`, code = the HTTP status), as
 * that specification requires; every other route in the API's `{error:{code,message}}`.
 */
export function errorBodyProblem(
  status: number,
  body: string,
  documented: Map<string, Set<number>>,
  path = '',
): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  if (path.startsWith('/open311/')) return georeportErrorProblem(status, parsed);
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') {
    return 'body is not {error:{code,message}}';
  }
  const statuses = documented.get(error.code);
  if (!statuses) return `code ${error.code} is not in ERRORS.md`;
  if (!statuses.has(status)) return `code ${error.code} is not documented with status ${status}`;
  return undefined;
}

function georeportErrorProblem(status: number, parsed: unknown): string | undefined {
  if (!Array.isArray(parsed) || parsed.length === 0) return 'body is not a GeoReport error list';
  for (const item of parsed as { code?: unknown; description?: unknown }[]) {
    if (item?.code !== status || typeof item.description !== 'string') {
      return 'GeoReport error without the status as code and a description';
    }
  }
  return undefined;
}
