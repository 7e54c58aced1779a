import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  logGamma, regularizedIncompleteBeta, regularizedLowerGamma, studentTCdf, studentTPdf, normalCdf, normalPdf,
  sigmoid, logSigmoid, quantileSorted,
} from '../../src/bayes/special';
import { InputError } from '../../src/core/errors';

const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'bayes.json'), 'utf8'));

/** |a − b| ≤ atol + rtol·|b| */
function close(actual: number, expected: number, rtol: number, atol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected), `${what}: got ${actual}, expected ${expected}`);
}

test('regularised incomplete beta matches scipy.special.betainc on a 210-point grid (a, b up to 2000)', () => {
  const rows: number[][] = fixture.betainc.rows;
  assert.equal(rows.length, 210);
  for (const [x, a, b, expected] of rows) close(regularizedIncompleteBeta(x, a, b), expected, 1e-11, 1e-14, `I_${x}(${a}, ${b})`);
});

test('incomplete beta: hand values, endpoints, symmetry I_x(a,b) = 1 − I_{1−x}(b,a), bad input', () => {
  close(regularizedIncompleteBeta(0.5, 2, 3), 0.6875, 1e-14, 0, 'I_0.5(2,3) = 11/16');
  close(regularizedIncompleteBeta(0.3, 1, 1), 0.3, 1e-14, 0, 'uniform CDF');
  assert.equal(regularizedIncompleteBeta(0, 2, 3), 0);
  assert.equal(regularizedIncompleteBeta(1, 2, 3), 1);
  for (const [x, a, b] of [[0.2, 3, 7], [0.9, 0.5, 12], [0.45, 30, 31]]) {
    close(regularizedIncompleteBeta(x, a, b), 1 - regularizedIncompleteBeta(1 - x, b, a), 1e-13, 1e-15, 'symmetry');
  }
  assert.throws(() => regularizedIncompleteBeta(1.2, 1, 1), (e: unknown) => e instanceof InputError && e.argument === 'x');
  assert.throws(() => regularizedIncompleteBeta(0.5, 0, 1), (e: unknown) => e instanceof InputError && e.argument === 'a');
  assert.throws(() => regularizedIncompleteBeta(0.5, 1, NaN), (e: unknown) => e instanceof InputError && e.argument === 'b');
});

test('Student-t CDF and density match scipy.stats.t (ν from 0.7 to 1e4, shifted and scaled)', () => {
  const rows: number[][] = fixture.student_t.rows;
  assert.equal(rows.length, 120);
  for (const [y, df, loc, scale, cdf, pdf] of rows) {
    close(studentTCdf(y, df, loc, scale), cdf, 1e-11, 1e-15, `t.cdf(${y}; ${df}, ${loc}, ${scale})`);
    close(studentTPdf(y, df, loc, scale), pdf, 1e-10, 1e-300, `t.pdf(${y}; ${df}, ${loc}, ${scale})`);
  }
  close(studentTCdf(2, 1), 0.5 + Math.atan(2) / Math.PI, 1e-15, 0, 'Cauchy');
  assert.throws(() => studentTCdf(0, -1), (e: unknown) => e instanceof InputError && e.argument === 'df');
  assert.throws(() => studentTCdf(0, 3, 0, 0), (e: unknown) => e instanceof InputError && e.argument === 'scale');
});

test('normal CDF and lower incomplete gamma match scipy', () => {
  for (const [z, cdf] of fixture.normal_cdf.rows as number[][]) close(normalCdf(z), cdf, 1e-12, 1e-300, `Φ(${z})`);
  for (const [a, x, p] of fixture.gammainc.rows as number[][]) close(regularizedLowerGamma(a, x), p, 1e-11, 1e-15, `P(${a}, ${x})`);
  close(normalPdf(0, 0, 1), 1 / Math.sqrt(2 * Math.PI), 1e-15, 0, 'φ(0)');
  assert.throws(() => normalPdf(0, 0, 0), InputError);
});

test('logGamma: factorials and Γ(½) = √π', () => {
  close(logGamma(5), Math.log(24), 1e-14, 0, 'ln 4!');
  close(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14, 0, 'ln Γ(½)');
  close(logGamma(171), 706.5730622457874, 1e-14, 0, 'ln 170!');
  assert.throws(() => logGamma(0), InputError);
});

test('sigmoid and log-sigmoid are stable at extreme logits', () => {
  assert.equal(sigmoid(0), 0.5);
  assert.equal(sigmoid(-800), 0);
  assert.equal(sigmoid(800), 1);
  close(logSigmoid(-800), -800, 1e-15, 0, 'log σ(−800)');
  close(logSigmoid(30), -Math.exp(-30), 1e-12, 0, 'log σ(30)');
});

test('quantileSorted follows numpy linear interpolation', () => {
  assert.equal(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantileSorted([1, 2, 3, 4], 0), 1);
  assert.equal(quantileSorted([1, 2, 3, 4], 1), 4);
  close(quantileSorted([0, 10], 0.025), 0.25, 1e-15, 0, 'q 2.5%');
  assert.throws(() => quantileSorted([], 0.5), InputError);
  assert.throws(() => quantileSorted([1], 1.5), InputError);
});
