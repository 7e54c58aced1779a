/**
 * The backtest's three gate predictors on the project's TensorFlow.js models: a single `Mlp` (src/models),
 * MC Dropout (src/uncertainty/mc-dropout.ts) and a Deep Ensemble (src/uncertainty/ensemble.ts), all two-class
 * classifiers whose binary logit is z₁ − z₀. They return member logits as typed arrays (M×N), never tensors;
 * `dispose()` frees the networks.
 */
import { InputError } from '../core/errors';
import { Matrix } from '../core/matrix';
import { trainMlp } from '../models/train';
import { MlpConfigInput } from '../models/mlp';
import { trainEnsemble } from '../uncertainty/ensemble';
import { mcDropoutRawOutputs } from '../uncertainty/mc-dropout';
import { DEFAULT_GATE_NET_CONFIG, GatePredictor, GatePredictorKind, GatePredictorOptions } from './gate-models';

/** A gate predictor that owns TensorFlow.js memory until `dispose()`. */
export interface DisposableGatePredictor extends GatePredictor {
  dispose(): void;
}

/** Row-major units=2 outputs (S×N×2) → S×N binary logits z₁ − z₀. */
function binaryLogits(data: Float64Array, samples: number, n: number): Matrix {
  const out = new Float64Array(samples * n);
  for (let k = 0; k < samples * n; k++) out[k] = data[2 * k + 1] - data[2 * k];
  return { data: out, rows: samples, cols: n };
}

/**
 * Fit a single network, an MC Dropout network or a Deep Ensemble with the TensorFlow.js models. Same
 * architecture and training settings as the plain predictors ({@link DEFAULT_GATE_NET_CONFIG}): one hidden
 * ReLU layer, dropout on it, Adam, L2 weight decay; the ensemble's members use seeds seed + i·1000 and bootstrap
 * resamples (seed 000).
 *
 * @param kind which predictor
 * @param x N×F standardised training features
 * @param y N labels 0/1
 * @param seed base seed
 * @param options network settings, nModels, mcSamples, bootstrap
 * @throws InputError for labels outside {0, 1} (and the models' own input errors)
 * @example
 * const p = await fitGatePredictorTfjs('ensemble', x, y, 7, { nModels: 5 }); p.memberLogits(xTest).rows // 5; p.dispose()
 */
export async function fitGatePredictorTfjs(
  kind: GatePredictorKind,
  x: Matrix,
  y: ArrayLike<number>,
  seed: number,
  options: GatePredictorOptions = {},
): Promise<DisposableGatePredictor> {
  for (let i = 0; i < y.length; i++) if (y[i] !== 0 && y[i] !== 1) throw new InputError('y', `label ${y[i]} is not 0/1`, i);
  const net = { ...DEFAULT_GATE_NET_CONFIG, ...(options.net ?? {}) };
  const config: MlpConfigInput = {
    task: 'classification',
    inputDim: x.cols,
    outputDim: 2,
    hiddenUnits: [net.hidden],
    dropoutRate: net.dropout,
    weightDecay: net.weightDecay,
    seed,
  };
  const train = { epochs: net.epochs, batchSize: net.batchSize, learningRate: net.learningRate };
  const labels = Int32Array.from(y);
  if (kind === 'ensemble') {
    const ensemble = await trainEnsemble(config, { x, y: labels }, { nModels: options.nModels ?? 5, seed, bootstrap: options.bootstrap ?? true, train });
    return {
      kind,
      memberLogits(xs: Matrix): Matrix {
        const out = ensemble.predictMemberOutputs(xs);
        return binaryLogits(out.data, out.m, out.n);
      },
      dispose: () => ensemble.dispose(),
    };
  }
  if (kind !== 'single' && kind !== 'mc-dropout') throw new InputError('kind', `unknown predictor '${kind as string}'`);
  const { model } = await trainMlp(config, { x, y: labels }, { ...train, seed });
  const samples = options.mcSamples ?? 30;
  return {
    kind,
    memberLogits(xs: Matrix): Matrix {
      if (kind === 'single') return binaryLogits(model.predictLogits(xs).data, 1, xs.rows);
      const raw = mcDropoutRawOutputs(model, xs, { samples, seed: seed + 1 });
      return binaryLogits(raw.data, raw.t, raw.n);
    },
    dispose: () => model.dispose(),
  };
}
