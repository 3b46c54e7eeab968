import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from './config.ts';

describe('server configuration from the environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('logs each request at info unless LOG_LEVEL says otherwise', () => {
    delete process.env.LOG_LEVEL;
    expect(defaultConfig().logLevel).toBe('info');
    process.env.LOG_LEVEL = 'debug';
    expect(defaultConfig().logLevel).toBe('debug');
  });

  it('refuses a misspelt LOG_LEVEL or a police floor that is not a whole number', () => {
    process.env.LOG_LEVEL = 'verbose';
    expect(() => defaultConfig()).toThrow(/LOG_LEVEL must be one of/);
    delete process.env.LOG_LEVEL;
    process.env.MOBILISE_POLICE_FLOOR = '-1';
    expect(() => defaultConfig()).toThrow(/MOBILISE_POLICE_FLOOR/);
    process.env.MOBILISE_POLICE_FLOOR = '3';
    expect(defaultConfig().mobilisePoliceFloor).toBe(3);
  });
});
