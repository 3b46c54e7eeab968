import type { Priority } from '@jiefang/core';
import { EPSG_2913, type NijCall } from '@jiefang/forecast';
import { readNijFile } from '@jiefang/forecast/io';

export { EPSG_2913 };

/** One Portland Police Bureau call for service, with the priority and code the simulator uses. */
export interface PortlandCall extends NijCall {
  categoryCode: string;
  priority: Priority;
}

/**
 * Reads the NIJ file with the forecast package's reader (one parser for the format) and
 * classifies each call for the simulator.
 */
export function readPortlandCalls(path: string): PortlandCall[] {
  return readNijFile(path).map((call) => ({ ...call, ...classifyCall(call.description) }));
}

/**
 * Priority from the Portland case description: `*H` (with weapon, robbery, stabbing, burglary
 * in progress) → 1; `PRIORITY`, shots fired and injury accidents → 2; `COLD` (reported after
 * the fact: nobody at risk now) → 4; the rest (unwanted person, suspicious, area checks…) → 3.
 * The category is the nearest code of core's default catalogue, for the plan and the label.
 */
export function classifyCall(description: string): { categoryCode: string; priority: Priority } {
  const d = description.toUpperCase();
  const priority: Priority = d.includes('*H')
    ? 1
    : d.includes('PRIORITY') || d.includes('SHOTS FIRED') || /ACCIDENT - (UNKNOWN )?INJURY/.test(d)
      ? 2
      : d.includes('COLD')
        ? 4
        : 3;
  const categoryCode = /ASSAULT|STABBING|SHOTS/.test(d)
    ? 'violent_attack'
    : d.includes('ROBBERY')
      ? 'robbery'
      : /THEFT|BURGLARY|VEHICLE STOLEN|VEHICLE RECOVERED|VANDALISM|FRAUD|PROWLER/.test(d)
        ? 'theft'
        : /ACCIDENT|DRIVING|HAZARD|PARKING/.test(d)
          ? 'traffic_accident'
          : /SUSPICIOUS|AREA CHECK|PREMISE CHECK/.test(d)
            ? 'suspicious'
            : /DISTURBANCE|THREAT|UNWANTED|NOISE|PARTY|VICE|TRIMET|SCHOOL/.test(d)
              ? 'dispute'
              : 'assist';
  return { categoryCode, priority };
}
