import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { calibrationComparisonFigure, formatScore, reliabilityDiagramFigure, reliabilityOverlayFigure, temperatureSweepFigure } from '../../src/plots/calibration';
import type { ReliabilityBin } from '../../src/metrics/reliability';
import { InputError } from '../../src/core/errors';

// Hand-made bins: 4 equal-width bins, the second empty (NaN as reliabilityBins gives for empty bins).
const bins: ReliabilityBin[] = Object.freeze([
  { lo: 0, hi: 0.25, count: 10, confidence: 0.2, accuracy: 0.3 },
  { lo: 0.25, hi: 0.5, count: 0, confidence: NaN, accuracy: NaN },
  { lo: 0.5, hi: 0.75, count: 30, confidence: 0.6, accuracy: 0.5 },
  { lo: 0.75, hi: 1, count: 60, confidence: 0.9, accuracy: 0.7 },
]) as ReliabilityBin[];

test('reliability diagram: accuracy bars at bin extents, gap from accuracy to confidence, ECE in legend, histogram shares', () => {
  const fig = reliabilityDiagramFigure({ bins, ece: 0.16, label: 'toy', accuracy: 0.6, meanConfidence: 0.74 });
  assert.deepEqual(fig.data.map((t) => t.name), ['Accuracy (ECE = 0.160)', 'Gap', 'Perfect calibration', 'Samples']);
  const [acc, gap, , hist] = fig.data as Array<Record<string, any>>;
  assert.deepEqual(acc.x, [0.125, 0.625, 0.875]);
  assert.deepEqual(acc.width, [0.25, 0.25, 0.25]);
  assert.deepEqual(acc.y, [0.3, 0.5, 0.7]);
  assert.deepEqual(gap.base, [0.3, 0.5, 0.7]);
  gap.y.forEach((g: number, i: number) => assert.ok(Math.abs(g - [-0.1, 0.1, 0.2][i]) < 1e-12));
  assert.deepEqual(hist.y, [0.1, 0, 0.3, 0.6]);
  assert.equal(hist.yaxis, 'y2');
  assert.equal((fig.layout.title as { text: string }).text, 'Reliability: toy');
  assert.equal((fig.layout.shapes as unknown[]).length, 2);
  assert.ok(!JSON.stringify(fig).includes('NaN') && !JSON.stringify(fig).includes('null'), 'empty bins draw nothing, no NaN in the spec');
  const plain = reliabilityDiagramFigure({ bins, histogram: false });
  assert.equal(plain.data.length, 3);
  assert.equal(plain.data[0].name, 'Accuracy');
});

test('reliability diagram rejects bad bins with the argument and row', () => {
  assert.throws(() => reliabilityDiagramFigure({ bins: [] }), InputError);
  assert.throws(() => reliabilityDiagramFigure({ bins: [bins[2], bins[0]] }), /sorted/);
  assert.throws(() => reliabilityDiagramFigure({ bins: [{ ...bins[0], accuracy: NaN }] }), (e: unknown) => e instanceof InputError && e.message.includes('bin 0'));
  assert.throws(() => reliabilityDiagramFigure({ bins: [{ ...bins[0], count: -1 }] }), /count/);
});

