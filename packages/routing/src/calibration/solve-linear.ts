/**
 * Solves A x = b for a small dense symmetric system (the normal equations of a fit) by Gaussian
 * elimination with partial pivoting. A is n×n row-major; both inputs are left untouched.
 * Returns null when A is singular.
 */
export function solveLinear(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(m[row * n + col]) > Math.abs(m[pivot * n + col])) pivot = row;
    }
    const p = m[pivot * n + col];
    if (!Number.isFinite(p) || Math.abs(p) < 1e-12) return null;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) {
        const t = m[col * n + k];
        m[col * n + k] = m[pivot * n + k];
        m[pivot * n + k] = t;
      }
      const t = x[col];
      x[col] = x[pivot];
      x[pivot] = t;
    }
    for (let row = col + 1; row < n; row++) {
      const f = m[row * n + col] / p;
      if (f === 0) continue;
      for (let k = col; k < n; k++) m[row * n + k] -= f * m[col * n + k];
      x[row] -= f * x[col];
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    let s = x[row];
    for (let k = row + 1; k < n; k++) s -= m[row * n + k] * x[k];
    x[row] = s / m[row * n + row];
  }
  return x;
}
