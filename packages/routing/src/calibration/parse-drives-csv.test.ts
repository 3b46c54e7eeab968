import { describe, expect, it } from 'vitest';
import { RoutingErrorCode } from '../errors.ts';
import { parseDrivesCsv } from './parse-drives-csv.ts';

const HEADER =
  'call_number,unit_id,unit_type,priority,hour_of_day,from_lat,from_lon,to_lat,to_lon,observed_travel_s,response_dttm_local,suspect_timing';

describe('parseDrivesCsv', () => {
  it('reads drives, counts suspect rows without reading their values', () => {
    const text = [
      HEADER,
      '1,E41,ENGINE,3,0,37.79,-122.41,37.78,-122.42,43,2016-12-31 00:05:53,0',
      '2,T2,TRUCK,2,13,37.79,-122.41,37.78,-122.42,120,2017-01-02 13:00:00,0',
      '3,E5,ENGINE,E,15,37.78,-122.43,37.77,-122.43,0,2016-12-31 15:31:07,1',
    ].join('\n');
    const { drives, suspect } = parseDrivesCsv(text);
    expect(suspect).toBe(1);
    expect(drives).toEqual([
      {
        id: '1/E41',
        from: [-122.41, 37.79],
        to: [-122.42, 37.78],
        observedSeconds: 43,
        kind: 'ENGINE',
        hour: 0,
        emergency: true,
        day: '2016-12-31',
      },
      {
        id: '2/T2',
        from: [-122.41, 37.79],
        to: [-122.42, 37.78],
        observedSeconds: 120,
        kind: 'TRUCK',
        hour: 13,
        emergency: false,
        day: '2017-01-02',
      },
    ]);
  });

  it.each([
    ['observed_travel_s', '1,E41,ENGINE,3,0,37.79,-122.41,37.78,-122.42,abc,2016-12-31 00:05,0'],
    ['from_lat', '1,E41,ENGINE,3,0,97.79,-122.41,37.78,-122.42,43,2016-12-31 00:05,0'],
    ['hour_of_day', '1,E41,ENGINE,3,24,37.79,-122.41,37.78,-122.42,43,2016-12-31 00:05,0'],
    ['response_dttm_local', '1,E41,ENGINE,3,0,37.79,-122.41,37.78,-122.42,43,yesterday,0'],
  ])('a bad %s is a coded error naming row and column', (column, row) => {
    expect(() => parseDrivesCsv(`${HEADER}\n${row}`)).toThrow(
      expect.objectContaining({ code: RoutingErrorCode.DRIVES_INVALID, field: `row 2 ${column}` }),
    );
  });

  it('a missing column is a coded error naming it', () => {
    expect(() => parseDrivesCsv('call_number,unit_id\n1,E1')).toThrow(
      expect.objectContaining({ code: RoutingErrorCode.DRIVES_INVALID, field: 'unit_type' }),
    );
  });
});
