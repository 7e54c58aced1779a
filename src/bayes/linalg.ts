/**
 * Small dense symmetric positive-definite linear algebra for the Bayesian models (parameter dimension
 * D + 1 is small: a handful of features plus an intercept). Matrices are row-major Float64Arrays of n×n.
 * Internal to src/bayes; not re-exported from the package index.
 */

/**
 * Cholesky factor L (lower triangular, A = L Lᵀ) of a symmetric n×n matrix, or `null` when A is not
 * numerically positive definite (a pivot ≤ 0 or ≤ 1e-14 × the largest diagonal entry: below that the
 * factor would carry no correct digits).
 */
export function choleskyLower(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, Math.abs(a[i * n + i]));
  for (let j = 0; j < n; j++) {
    let pivot = a[j * n + j];
    for (let k = 0; k < j; k++) pivot -= l[j * n + k] * l[j * n + k];
    if (!(pivot > 1e-14 * maxDiagonal)) return null;
    const ljj = Math.sqrt(pivot);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** Solve (L Lᵀ) x = b given the Cholesky factor L. */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * y[k];
    y[i] = s / l[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

/** Inverse of A = L Lᵀ from its Cholesky factor (column by column). */
export function choleskyInverse(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, n, e);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i];
  }
  // Symmetrise: the two triangles differ only by rounding, and samplers expect an exactly symmetric matrix.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (inv[i * n + j] + inv[j * n + i]);
      inv[i * n + j] = v;
      inv[j * n + i] = v;
    }
  }
  return inv;
}
