/**
 * Wall-clock parts of an instant in a city's time zone (IANA name). The server counts "today"
 * and the hours of the day in it, and the console shows every time in it, so a browser or a
 * server process in another zone reads the same day and hours as the command room.
 */
export function zonedParts(
  ms: number,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour') % 24,
    minute: part('minute'),
    second: part('second'),
  };
}

/** The hour of day (0–23) at `ms` in `timeZone`. */
export function hourInZone(ms: number, timeZone: string): number {
  return zonedParts(ms, timeZone).hour;
}

/** The instant the day containing `ms` began in `timeZone` (midnight there). */
export function dayStartInZone(ms: number, timeZone: string): number {
  const { year, month, day, hour, minute, second } = zonedParts(ms, timeZone);
  // The zone's offset at `ms`: its wall clock read as UTC, less the instant (whole seconds).
  const offset =
    Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(ms / 1000) * 1000;
  const midnightAsUtc = Date.UTC(year, month - 1, day);
  const start = midnightAsUtc - offset;
  // A DST change between midnight and now moves the offset: correct with midnight's own.
  const atStart = zonedParts(start, timeZone);
  const drift =
    Date.UTC(atStart.year, atStart.month - 1, atStart.day, atStart.hour, atStart.minute) -
    midnightAsUtc;
  return start - drift;
}

/** True when `timeZone` is an IANA name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant a wall-clock time ("2026-12-03T14:00[:ss]", as a datetime-local input gives it) names
 * in `timeZone`: a shift typed in the console means the city's 14:00, whatever zone the browser
 * is in. A time skipped by a DST change is read with the offset before it; undefined when the
 * text is not such a time.
 */
export function instantOfWallTime(wallTime: string, timeZone: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wallTime);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0));
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  if (!Number.isFinite(asUtc)) return undefined;
  const offsetAt = (ms: number) => {
    const p = zonedParts(ms, timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - ms;
  };
  const guess = asUtc - offsetAt(asUtc);
  const refined = asUtc - offsetAt(guess);
  return offsetAt(refined) === offsetAt(guess) ? refined : Math.max(guess, refined);
}

/** `ms` as the wall-clock text of a datetime-local input in `timeZone` ("2026-12-03T14:00"). */
export function wallTimeInZone(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}
