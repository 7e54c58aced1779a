/** Small shared fixtures for the models/uncertainty tests (tiny data, seeded). */
import { Matrix } from '../../src/core/matrix';
import { Rng } from '../../src/core/rng';

/** Two Gaussian blobs in 2-D: class 0 around (−1.5, 0), class 1 around (1.5, 0), σ = 0.6. */
export function twoBlobs(n: number, seed: number): { x: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const data = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    data[2 * i] = (y[i] === 0 ? -1.5 : 1.5) + 0.6 * rng.normal();
    data[2 * i + 1] = 0.6 * rng.normal();
  }
  return { x: { data, rows: n, cols: 2 }, y };
}

/** y = 2x + 0.5·ε on x ∈ [−1, 1] (one feature). */
export function linearNoise(n: number, seed: number): { x: Matrix; y: Float64Array } {
  const rng = new Rng(seed);
  const data = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    data[i] = 2 * rng.uniform() - 1;
    y[i] = 2 * data[i] + 0.5 * rng.normal();
  }
  return { x: { data, rows: n, cols: 1 }, y };
}

/** A matrix of N×D seeded standard-normal values. */
export function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = new Rng(seed);
  return { data: Float64Array.from({ length: rows * cols }, () => rng.normal()), rows, cols };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
