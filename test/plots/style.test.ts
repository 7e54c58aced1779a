import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisTitle, mergeDeep, paperLayout, PALETTE, seriesColor, withPaperStyle, FONT_FAMILY, OKABE_ITO } from '../../src/plots/style';

test('palette is the Okabe–Ito set, black reserved', () => {
  assert.deepEqual([...PALETTE].sort(), ['#0072B2', '#009E73', '#56B4E9', '#CC79A7', '#D55E00', '#E69F00', '#F0E442']);
  assert.ok(!PALETTE.includes(OKABE_ITO.black));
  assert.equal(seriesColor(0), '#0072B2');
  assert.equal(seriesColor(PALETTE.length + 1), seriesColor(1));
  assert.throws(() => seriesColor(-1), RangeError);
  assert.throws(() => seriesColor(0.5), RangeError);
});

test('axisTitle states the unit and rejects empties', () => {
  assert.equal(axisTitle('Confidence', 'probability'), 'Confidence (probability)');
  assert.throws(() => axisTitle('', 'x'), RangeError);
  assert.throws(() => axisTitle('x', ' '), RangeError);
});

test('mergeDeep merges objects, replaces arrays, never mutates', () => {
  const base = Object.freeze({ a: Object.freeze({ b: 1, c: 2 }), arr: Object.freeze([1, 2]) });
  const merged = mergeDeep(base as Record<string, unknown>, { a: { c: 3 }, arr: [9] });
  assert.deepEqual(merged, { a: { b: 1, c: 3 }, arr: [9] });
  assert.deepEqual(base, { a: { b: 1, c: 2 }, arr: [1, 2] });
});

test('paperLayout: one font family everywhere, overrides win, extra axes styled', () => {
  const layout = paperLayout({ height: 200, xaxis: { range: [0, 1] }, yaxis2: { domain: [0, 0.3] } });
  assert.equal(layout.height, 200);
  assert.equal(layout.width, 340);
  const xaxis = layout.xaxis as Record<string, any>;
  assert.deepEqual(xaxis.range, [0, 1]);
  assert.equal(xaxis.showline, true);
  const y2 = layout.yaxis2 as Record<string, any>;
  assert.deepEqual(y2.domain, [0, 0.3]);
  assert.equal(y2.ticks, 'outside');
  // Every font object in the layout uses the one family.
  const families = new Set<string>();
  const walk = (v: unknown): void => {
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
      if (k === 'family') families.add(String(x)); else walk(x);
    }
  };
  walk(layout);
  assert.deepEqual([...families], [FONT_FAMILY]);
  assert.equal(withPaperStyle({ data: [], layout: { height: 123 } }).layout.height, 123);
});
