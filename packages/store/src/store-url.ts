import { StoreError, StoreErrorCode } from './errors.ts';
import { redactUrl } from './redact-url.ts';

export type StoreTarget =
  | { kind: 'sqlite'; filename: string }
  | { kind: 'postgres'; connectionString: string; schema?: string };

const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * Reads a store URL / DATABASE_URL:
 * - `postgres://…` or `postgresql://…` → PostgreSQL; an optional `?schema=name` selects the schema;
 * - `sqlite:path`, `sqlite://path`, `sqlite:///abs/path`, `:memory:` or a plain file path → SQLite.
 */
export function parseStoreUrl(url: string): StoreTarget {
  const text = url.trim();
  if (text.length === 0) {
    throw new StoreError(StoreErrorCode.STORE_URL_INVALID, 'The store URL is empty.');
  }
  const sqlitePath = /^sqlite:(?:\/\/)?(.*)$/i.exec(text);
  if (sqlitePath) {
    if (sqlitePath[1].length === 0) {
      throw new StoreError(
        StoreErrorCode.STORE_URL_INVALID,
        `The store URL ${text} names no SQLite file; use sqlite:path/to/jiefang.db or sqlite::memory:.`,
      );
    }
    return { kind: 'sqlite', filename: sqlitePath[1] };
  }
  const scheme = URL_SCHEME.exec(text)?.[1].toLowerCase();
  if (scheme === undefined) return { kind: 'sqlite', filename: text };
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    throw new StoreError(
      StoreErrorCode.STORE_URL_INVALID,
      `The store URL ${redactUrl(text)} uses ${scheme}://; Jiefang stores data in PostgreSQL (postgres://…) or SQLite (sqlite:path).`,
      { scheme },
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch (error) {
    throw new StoreError(
      StoreErrorCode.STORE_URL_INVALID,
      `The PostgreSQL URL ${redactUrl(text)} is malformed.`,
      {},
      { cause: error },
    );
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  // pg would pass an unknown `schema` parameter on to the server as a startup option.
  parsed.searchParams.delete('schema');
  return {
    kind: 'postgres',
    connectionString: parsed.toString(),
    ...(schema === undefined ? {} : { schema }),
  };
}
