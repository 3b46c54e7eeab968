import type { Grid } from '../grid/grid.ts';

/**
 * Separable convolution of per-cell values with a radially symmetric kernel given as a function
 * of the offset along one axis (in cells). The Gaussian factorises exactly; other kernels use
 * `convolveStencil`. Offsets beyond `radius` cells are cut off.
 */
export function convolveSeparable(
  grid: Grid,
  values: Float64Array,
  kernel1d: Float64Array,
): Float64Array {
  const { nx, ny } = grid;
  const radius = (kernel1d.length - 1) / 2;
  const rows = new Float64Array(values.length);
  for (let j = 0; j < ny; j++) {
    const base = j * nx;
    for (let i = 0; i < nx; i++) {
      const v = values[base + i];
      if (v === 0) continue;
      const lo = Math.max(0, i - radius);
      const hi = Math.min(nx - 1, i + radius);
      for (let k = lo; k <= hi; k++) rows[base + k] += v * kernel1d[k - i + radius];
    }
  }
  const out = new Float64Array(values.length);
  for (let j = 0; j < ny; j++) {
    const lo = Math.max(0, j - radius);
    const hi = Math.min(ny - 1, j + radius);
    for (let i = 0; i < nx; i++) {
      const v = rows[j * nx + i];
      if (v === 0) continue;
      for (let k = lo; k <= hi; k++) out[k * nx + i] += v * kernel1d[k - j + radius];
    }
  }
  return out;
}

/** 2-D convolution with a stencil of weights by (di, dj) offsets, for kernels that do not factorise. */
export function convolveStencil(
  grid: Grid,
  values: Float64Array,
  stencil: readonly { di: number; dj: number; w: number }[],
): Float64Array {
  const { nx, ny } = grid;
  const out = new Float64Array(values.length);
  for (let c = 0; c < values.length; c++) {
    const v = values[c];
    if (v === 0) continue;
    const i = c % nx;
    const j = (c - i) / nx;
    for (const { di, dj, w } of stencil) {
      const a = i + di;
      const b = j + dj;
      if (a >= 0 && b >= 0 && a < nx && b < ny) out[b * nx + a] += v * w;
    }
  }
  return out;
}
