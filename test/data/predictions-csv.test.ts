import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePredictionsCsv, formatProbabilitiesCsv } from '../../src/data/predictions-csv';
import { InputError } from '../../src/core/errors';

test('binary prob column expands to two columns', () => {
  const t = parsePredictionsCsv('label,prob\n1,0.8\n0,0.3\n', '--input');
  assert.deepEqual(Array.from(t.scores.data), [0.19999999999999996, 0.8, 0.7, 0.3]);
  assert.deepEqual(Array.from(t.labels!), [1, 0]);
  assert.equal(t.kind, 'prob');
});

test('multi-class logits are read in column order', () => {
  const t = parsePredictionsCsv('logit_1,logit_0,logit_2,label\n2,1,3,2\n', '--fit');
  assert.deepEqual(Array.from(t.scores.data), [1, 2, 3]);
  assert.equal(t.scores.cols, 3);
});

test('bad cells name the flag, column and row', () => {
  assert.throws(() => parsePredictionsCsv('label,prob_0,prob_1\n0,0.5,0.5\n1,NaN,0.5\n', '--fit'),
    (e: unknown) => e instanceof InputError && e.argument === '--fit' && e.row === 1 && /prob_0/.test(e.message));
  assert.throws(() => parsePredictionsCsv('label,prob_0,prob_1\n2,0.5,0.5\n', '--fit'), /outside 0..1/);
  assert.throws(() => parsePredictionsCsv('x,y\n1,2\n', '--fit'), /needs logit_0/);
  assert.throws(() => parsePredictionsCsv('prob_0,prob_1\n0.5,0.5\n', '--fit', true), /needs a 'label' column/);
});

test('format round-trips', () => {
  const text = formatProbabilitiesCsv({ data: new Float64Array([0.25, 0.75]), rows: 1, cols: 2 }, [1]);
  assert.equal(text, 'label,prob_0,prob_1\n1,0.25,0.75\n');
  const t = parsePredictionsCsv(text, 'x');
  assert.deepEqual(Array.from(t.scores.data), [0.25, 0.75]);
});
