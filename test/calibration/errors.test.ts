import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CALIBRATOR_KINDS,
  createCalibrator,
  calibratorFromJSON,
  TemperatureScaling,
  PlattScaling,
  VectorScaling,
  MatrixScaling,
  HistogramBinning,
  IsotonicCalibration,
  BetaCalibration,
  IsotonicRegression,
  convertScores,
  probabilitiesToLogits,
} from '../../src/calibration';
import { FitError, InputError, NotFittedError, StateError } from '../../src/core/errors';
import { fromRows, Matrix } from '../../src/core/matrix';

// The last row repeats the first with another label, so no calibrator can separate the set perfectly.
const logits3 = fromRows([[2, 0, -1], [0, 1, 0.5], [-1, 0, 2], [1, 1, 0], [0.2, 2, 0.1], [1.5, -0.5, 0.3], [2, 0, -1]]);
const labels3 = [0, 1, 2, 0, 1, 2, 1];

function scoresFor(kind: string, logits: Matrix): Matrix {
  return createCalibrator(kind).input === 'logits' ? logits : convertScores(logits, 'logits', 'probabilities');
}

function isInput(argument: string, row?: number) {
  return (e: unknown) => e instanceof InputError && e.argument === argument && (row === undefined || e.row === row);
}

for (const kind of CALIBRATOR_KINDS) {
  test(`${kind}: bad input throws InputError naming the argument and row`, () => {
    const good = scoresFor(kind, logits3);
    const cal = () => createCalibrator(kind);
    const withNaN = { ...good, data: Float64Array.from(good.data) };
    withNaN.data[2 * 3 + 1] = NaN;
    assert.throws(() => cal().fit(withNaN, labels3), isInput('scores', 2));
    const withInf = { ...good, data: Float64Array.from(good.data) };
    withInf.data[4 * 3] = Infinity;
    assert.throws(() => cal().fit(withInf, labels3), isInput('scores', 4));
    assert.throws(() => cal().fit(good, [0, 1, 2, 0, 3, 1, 0]), isInput('labels', 4));
    assert.throws(() => cal().fit(good, [0, 1, 2, 0, -1, 1, 0]), isInput('labels', 4));
    assert.throws(() => cal().fit(good, [0, 1, 2, 0, 1.5, 1, 0]), isInput('labels', 4));
    assert.throws(() => cal().fit(good, [0, 1, 2]), isInput('labels'));
    assert.throws(() => cal().fit({ data: new Float64Array(0), rows: 0, cols: 3 }, []), isInput('scores'));
    assert.throws(() => cal().fit(fromRows([[1], [2]]), [0, 1]), isInput('scores'));
    const fitted = cal().fit(good, labels3);
    assert.throws(() => fitted.predictProba(fromRows([[0.5, 0.5]])), isInput('scores'), 'different K');
    assert.throws(() => fitted.predictProba(withNaN), isInput('scores', 2));
  });

  test(`${kind}: a single-class validation set throws FitError naming labels`, () => {
    assert.throws(
      () => createCalibrator(kind).fit(scoresFor(kind, logits3), [1, 1, 1, 1, 1, 1, 1]),
      (e: unknown) => e instanceof FitError && e.argument === 'labels' && /at least two classes/.test(e.message),
    );
  });

  test(`${kind}: predicting before fit throws NotFittedError`, () => {
    assert.throws(() => createCalibrator(kind).predictProba(scoresFor(kind, logits3)), NotFittedError);
    assert.throws(() => createCalibrator(kind).toJSON(), NotFittedError);
  });

  test(`${kind}: a state of the wrong kind, version or with corrupt fields throws StateError`, () => {
    const state = createCalibrator(kind).fit(scoresFor(kind, logits3), labels3).toJSON();
    const json = JSON.parse(JSON.stringify(state));
    assert.throws(() => calibratorFromJSON({ ...json, version: 2 }), (e: unknown) => e instanceof StateError && /version 2/.test(e.message));
    assert.throws(() => calibratorFromJSON({ ...json, kind: 'nope' }), StateError);
    assert.throws(() => calibratorFromJSON(null), StateError);
    assert.throws(() => calibratorFromJSON([1, 2]), StateError);
    const other = kind === 'temperature' ? 'platt' : 'temperature';
    const classes: Record<string, { fromJSON(s: unknown): unknown }> = {
      temperature: TemperatureScaling, platt: PlattScaling, vector: VectorScaling, matrix: MatrixScaling,
      histogram: HistogramBinning, isotonic: IsotonicCalibration, beta: BetaCalibration,
    };
    assert.throws(() => classes[other].fromJSON(json), (e: unknown) => e instanceof StateError && /expected/.test(e.message));
    // Corrupt every numeric field in turn: a string where a number (or array) was.
    for (const key of Object.keys(json)) {
      if (key === 'kind' || key === 'version' || key === 'options') continue;
      assert.throws(() => calibratorFromJSON({ ...json, [key]: 'x' }), StateError, `field ${key}`);
    }
    assert.throws(() => calibratorFromJSON({ ...json, classes: 1 }), StateError);
  });
}

