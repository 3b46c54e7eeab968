/**
 * One observed drive: where a unit left from, where it arrived, and how long it took. Built from
 * a CSV of recorded responses or from the platform's own cleared dispatches; the calibration
 * does not care which.
 */
export interface ObservedDrive {
  /** Stable id (call number, dispatch id), for reports. */
  id: string;
  from: readonly [number, number];
  to: readonly [number, number];
  observedSeconds: number;
  /** Unit kind (ENGINE, TRUCK, police_car, ...): kinds differ in how they drive. */
  kind: string;
  /** Local hour of departure, 0-23. */
  hour: number;
  /** Lights and sirens (true) or a non-emergency drive. */
  emergency: boolean;
  /** Day of departure (YYYY-MM-DD), used to keep a day's drives in one cross-validation fold. */
  day: string;
}
