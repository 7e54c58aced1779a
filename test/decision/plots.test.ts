import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/core/errors';
import {
  cutoffMetricOverTimeFigure,
  equityCurvesFigure,
  positionSizeVsUncertaintyFigure,
  positiveCountChangeFigure,
  prCurveCutoffFigure,
  tradesVsUncertaintyFigure,
} from '../../src/plots/decision';
import { FONT_FAMILY } from '../../src/plots/style';

test('PR curve figure: curve, floor and one marker per cut-off, on the paper style', () => {
  const f = prCurveCutoffFigure({ precision: [0.5, 2 / 3, 1], recall: [1, 1, 0], marks: [{ label: 'F1', recall: 1, precision: 2 / 3 }, { label: 'Youden', recall: 0.5, precision: 1 }] });
  assert.deepEqual(f.data.map((t) => t.name), ['PR curve', 'precision floor 0.5', 'F1', 'Youden']);
  assert.deepEqual(f.data[2].x, [1]);
  assert.equal((f.layout.font as { family: string }).family, FONT_FAMILY);
  assert.throws(() => prCurveCutoffFigure({ precision: [1], recall: [1, 0], marks: [] }), InputError);
  assert.throws(() => prCurveCutoffFigure({ precision: [1], recall: [1], marks: [{ label: 'x', recall: NaN, precision: 1 }] }), (e: unknown) => e instanceof InputError && e.row === 0);
});

test('over-time, count-change, equity, trades and size figures carry the data they are given', () => {
  const t = cutoffMetricOverTimeFigure({ periods: ['W02', 'W03'], mixed: [0.5, 0.6], fixed: [0.7, 0.3], metric: 'Precision' });
  assert.deepEqual(t.data[1].y, [0.7, 0.3]);
  const c = positiveCountChangeFigure({ periods: ['W02', 'W03'], mixed: [null, 0.05], fixed: [null, -0.4] });
  assert.deepEqual(c.data.map((d) => d.name), ['mixed cut-off', 'fixed cut-off']);
  assert.deepEqual(c.data[0].y, [null, 5]);
  const shape = (c.layout.shapes as { y0: number; y1: number }[])[0];
  assert.deepEqual([shape.y0, shape.y1], [-8, 8]);
  const e = equityCurvesFigure({ dates: ['a', 'b'], curves: { 'buy-and-hold': [1, 1.1], 'ensemble/gate': [1, 1.2] } });
  assert.equal((e.layout.yaxis as { type: string }).type, 'log');
  assert.throws(() => equityCurvesFigure({ dates: ['a'], curves: { x: [0] } }), (e2: unknown) => e2 instanceof InputError && e2.row === 0);
  const tr = tradesVsUncertaintyFigure({ std: [0.01, 0.02, 0.03], p: [0.6, 0.55, 0.4], traded: [1, 1, 0], up: [1, 0, 1], threshold: 0.025 });
  assert.deepEqual(tr.data.map((d) => d.name), ['skipped', 'trade lost', 'trade won', 'uncertainty threshold']);
  assert.deepEqual(tr.data[2].x, [0.01]);
  const s = positionSizeVsUncertaintyFigure({ std: [0.01, 0.2], sizes: { '1/(1+u)': [0.99, 0] } });
  assert.deepEqual(s.data[0].x, [0.01]);
  assert.throws(() => positionSizeVsUncertaintyFigure({ std: [0.01], sizes: { a: [1, 2] } }), InputError);
});
