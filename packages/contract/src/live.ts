import { Type, type Static } from 'typebox';

/** One committed event as the timeline route and the live socket deliver it. */
export const StoredEventSchema = Type.Object({
  seq: Type.Integer(),
  type: Type.String(),
  aggregateType: Type.String(),
  aggregateId: Type.String(),
  version: Type.Integer(),
  orgId: Type.String(),
  actorId: Type.String(),
  at: Type.String(),
  payload: Type.Record(Type.String(), Type.Unknown()),
});
export type StoredEvent<P = Record<string, unknown>> = Omit<
  Static<typeof StoredEventSchema>,
  'payload'
> & { payload: P };