test('property: one accuracy bar and one gap bar per non-empty bin, histogram shares sum to 1', () => {
  fc.assert(fc.property(fc.array(fc.record({ count: fc.nat(50), conf: fc.double({ min: 0, max: 1, noNaN: true }), acc: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 20 }), (raw) => {
    const n = raw.length;
    const bs: ReliabilityBin[] = raw.map((r, i) => ({ lo: i / n, hi: (i + 1) / n, count: r.count, confidence: r.count ? r.conf : NaN, accuracy: r.count ? r.acc : NaN }));
    const fig = reliabilityDiagramFigure({ bins: bs });
    const nonEmpty = bs.filter((b) => b.count > 0).length;
    assert.equal((fig.data[0].x as number[]).length, nonEmpty);
    assert.equal((fig.data[1].y as number[]).length, nonEmpty);
    const shares = fig.data[3].y as number[];
    const total = shares.reduce((a, b) => a + b, 0);
    assert.ok(nonEmpty === 0 ? total === 0 : Math.abs(total - 1) < 1e-9);
  }), { numRuns: 100 });
});

test('overlay: points at mean confidence per non-empty bin, one colour per curve', () => {
  const fig = reliabilityOverlayFigure([{ label: 'raw', bins, ece: 0.16 }, { label: 'temp', bins, ece: 0.005 }]);
  assert.deepEqual(fig.data.map((t) => t.name), ['Perfect calibration', 'raw (ECE 0.160)', 'temp (ECE 0.0050)']);
  assert.deepEqual(fig.data[1].x, [0.2, 0.6, 0.9]);
  assert.deepEqual(fig.data[1].y, [0.3, 0.5, 0.7]);
  assert.notEqual((fig.data[1].line as { color: string }).color, (fig.data[2].line as { color: string }).color);
  assert.throws(() => reliabilityOverlayFigure([]), InputError);
});

test('comparison: one panel per metric with its own axis, same method colours across panels, interval whiskers', () => {
  const fig = calibrationComparisonFigure(
    [
      { method: 'none', values: { ece: 0.08, nll: 0.41 }, intervals: { ece: [0.07, 0.09] } },
      { method: 'temperature', values: { ece: 0.01, nll: 0.33 } },
    ],
    [{ key: 'ece', label: 'ECE', unit: 'probability' }, { key: 'nll', label: 'NLL', unit: 'nats' }],
  );
  assert.equal(fig.data.length, 2);
  assert.equal(fig.data[1].xaxis, 'x2');
  assert.deepEqual((fig.data[0].marker as { color: string[] }).color, (fig.data[1].marker as { color: string[] }).color);
  const err = fig.data[0].error_y as { array: number[]; arrayminus: number[] };
  assert.ok(Math.abs(err.array[0] - 0.01) < 1e-12 && Math.abs(err.arrayminus[0] - 0.01) < 1e-12 && err.array[1] === 0);
  assert.equal(fig.data[1].error_y, undefined);
  assert.equal(((fig.layout.yaxis2 as Record<string, any>).title).text, 'NLL (nats)');
  const [d1, d2] = [(fig.layout.xaxis as Record<string, any>).domain, (fig.layout.xaxis2 as Record<string, any>).domain];
  assert.ok(d1[1] < d2[0], 'panels do not overlap');
  assert.throws(() => calibrationComparisonFigure([{ method: 'x', values: {} }], [{ key: 'ece', label: 'ECE', unit: 'p' }]), /rows\[0\]\.values\.ece/);
});

test('temperature sweep: log axis, T = 1 marked, checks inputs', () => {
  const fig = temperatureSweepFigure([0.1, 1, 10], [{ label: 'conf', values: [0.99, 0.9, 0.2] }], { quantity: 'Mean confidence', unit: 'probability', fittedTemperature: 1.7 });
  assert.equal((fig.layout.xaxis as Record<string, any>).type, 'log');
  assert.equal((fig.layout.shapes as unknown[]).length, 2);
  assert.throws(() => temperatureSweepFigure([1, 0.5], [{ label: 'a', values: [1, 2] }], { quantity: 'q', unit: 'u' }), /increasing/);
  assert.throws(() => temperatureSweepFigure([0.5, 1], [{ label: 'a', values: [1] }], { quantity: 'q', unit: 'u' }), /series\[0\]\.values/);
  assert.equal(formatScore(0.0123), '0.012');
  assert.equal(formatScore(0.00123), '0.0012');
});

test('comparison: eight methods get eight distinct colours', () => {
  const rows = Array.from({ length: 8 }, (_, i) => ({ method: `m${i}`, values: { ece: 0.01 * (i + 1) } }));
  const fig = calibrationComparisonFigure(rows, [{ key: 'ece', label: 'ECE', unit: 'probability' }]);
  assert.equal(new Set((fig.data[0].marker as { color: string[] }).color).size, 8);
});
