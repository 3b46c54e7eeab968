/** What the live simulator uses of the server, in one place. */
export {
  AggregateType,
  DispatchOffering,
  RecommendationCache,
  dispatchParts,
  incidentPart,
  type CommandPart,
  type PositionTracker,
  type ServerContext,
} from '@jiefang/server';
