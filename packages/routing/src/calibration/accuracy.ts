/** How well predicted seconds match observed ones: the figures eval:eta and the supervisor show. */
export interface Accuracy {
  n: number;
  /** Median of |predicted − observed| / observed. */
  median_abs_pct_err: number;
  p90_abs_pct_err: number;
  /** Rank correlation of predicted with observed (ties get their mean rank). */
  spearman: number;
}

export function accuracy(predicted: ArrayLike<number>, observed: ArrayLike<number>): Accuracy {
  const n = observed.length;
  const errors: number[] = [];
  for (let i = 0; i < n; i++) {
    errors.push(Math.abs(predicted[i] - observed[i]) / observed[i]);
  }
  return {
    n,
    median_abs_pct_err: quantile(errors, 0.5),
    p90_abs_pct_err: quantile(errors, 0.9),
    spearman: spearman(predicted, observed),
  };
}

/** Linear interpolation between order statistics (type 7, as R and numpy default). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ra = ranks(a);
  const rb = ranks(b);
  return pearson(ra, rb);
}

function ranks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort(
    (x, y) => values[x] - values[y],
  );
  const out = new Float64Array(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const mean = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]] = mean;
    i = j + 1;
  }
  return out;
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  if (n < 2) return NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}
