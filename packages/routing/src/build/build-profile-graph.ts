import Flatbush from 'flatbush';
import { haversineMetres, type LocalProjection } from '../geo/geodesy.ts';
import type { ProfileGraph } from '../graph/profile-graph.ts';
import type { RoadData } from './collect-roads.ts';
import { Growable } from './growable.ts';
import { hilbertOrder } from './hilbert-order.ts';
import { stronglyConnectedComponents } from './strongly-connected.ts';

/**
 * Builds one profile's graph from collected roads, in four steps:
 *  1. OSM segments (consecutive way nodes) the profile may use, with seconds per direction;
 *  2. vertices: nodes where the network branches or ends, or where the travel rules change;
 *  3. edges: the chains between vertices, with their geometry;
 *  4. the largest strongly connected component, renumbered in Hilbert order so that vertices
 *     near each other on the map sit near each other in memory.
 */
export function buildProfileGraph(
  roads: RoadData,
  profileIndex: number,
  projection: LocalProjection,
): ProfileGraph {
  const profileCount = roads.profiles.length;
  const segments = collectSegments(roads, profileIndex, profileCount);
  const chains = contractChains(roads.nodeIds.length, segments);
  return assemble(roads, profileIndex, chains, projection);
}

/** The OSM segments a profile may use, before contraction: what pgRouting cross-checks against. */
export interface Segments {
  count: number;
  a: Int32Array;
  b: Int32Array;
  forward: Float64Array;
  backward: Float64Array;
  metres: Float64Array;
  name: Int32Array;
  /** Index into ROAD_CLASSES. */
  roadClass: Uint8Array;
}

export function collectSegments(roads: RoadData, p: number, profileCount: number): Segments {
  const a = new Growable(Int32Array, 1 << 16);
  const b = new Growable(Int32Array, 1 << 16);
  const forward = new Growable(Float64Array, 1 << 16);
  const backward = new Growable(Float64Array, 1 << 16);
  const metres = new Growable(Float64Array, 1 << 16);
  const name = new Growable(Int32Array, 1 << 16);
  const roadClass = new Growable(Uint8Array, 1 << 16);
  const { wayRefStart, wayRefNode, waySpeeds, nodeLon, nodeLat } = roads;
  const wayCount = wayRefStart.length - 1;
  for (let w = 0; w < wayCount; w++) {
    const fwdKmh = waySpeeds[(w * profileCount + p) * 2];
    const bwdKmh = waySpeeds[(w * profileCount + p) * 2 + 1];
    if (fwdKmh <= 0 && bwdKmh <= 0) continue;
    for (let k = wayRefStart[w]; k + 1 < wayRefStart[w + 1]; k++) {
      const from = wayRefNode[k];
      const to = wayRefNode[k + 1];
      if (from < 0 || to < 0 || from === to) continue;
      const length = haversineMetres(nodeLon[from], nodeLat[from], nodeLon[to], nodeLat[to]);
      a.push(from);
      b.push(to);
      metres.push(length);
      forward.push(fwdKmh > 0 ? length / (fwdKmh / 3.6) : Infinity);
      backward.push(bwdKmh > 0 ? length / (bwdKmh / 3.6) : Infinity);
      name.push(roads.wayName[w]);
      roadClass.push(roads.wayClass[w]);
    }
  }
  return {
    count: a.length,
    a: a.toArray(),
    b: b.toArray(),
    forward: forward.toArray(),
    backward: backward.toArray(),
    metres: metres.toArray(),
    name: name.toArray(),
    roadClass: roadClass.toArray(),
  };
}

interface Chains {
  count: number;
  u: Int32Array;
  v: Int32Array;
  forward: Float64Array;
  backward: Float64Array;
  metres: Float64Array;
  name: Int32Array;
  roadClass: Uint8Array;
  /** OSM node indices along chain c: geomNodes[geomStart[c] .. geomStart[c+1]). */
  geomStart: Uint32Array;
  geomNodes: Int32Array;
}

