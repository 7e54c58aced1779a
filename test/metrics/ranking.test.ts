import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { InputError } from '../../src/core/errors';
import {
  auroc,
  averagePrecision,
  fprAtTpr,
  precisionAtTopFraction,
  precisionRecallCurve,
  riskCoverageCurve,
  rocCurve,
} from '../../src/metrics/ranking';

interface Case {
  name: string;
  scores: number[];
  labels: number[];
  pr: { precision: number[]; recall: number[]; thresholds: number[] };
  roc?: { fpr: number[]; tpr: number[]; thresholds: number[] };
  auroc?: number;
  average_precision?: number;
  fpr_at_95_tpr?: number;
  precision_at_top_10pct: number;
  precision_at_top_25pct: number;
  risk_coverage: { aurc: number; aurc_optimal: number; eaurc: number; coverage: number[]; risk: number[]; thresholds: number[]; aurc_geifman_no_ties?: number };
}
const fixture = JSON.parse(readFileSync(join(__dirname, '../fixtures/ranking.json'), 'utf8')) as {
  sklearn_version: string;
  seed: number;
  cases: Case[];
};
const TOL = 1e-9;

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= TOL, `${what}: ${actual} vs ${expected}`);
}
function closeArray(actual: ArrayLike<number>, expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) close(actual[i], expected[i], `${what}[${i}]`);
}

test('fixture records the peer version and seed', () => {
  assert.equal(fixture.sklearn_version, '1.2.1');
  assert.equal(typeof fixture.seed, 'number');
  assert.ok(fixture.cases.length >= 9);
});

for (const c of fixture.cases) {
  test(`golden (scikit-learn ${fixture.sklearn_version}): ${c.name}`, () => {
    const pr = precisionRecallCurve(c.scores, c.labels);
    closeArray(pr.precision, c.pr.precision, 'precision');
    closeArray(pr.recall, c.pr.recall, 'recall');
    closeArray(pr.thresholds, c.pr.thresholds, 'pr thresholds');
    if (c.roc) {
      const roc = rocCurve(c.scores, c.labels);
      closeArray(roc.fpr, c.roc.fpr, 'fpr');
      closeArray(roc.tpr, c.roc.tpr, 'tpr');
      closeArray(roc.thresholds, c.roc.thresholds, 'roc thresholds');
      close(auroc(c.scores, c.labels), c.auroc!, 'auroc');
      close(averagePrecision(c.scores, c.labels), c.average_precision!, 'average precision');
      close(fprAtTpr(c.scores, c.labels, 0.95), c.fpr_at_95_tpr!, 'fpr@95');
    } else {
      assert.throws(() => rocCurve(c.scores, c.labels), InputError);
      assert.throws(() => auroc(c.scores, c.labels), InputError);
    }
    close(precisionAtTopFraction(c.scores, c.labels, 0.1), c.precision_at_top_10pct, 'p@10%');
    close(precisionAtTopFraction(c.scores, c.labels, 0.25), c.precision_at_top_25pct, 'p@25%');
    const rc = riskCoverageCurve(c.scores, c.labels);
    close(rc.aurc, c.risk_coverage.aurc, 'aurc');
    close(rc.aurcOptimal, c.risk_coverage.aurc_optimal, 'aurc optimal');
    close(rc.eaurc, Math.max(0, c.risk_coverage.eaurc), 'eaurc');
    closeArray(rc.coverage, c.risk_coverage.coverage, 'coverage');
    closeArray(rc.risk, c.risk_coverage.risk, 'risk');
    closeArray(rc.thresholds, c.risk_coverage.thresholds, 'rc thresholds');
    if (c.risk_coverage.aurc_geifman_no_ties !== undefined) close(rc.aurc, c.risk_coverage.aurc_geifman_no_ties, 'aurc = Geifman mean');
  });
}

test('hand-computed: sklearn docstring example', () => {
  const s = [0.1, 0.4, 0.35, 0.8];
  const y = [0, 0, 1, 1];
  assert.deepEqual(Array.from(rocCurve(s, y).tpr), [0, 0.5, 0.5, 1, 1]);
  assert.equal(auroc(s, y), 0.75);
  // AP = 0.5·1 (recall 0→0.5 at precision 1) + 0.5·2/3
  close(averagePrecision(s, y), 0.5 + 0.5 * (2 / 3), 'ap');
  // risk-coverage of [0.9,0.8,0.7,0.6] with second one wrong: risks 0, 1/2, 1/3, 1/4
  close(riskCoverageCurve([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 1]).aurc, (0 + 1 / 2 + 1 / 3 + 1 / 4) / 4, 'aurc');
  // oracle: errors last → risks 0,0,0,1/4
  close(riskCoverageCurve([0.9, 0.8, 0.7, 0.6], [1, 0, 1, 1]).aurcOptimal, 1 / 16, 'oracle');
  assert.equal(precisionAtTopFraction([0.9, 0.8, 0.7, 0.6, 0.5], [1, 0, 1, 0, 0], 0.4), 0.5);
  // boundary tie: top 1 of [0.9, 0.9] with labels [1, 0] → expectation 0.5
  assert.equal(precisionAtTopFraction([0.9, 0.9, 0.1], [1, 0, 0], 0.3), 0.5);
});

