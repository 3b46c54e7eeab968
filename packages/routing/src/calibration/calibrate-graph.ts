import { buildAdjacency } from '../build/build-profile-graph.ts';
import type { CityGraphData, ProfileGraph } from '../graph/profile-graph.ts';
import { GROUP_OF_CLASS_INDEX, ROAD_GROUPS } from './road-groups.ts';
import type { TravelTimeModel } from './travel-time-model.ts';

/**
 * The city with each calibrated profile's edge times replaced by the model's road part: factor
 * of the edge's road group × its seconds, plus the per-edge junction delay. Topology, geometry
 * and the spatial index are shared with the input, so snapped points stay valid; pace stays
 * uniform along each edge, which partial-edge pricing relies on.
 */
export function calibrateGraph(
  city: CityGraphData,
  models: readonly TravelTimeModel[],
): CityGraphData {
  const byProfile = new Map(models.map((m) => [m.profile, m]));
  return {
    ...city,
    profiles: city.profiles.map((graph) => {
      const model = byProfile.get(graph.profile);
      return model === undefined ? graph : calibrateProfile(graph, model);
    }),
  };
}

function calibrateProfile(graph: ProfileGraph, model: TravelTimeModel): ProfileGraph {
  const factors = ROAD_GROUPS.map((g) => model.classFactors[g]);
  const forward = new Float32Array(graph.edgeCount);
  const backward = new Float32Array(graph.edgeCount);
  for (let e = 0; e < graph.edgeCount; e++) {
    const factor = factors[GROUP_OF_CLASS_INDEX[graph.edgeClass[e]]];
    forward[e] = graph.edgeForwardSeconds[e] * factor + model.secondsPerEdge;
    backward[e] = graph.edgeBackwardSeconds[e] * factor + model.secondsPerEdge;
  }
  const adjacency = buildAdjacency(graph.nodeCount, graph.edgeU, graph.edgeV, forward, backward);
  return {
    ...graph,
    edgeForwardSeconds: forward,
    edgeBackwardSeconds: backward,
    ...adjacency,
  };
}
