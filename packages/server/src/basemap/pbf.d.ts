/** pbf 3 (hoisted, a dependency of osm-pbf-parser-node) ships no types; tests only decode with it. */
declare module 'pbf' {
  export default class Pbf {
    constructor(buffer?: Uint8Array);
  }
}