test('perfect ranking: AUROC 1, AP 1, E-AURC exactly 0', () => {
  const s = [0.9, 0.8, 0.7, 0.3, 0.2];
  const y = [1, 1, 1, 0, 0];
  assert.equal(auroc(s, y), 1);
  assert.equal(averagePrecision(s, y), 1);
  assert.equal(riskCoverageCurve(s, y).eaurc, 0);
  assert.equal(fprAtTpr(s, y, 0.95), 0);
});

const sample = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 1 })), { minLength: 2, maxLength: 60 })
  .filter((rows) => rows.some((r) => r[1] === 1) && rows.some((r) => r[1] === 0));

test('property: invariant to row order (ties included)', () => {
  fc.assert(
    fc.property(sample, fc.integer(), (rows, seed) => {
      const s = rows.map((r) => r[0] / 20);
      const y = rows.map((r) => r[1]);
      const perm = rows.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101));
      const s2 = perm.map((i) => s[i]);
      const y2 = perm.map((i) => y[i]);
      const eq = (a: number, b: number) => Math.abs(a - b) < 1e-12;
      return (
        eq(auroc(s, y), auroc(s2, y2)) &&
        eq(averagePrecision(s, y), averagePrecision(s2, y2)) &&
        eq(precisionAtTopFraction(s, y, 0.1), precisionAtTopFraction(s2, y2, 0.1)) &&
        eq(riskCoverageCurve(s, y).aurc, riskCoverageCurve(s2, y2).aurc) &&
        eq(fprAtTpr(s, y), fprAtTpr(s2, y2))
      );
    }),
    { numRuns: 200 },
  );
});

test('property: AUROC(−s) = 1 − AUROC(s); AUROC equals the pairwise probability with ties as 1/2', () => {
  fc.assert(
    fc.property(sample, (rows) => {
      const s = rows.map((r) => r[0] / 20);
      const y = rows.map((r) => r[1]);
      let wins = 0;
      let pairs = 0;
      for (let i = 0; i < s.length; i++) for (let j = 0; j < s.length; j++) {
        if (y[i] === 1 && y[j] === 0) {
          pairs++;
          wins += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
        }
      }
      const a = auroc(s, y);
      return Math.abs(a - wins / pairs) < 1e-12 && Math.abs(auroc(s.map((v) => -v), y) - (1 - a)) < 1e-12;
    }),
    { numRuns: 200 },
  );
});

test('property: E-AURC ≥ 0 and AURC ≥ optimal', () => {
  fc.assert(
    fc.property(sample, (rows) => {
      const rc = riskCoverageCurve(rows.map((r) => r[0]), rows.map((r) => r[1]));
      return rc.eaurc >= 0 && rc.aurc >= rc.aurcOptimal - 1e-12 && rc.coverage[rc.coverage.length - 1] === 1;
    }),
  );
});

test('bad input: typed errors naming the argument and row', () => {
  assert.throws(() => auroc([0.1, NaN], [0, 1]), (e: unknown) => e instanceof InputError && e.argument === 'scores' && e.row === 1);
  assert.throws(() => auroc([0.1, 0.2], [0, 2]), (e: unknown) => e instanceof InputError && e.argument === 'labels' && e.row === 1);
  assert.throws(() => auroc([0.1, 0.2], [0]), (e: unknown) => e instanceof InputError && e.argument === 'labels');
  assert.throws(() => auroc([], []), InputError);
  assert.throws(() => auroc([0.1, 0.2], [1, 1]), /no negative/);
  assert.throws(() => averagePrecision([0.1, 0.2], [0, 0]), /no positive/);
  assert.throws(() => fprAtTpr([0.1, 0.2], [0, 1], 0), (e: unknown) => e instanceof InputError && e.argument === 'targetTpr');
  assert.throws(() => precisionAtTopFraction([0.1, 0.2], [0, 1], 1.5), (e: unknown) => e instanceof InputError && e.argument === 'fraction');
  assert.throws(() => riskCoverageCurve([0.1], [3]), (e: unknown) => e instanceof InputError && e.argument === 'correct');
});

test('inputs are not mutated', () => {
  const s = Object.freeze([0.3, 0.1, 0.2]) as unknown as number[];
  const y = Object.freeze([1, 0, 1]) as unknown as number[];
  auroc(s, y);
  precisionRecallCurve(s, y);
  riskCoverageCurve(s, y);
  assert.deepEqual([...s], [0.3, 0.1, 0.2]);
});
