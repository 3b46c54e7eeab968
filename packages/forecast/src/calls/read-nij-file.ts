import { readFileSync } from 'node:fs';
import { ForecastError, ForecastErrorCode } from '../errors.ts';
import { parseNijCalls, type NijCall } from './nij-calls.ts';

/** Reads one NIJ calls file (the file-system edge of parseNijCalls). */
export function readNijFile(path: string): NijCall[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ForecastError(
      ForecastErrorCode.CALLS_UNREADABLE,
      `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      path,
    );
  }
  return parseNijCalls(text, path);
}