function contractChains(nodeTotal: number, seg: Segments): Chains {
  // Incidence lists: for each node, the segments touching it (segment * 2 + which end).
  const degree = new Uint32Array(nodeTotal + 1);
  for (let s = 0; s < seg.count; s++) {
    degree[seg.a[s]]++;
    degree[seg.b[s]]++;
  }
  const incStart = new Uint32Array(nodeTotal + 1);
  for (let n = 0; n < nodeTotal; n++) incStart[n + 1] = incStart[n] + degree[n];
  const fill = incStart.slice(0, nodeTotal);
  const incidence = new Uint32Array(seg.count * 2);
  for (let s = 0; s < seg.count; s++) {
    incidence[fill[seg.a[s]]++] = s * 2;
    incidence[fill[seg.b[s]]++] = s * 2 + 1;
  }

  const isVertex = new Uint8Array(nodeTotal);
  for (let n = 0; n < nodeTotal; n++) {
    const d = incStart[n + 1] - incStart[n];
    if (d === 0) continue;
    if (d !== 2) {
      isVertex[n] = 1;
      continue;
    }
    // A pass-through node is contracted only if the travel rules agree on both sides:
    // otherwise merging would allow (or forbid) a movement the roads do not.
    const i1 = incidence[incStart[n]];
    const i2 = incidence[incStart[n] + 1];
    const s1 = i1 >> 1;
    const s2 = i2 >> 1;
    const other1 = (i1 & 1) === 0 ? seg.b[s1] : seg.a[s1];
    const other2 = (i2 & 1) === 0 ? seg.b[s2] : seg.a[s2];
    // Oriented other1 → n → other2: does each piece allow travel along and against?
    const along1 = (i1 & 1) === 1 ? seg.forward[s1] : seg.backward[s1];
    const against1 = (i1 & 1) === 1 ? seg.backward[s1] : seg.forward[s1];
    const along2 = (i2 & 1) === 0 ? seg.forward[s2] : seg.backward[s2];
    const against2 = (i2 & 1) === 0 ? seg.backward[s2] : seg.forward[s2];
    // Equal pace (seconds per metre) too: within an edge, time is then proportional to length,
    // which is what lets a snapped point's share of the edge price its share of the time.
    const compatible =
      Number.isFinite(along1) === Number.isFinite(along2) &&
      Number.isFinite(against1) === Number.isFinite(against2) &&
      samePace(along1, seg.metres[s1], along2, seg.metres[s2]) &&
      samePace(against1, seg.metres[s1], against2, seg.metres[s2]) &&
      // One class per edge, so a calibration can price each class of road on its own.
      seg.roadClass[s1] === seg.roadClass[s2];
    if (!compatible || other1 === other2) isVertex[n] = 1;
  }

  const visited = new Uint8Array(seg.count);
  const u = new Growable(Int32Array);
  const v = new Growable(Int32Array);
  const forward = new Growable(Float64Array);
  const backward = new Growable(Float64Array);
  const metres = new Growable(Float64Array);
  const name = new Growable(Int32Array);
  const roadClass = new Growable(Uint8Array);
  const geomStart = new Growable(Uint32Array);
  const geomNodes = new Growable(Int32Array, 1 << 16);
  geomStart.push(0);

  const walkChainsFrom = (start: number) => {
    for (let k = incStart[start]; k < incStart[start + 1]; k++) {
      let entry = incidence[k];
      if (visited[entry >> 1] === 1) continue;
      let current = start;
      let fwd = 0;
      let bwd = 0;
      let length = 0;
      const chainName = seg.name[entry >> 1];
      const chainClass = seg.roadClass[entry >> 1];
      geomNodes.push(current);
      while (true) {
        const s = entry >> 1;
        visited[s] = 1;
        const fromA = (entry & 1) === 0;
        const next = fromA ? seg.b[s] : seg.a[s];
        fwd += fromA ? seg.forward[s] : seg.backward[s];
        bwd += fromA ? seg.backward[s] : seg.forward[s];
        length += seg.metres[s];
        geomNodes.push(next);
        current = next;
        if (isVertex[current] === 1) break;
        // Degree-2 pass-through node: continue on the segment we did not come from.
        const e1 = incidence[incStart[current]];
        entry = e1 >> 1 === s ? incidence[incStart[current] + 1] : e1;
      }
      u.push(start);
      v.push(current);
      forward.push(fwd);
      backward.push(bwd);
      metres.push(length);
      name.push(chainName);
      roadClass.push(chainClass);
      geomStart.push(geomNodes.length);
    }
  };
  for (let n = 0; n < nodeTotal; n++) if (isVertex[n] === 1) walkChainsFrom(n);
  // A ring made only of pass-through nodes (a closed street touching nothing, or a whole
  // network that is one loop) has no vertex yet: promote one of its nodes and walk it.
  for (let s = 0; s < seg.count; s++) {
    if (visited[s] === 1) continue;
    isVertex[seg.a[s]] = 1;
    walkChainsFrom(seg.a[s]);
  }
  return {
    count: u.length,
    u: u.toArray(),
    v: v.toArray(),
    forward: forward.toArray(),
    backward: backward.toArray(),
    metres: metres.toArray(),
    name: name.toArray(),
    roadClass: roadClass.toArray(),
    geomStart: geomStart.toArray(),
    geomNodes: geomNodes.toArray(),
  };
}

