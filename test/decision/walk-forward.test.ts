import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/core/errors';
import { mixedCutoff } from '../../src/decision/cutoff';
import { simulateDriftingStream, simulateRegimeMarket } from '../../src/decision/simulate';
import { walkForwardCutoffs } from '../../src/decision/walk-forward';

test('walk-forward: estimate on t−1, apply to t; per-period numbers are consistent', () => {
  const periods = simulateDriftingStream({ weeks: 5, itemsPerWeek: 200, seed: 3 });
  const r = walkForwardCutoffs(periods);
  assert.equal(r.rows.length, 4);
  for (const row of r.rows) {
    const t = row.index;
    const est = mixedCutoff(periods[t - 1].probs, periods[t - 1].labels, periods[t].probs);
    assert.equal(row.estimate.final, est.final);
    assert.equal(row.mixed.cutoff, est.final);
    assert.equal(row.fixed.cutoff, 0.7);
    let positives = 0;
    for (const p of periods[t].probs) if (p >= est.final) positives++;
    assert.equal(row.mixed.positives, positives);
  }
  assert.equal(r.rows[0].mixed.positivesChange, null);
  const c = r.rows[1].mixed.positives / r.rows[0].mixed.positives - 1;
  assert.ok(Math.abs((r.rows[1].mixed.positivesChange ?? NaN) - c) < 1e-12);
});

test('walk-forward: typed errors', () => {
  const one = simulateDriftingStream({ weeks: 2, itemsPerWeek: 20, seed: 1 }).slice(0, 1);
  assert.throws(() => walkForwardCutoffs(one), (e: unknown) => e instanceof InputError && e.argument === 'periods');
  const bad = simulateDriftingStream({ weeks: 2, itemsPerWeek: 20, seed: 1 });
  bad[1] = { ...bad[1], probs: new Float64Array([NaN]), labels: new Int32Array([1]) };
  assert.throws(() => walkForwardCutoffs(bad), (e: unknown) => e instanceof InputError && e.row === 1);
});

test('simulated drift: the stream really drifts right with constant ranking quality', () => {
  const s = simulateDriftingStream({ seed: 7 });
  const median = (p: Float64Array) => Float64Array.from(p).sort()[p.length >> 1];
  assert.ok(median(s[s.length - 1].probs) > median(s[0].probs) + 0.15);
});

// The claim of seed 002, tested on the seeded stream (seed 7, 26 weeks, defaults). If this fails the method
// does not do what the seed says on this stream; the test must not be weakened.
test('claim: mixed cut-off keeps precision steadier and positives in a narrower band than fixed 0.7', () => {
  const r = walkForwardCutoffs(simulateDriftingStream({ seed: 7 }), { fixedCutoff: 0.7 });
  assert.ok(r.mixed.precisionStd < r.fixed.precisionStd, `precision std mixed ${r.mixed.precisionStd} vs fixed ${r.fixed.precisionStd}`);
  assert.ok(r.mixed.positivesStd < r.fixed.positivesStd, `positives std mixed ${r.mixed.positivesStd} vs fixed ${r.fixed.positivesStd}`);
  assert.ok(r.mixed.positivesMax - r.mixed.positivesMin < r.fixed.positivesMax - r.fixed.positivesMin);
  assert.ok(r.mixed.f1Std < r.fixed.f1Std);
});

test('regime market: known up-probabilities and seeded determinism', () => {
  const a = simulateRegimeMarket({ days: 2000, seed: 5 });
  const b = simulateRegimeMarket({ days: 2000, seed: 5 });
  assert.deepEqual(a.returns, b.returns);
  // realised up-rate per regime is close to the configured probability
  const ups = [0, 0, 0];
  const counts = [0, 0, 0];
  a.regime.forEach((r, i) => {
    counts[r]++;
    if (a.returns[i] > 0) ups[r]++;
  });
  [0.35, 0.5, 0.68].forEach((p, r) => assert.ok(Math.abs(ups[r] / counts[r] - p) < 0.06, `regime ${r}: ${ups[r] / counts[r]}`));
});
