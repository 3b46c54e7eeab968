import { describe, expect, it } from 'vitest';
import { joinNegativeValues, parseCliArgs, parseLonLat } from './arguments.ts';

describe('parseCliArgs', () => {
  const options = { from: { type: 'string' }, json: { type: 'boolean' } } as const;

  it('takes a western longitude as the value of --from (parseArgs alone calls it ambiguous)', () => {
    const { values } = parseCliArgs({ args: ['--from', '-122.4,37.7', '--json'], options });
    expect(values.from).toBe('-122.4,37.7');
    expect(parseLonLat(values.from, '--from')).toEqual([-122.4, 37.7]);
    expect(values.json).toBe(true);
  });

  it('leaves real options and positive values alone', () => {
    expect(joinNegativeValues(['--from', '1,2', '--json'], options)).toEqual([
      '--from',
      '1,2',
      '--json',
    ]);
    expect(joinNegativeValues(['--json', '-.5'], options)).toEqual(['--json', '-.5']);
    expect(() => parseCliArgs({ args: ['--from', '--json'], options })).toThrow();
  });
});