function samePace(seconds1: number, metres1: number, seconds2: number, metres2: number): boolean {
  if (!Number.isFinite(seconds1)) return true;
  const pace1 = seconds1 / metres1;
  const pace2 = seconds2 / metres2;
  return Math.abs(pace1 - pace2) <= 1e-9 * Math.max(pace1, pace2);
}

function assemble(
  roads: RoadData,
  profileIndex: number,
  chains: Chains,
  projection: LocalProjection,
): ProfileGraph {
  const nodeTotal = roads.nodeIds.length;
  // Dense numbering of chain endpoints.
  const local = new Int32Array(nodeTotal).fill(-1);
  const localToNode = new Growable(Int32Array);
  for (let c = 0; c < chains.count; c++) {
    for (const n of [chains.u[c], chains.v[c]]) {
      if (local[n] < 0) {
        local[n] = localToNode.length;
        localToNode.push(n);
      }
    }
  }
  const vertexCount = localToNode.length;
  const arcTail: number[] = [];
  const arcHead: number[] = [];
  for (let c = 0; c < chains.count; c++) {
    if (Number.isFinite(chains.forward[c])) {
      arcTail.push(local[chains.u[c]]);
      arcHead.push(local[chains.v[c]]);
    }
    if (Number.isFinite(chains.backward[c])) {
      arcTail.push(local[chains.v[c]]);
      arcHead.push(local[chains.u[c]]);
    }
  }
  const { component, count } = stronglyConnectedComponents(
    vertexCount,
    Uint32Array.from(arcTail),
    Uint32Array.from(arcHead),
  );
  // "Largest" by road length: after contraction a long loop can be a single vertex, so the
  // vertex count says little about how much of the city a component covers.
  const componentMetres = new Float64Array(count);
  for (let c = 0; c < chains.count; c++) {
    const cu = component[local[chains.u[c]]];
    if (cu === component[local[chains.v[c]]]) componentMetres[cu] += chains.metres[c];
  }
  let largest = 0;
  for (let c = 1; c < count; c++) if (componentMetres[c] > componentMetres[largest]) largest = c;
  const keep = new Uint8Array(vertexCount);
  for (let i = 0; i < vertexCount; i++) keep[i] = component[i] === largest ? 1 : 0;

  const kept: number[] = [];
  for (let i = 0; i < vertexCount; i++) if (keep[i] === 1) kept.push(localToNode.get(i));
  const keptLon = kept.map((n) => roads.nodeLon[n]);
  const keptLat = kept.map((n) => roads.nodeLat[n]);
  const order = hilbertOrder(keptLon, keptLat);
  const vertexOfNode = new Int32Array(nodeTotal).fill(-1);
  const nodeCount = kept.length;
  const nodeLon = new Float64Array(nodeCount);
  const nodeLat = new Float64Array(nodeCount);
  const nodeOsmId = new Float64Array(nodeCount);
  for (let rank = 0; rank < nodeCount; rank++) {
    const n = kept[order[rank]];
    vertexOfNode[n] = rank;
    nodeLon[rank] = roads.nodeLon[n];
    nodeLat[rank] = roads.nodeLat[n];
    nodeOsmId[rank] = roads.nodeIds[n];
  }

  // Edges whose both ends survived, ordered by their first vertex for locality.
  const edgeChains: number[] = [];
  for (let c = 0; c < chains.count; c++) {
    if (vertexOfNode[chains.u[c]] >= 0 && vertexOfNode[chains.v[c]] >= 0) edgeChains.push(c);
  }
  edgeChains.sort((x, y) => vertexOfNode[chains.u[x]] - vertexOfNode[chains.u[y]]);
  const edgeCount = edgeChains.length;
  const edgeU = new Uint32Array(edgeCount);
  const edgeV = new Uint32Array(edgeCount);
  const edgeForwardSeconds = new Float32Array(edgeCount);
  const edgeBackwardSeconds = new Float32Array(edgeCount);
  const edgeMetres = new Float32Array(edgeCount);
  const edgeName = new Int32Array(edgeCount);
  const edgeClass = new Uint8Array(edgeCount);
  const edgeGeomStart = new Uint32Array(edgeCount + 1);
  let geomTotal = 0;
  for (let e = 0; e < edgeCount; e++) {
    const c = edgeChains[e];
    geomTotal += chains.geomStart[c + 1] - chains.geomStart[c];
  }
  const geomLon = new Float64Array(geomTotal);
  const geomLat = new Float64Array(geomTotal);
  let g = 0;
  for (let e = 0; e < edgeCount; e++) {
    const c = edgeChains[e];
    edgeU[e] = vertexOfNode[chains.u[c]];
    edgeV[e] = vertexOfNode[chains.v[c]];
    edgeForwardSeconds[e] = chains.forward[c];
    edgeBackwardSeconds[e] = chains.backward[c];
    edgeMetres[e] = chains.metres[c];
    edgeName[e] = chains.name[c];
    edgeClass[e] = chains.roadClass[c];
    edgeGeomStart[e] = g;
    for (let k = chains.geomStart[c]; k < chains.geomStart[c + 1]; k++) {
      const n = chains.geomNodes[k];
      geomLon[g] = roads.nodeLon[n];
      geomLat[g] = roads.nodeLat[n];
      g++;
    }
  }
  edgeGeomStart[edgeCount] = g;

  const csr = buildAdjacency(nodeCount, edgeU, edgeV, edgeForwardSeconds, edgeBackwardSeconds);
  return {
    profile: roads.profiles[profileIndex].name,
    nodeCount,
    edgeCount,
    nodeLon,
    nodeLat,
    nodeOsmId,
    edgeU,
    edgeV,
    edgeForwardSeconds,
    edgeBackwardSeconds,
    edgeMetres,
    edgeName,
    edgeClass,
    edgeGeomStart,
    geomLon,
    geomLat,
    ...csr,
    segmentIndex: buildSegmentIndex(edgeGeomStart, geomLon, geomLat, projection),
  };
}

