/**
 * Indices of the points sorted along a Hilbert curve over their bounding box. Graph searches
 * touch vertices that are near on the map; numbering them in this order keeps those vertices
 * near in memory, which is most of what makes a search fast on a modern CPU.
 */
export function hilbertOrder(lon: ArrayLike<number>, lat: ArrayLike<number>): Uint32Array {
  const n = lon.length;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, lon[i]);
    maxX = Math.max(maxX, lon[i]);
    minY = Math.min(minY, lat[i]);
    maxY = Math.max(maxY, lat[i]);
  }
  const side = 65535;
  const sx = maxX > minX ? side / (maxX - minX) : 0;
  const sy = maxY > minY ? side / (maxY - minY) : 0;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = hilbertIndex(Math.round((lon[i] - minX) * sx), Math.round((lat[i] - minY) * sy));
  }
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort((a, b) => keys[a] - keys[b] || a - b);
}

/** Position of (x, y) on a 2^16 × 2^16 Hilbert curve. */
function hilbertIndex(x: number, y: number): number {
  let d = 0;
  for (let s = 1 << 15; s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      const t = x;
      x = y;
      y = t;
    }
  }
  return d;
}
