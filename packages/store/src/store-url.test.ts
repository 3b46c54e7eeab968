import { describe, expect, it } from 'vitest';
import { StoreErrorCode } from './errors.ts';
import { parseStoreUrl } from './store-url.ts';

describe('parseStoreUrl', () => {
  it.each([
    ['postgres://u:p@db:5432/jiefang', 'postgres://u:p@db:5432/jiefang'],
    ['postgresql://db/jiefang?sslmode=require', 'postgresql://db/jiefang?sslmode=require'],
  ])('reads %s as PostgreSQL', (url, connectionString) => {
    expect(parseStoreUrl(url)).toEqual({ kind: 'postgres', connectionString });
  });

  it('takes the schema out of a PostgreSQL URL', () => {
    expect(parseStoreUrl('postgres://db/jiefang?schema=district_7')).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://db/jiefang',
      schema: 'district_7',
    });
  });

  it.each([
    ['sqlite:data/jiefang.db', 'data/jiefang.db'],
    ['sqlite://data/jiefang.db', 'data/jiefang.db'],
    ['sqlite:///var/lib/jiefang.db', '/var/lib/jiefang.db'],
    ['sqlite::memory:', ':memory:'],
    [':memory:', ':memory:'],
    ['/var/lib/jiefang.db', '/var/lib/jiefang.db'],
    ['jiefang.db', 'jiefang.db'],
    ['C:\\jiefang\\jiefang.db', 'C:\\jiefang\\jiefang.db'],
  ])('reads %s as SQLite file %s', (url, filename) => {
    expect(parseStoreUrl(url)).toEqual({ kind: 'sqlite', filename });
  });

  it.each(['', '   ', 'sqlite:', 'mysql://db/jiefang', 'https://example.org/db'])(
    'rejects %j with ERR_STORE_URL_INVALID',
    (url) => {
      expect(() => parseStoreUrl(url)).toThrow(
        expect.objectContaining({ code: StoreErrorCode.STORE_URL_INVALID }),
      );
    },
  );

  it('keeps the password out of the error message', () => {
    expect(() => parseStoreUrl('mysql://admin:s3cret@db/jiefang')).toThrow(/^(?!.*s3cret)/);
  });
});