export function buildAdjacency(
  nodeCount: number,
  edgeU: Uint32Array,
  edgeV: Uint32Array,
  forward: Float32Array,
  backward: Float32Array,
) {
  const outDegree = new Uint32Array(nodeCount);
  const inDegree = new Uint32Array(nodeCount);
  let arcs = 0;
  for (let e = 0; e < edgeU.length; e++) {
    if (Number.isFinite(forward[e])) {
      outDegree[edgeU[e]]++;
      inDegree[edgeV[e]]++;
      arcs++;
    }
    if (Number.isFinite(backward[e])) {
      outDegree[edgeV[e]]++;
      inDegree[edgeU[e]]++;
      arcs++;
    }
  }
  const firstOut = new Uint32Array(nodeCount + 1);
  const firstIn = new Uint32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) {
    firstOut[n + 1] = firstOut[n] + outDegree[n];
    firstIn[n + 1] = firstIn[n] + inDegree[n];
  }
  const outHead = new Uint32Array(arcs);
  const outSeconds = new Float32Array(arcs);
  const outEdge = new Uint32Array(arcs);
  const inTail = new Uint32Array(arcs);
  const inSeconds = new Float32Array(arcs);
  const outFill = firstOut.slice(0, nodeCount);
  const inFill = firstIn.slice(0, nodeCount);
  const addArc = (tail: number, head: number, seconds: number, edgeRef: number) => {
    const o = outFill[tail]++;
    outHead[o] = head;
    outSeconds[o] = seconds;
    outEdge[o] = edgeRef;
    const i = inFill[head]++;
    inTail[i] = tail;
    inSeconds[i] = seconds;
  };
  for (let e = 0; e < edgeU.length; e++) {
    if (Number.isFinite(forward[e])) addArc(edgeU[e], edgeV[e], forward[e], e * 2);
    if (Number.isFinite(backward[e])) addArc(edgeV[e], edgeU[e], backward[e], e * 2 + 1);
  }
  return { firstOut, outHead, outSeconds, outEdge, firstIn, inTail, inSeconds };
}

/**
 * One index item per geometry segment, in edge order: segment k of edge e is item
 * edgeGeomStart[e] - e + k, so no side table is needed to find a segment's edge.
 */
function buildSegmentIndex(
  edgeGeomStart: Uint32Array,
  geomLon: Float64Array,
  geomLat: Float64Array,
  projection: LocalProjection,
): ArrayBuffer {
  const edgeCount = edgeGeomStart.length - 1;
  const segmentCount = geomLon.length - edgeCount;
  const index = new Flatbush(Math.max(1, segmentCount));
  for (let e = 0; e < edgeCount; e++) {
    for (let k = edgeGeomStart[e]; k + 1 < edgeGeomStart[e + 1]; k++) {
      const x1 = projection.x(geomLon[k]);
      const y1 = projection.y(geomLat[k]);
      const x2 = projection.x(geomLon[k + 1]);
      const y2 = projection.y(geomLat[k + 1]);
      index.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
    }
  }
  // Flatbush refuses to finish an empty index; an empty graph is rejected before queries.
  if (segmentCount === 0) index.add(0, 0, 0, 0);
  index.finish();
  return index.data as ArrayBuffer;
}