test('probability methods check rows sum to 1 (row named)', () => {
  const probs = fromRows([[0.5, 0.5], [0.7, 0.2], [0.1, 0.9]]);
  for (const kind of ['histogram', 'isotonic', 'beta']) {
    assert.throws(() => createCalibrator(kind).fit(probs, [0, 1, 1]), isInput('scores', 1));
  }
  assert.throws(() => new IsotonicCalibration().fit(fromRows([[1.5, -0.5], [0, 1]]), [0, 1]), isInput('scores', 0));
});

test('unknown calibrator kind and bad options throw InputError', () => {
  assert.throws(() => createCalibrator('softmax'), isInput('kind'));
  assert.throws(() => new TemperatureScaling({ minTemperature: 2, maxTemperature: 1 }), InputError);
  assert.throws(() => new HistogramBinning({ bins: 0 }), isInput('options.bins'));
  assert.throws(() => new VectorScaling({ regularization: 'odir' }), isInput('options.regularization'));
  assert.throws(() => new MatrixScaling({ lambda: -1 }), isInput('options.lambda'));
  assert.throws(() => new PlattScaling({ maxIterations: 0 }), isInput('options.maxIterations'));
});

test('vector/matrix scaling refuse a missing class without a bias penalty; regularised fits accept it', () => {
  const y = [0, 1, 0, 0, 1, 1, 0]; // class 2 never occurs
  assert.throws(() => new MatrixScaling().fit(logits3, y), (e: unknown) => e instanceof FitError && e.argument === 'labels' && /class 2/.test(e.message));
  assert.throws(() => new VectorScaling().fit(logits3, y), FitError);
  const m = new MatrixScaling({ regularization: 'odir', lambda: 0.1, mu: 0.1 }).fit(logits3, y);
  assert.ok(m.biases.every(Number.isFinite));
});

test('vector/matrix scaling refuse a perfectly separated validation set unless l2 bounds every direction', () => {
  const z = fromRows([[2, 0, 1], [0, 2, 1], [1, 0, 3], [3, 1, 0], [0.5, 2.5, 0], [0, 1, 2], [1, 1.5, 0]]);
  const y = [0, 1, 2, 0, 1, 2, 1]; // every row's argmax is its label
  const separated = (e: unknown) => e instanceof FitError && e.argument === 'labels' && /perfectly separated/.test(e.message);
  assert.throws(() => new MatrixScaling().fit(z, y), separated);
  assert.throws(() => new MatrixScaling({ regularization: 'odir' }).fit(z, y), separated);
  assert.throws(() => new VectorScaling().fit(z, y), separated);
  const l2 = new MatrixScaling({ regularization: 'l2' }).fit(z, y);
  assert.ok(l2.diagnostics!.converged && l2.weights.every((w) => Math.abs(w) < 10));
});

test('beta one-vs-rest refuses a class absent from a multi-class set; isotonic gives it probability 0', () => {
  const probs = convertScores(logits3, 'logits', 'probabilities');
  const y = [0, 1, 0, 0, 1, 1, 0];
  assert.throws(() => new BetaCalibration().fit(probs, y), (e: unknown) => e instanceof FitError && e.argument === 'labels' && /class 2/.test(e.message));
  const out = new IsotonicCalibration().fit(probs, y).predictProba(probs);
  for (let i = 0; i < out.rows; i++) assert.equal(out.data[i * 3 + 2], 0);
});

test('IsotonicRegression checks its inputs', () => {
  assert.throws(() => new IsotonicRegression().fit([1, NaN], [0, 1]), isInput('x', 1));
  assert.throws(() => new IsotonicRegression().fit([1, 2], [0]), isInput('y'));
  assert.throws(() => new IsotonicRegression().fit([1, 2], [0, 1], [1, -1]), isInput('sampleWeight', 1));
  assert.throws(() => new IsotonicRegression().fit([1, 2], [0, 1], [0, 0]), isInput('sampleWeight'));
  assert.throws(() => new IsotonicRegression().fit([], []), isInput('x'));
  assert.throws(() => new IsotonicRegression().predict([1]), NotFittedError);
});

test('probabilitiesToLogits clips p = 0 at log(1e-15)', () => {
  const z = probabilitiesToLogits(fromRows([[0, 1]]));
  assert.equal(z.data[0], Math.log(1e-15));
  assert.equal(z.data[1], 0);
});
