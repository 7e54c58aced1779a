/**
 * `npm run bench:models` — certitude's models against PyTorch CPU in ONE run, on the same data:
 * an MLP 20000×64 → 256 → 256 → 10 (ReLU, dropout 0.2 after each hidden layer, Adam, batch 256):
 *   1. seconds per training epoch,
 *   2. MC Dropout with T = 30 over the 20000 rows (sampling + summary),
 *   3. a 5-member Deep Ensemble's prediction over the 20000 rows.
 * The peer is bench/models_peer.py on /usr/bin/python3 with torch.set_num_threads(2). The two sides run one after
 * the other (never at the same time) and `--repeats R` alternates them R times, reporting each side's best.
 * Prints a side-by-side table with ratios (certitude ÷ PyTorch; < 1 means certitude is faster) and writes JSON to
 * bench/results/models-<timestamp>.json. The CPU may be shared: the load average is recorded with the numbers.
 *
 * Options: --rows 20000 --epochs 3 --mc-samples 30 --members 5 --repeats 1 --python /usr/bin/python3 --no-peer
 *          --backend wasm|cpu|tfjs-node|tfjs-node-gpu (else CERTITUDE_BACKEND / auto)
 */
import { spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Rng } from '../src/core/rng';
import { Matrix } from '../src/core/matrix';
import { writeFileAtomic } from '../src/core/io';
import { BackendName, initBackend } from '../src/models/backend';
import { Mlp } from '../src/models/mlp';
import { trainMlp } from '../src/models/train';
import { mcDropoutRawOutputs, softmaxInPlace } from '../src/uncertainty/mc-dropout';
import { summarizeClassificationSamples } from '../src/uncertainty/measures';
import { DeepEnsemble } from '../src/uncertainty/ensemble';

interface Args {
  rows: number;
  cols: number;
  classes: number;
  epochs: number;
  mcSamples: number;
  members: number;
  repeats: number;
  python: string;
  peer: boolean;
  backend?: BackendName;
}

function parse(argv: string[]): Args {
  const a: Args = { rows: 20000, cols: 64, classes: 10, epochs: 3, mcSamples: 30, members: 5, repeats: 1, python: '/usr/bin/python3', peer: true };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--no-peer') a.peer = false;
    else if (k === '--python') (a.python = v), i++;
    else if (k === '--backend') (a.backend = v as BackendName), i++;
    else if (k === '--rows') (a.rows = Number(v)), i++;
    else if (k === '--epochs') (a.epochs = Number(v)), i++;
    else if (k === '--mc-samples') (a.mcSamples = Number(v)), i++;
    else if (k === '--members') (a.members = Number(v)), i++;
    else if (k === '--repeats') (a.repeats = Number(v)), i++;
    else throw new Error(`unknown option ${k}`);
  }
  return a;
}

/** Inputs ~ N(0, 1); labels = argmax of a random linear teacher plus noise (learnable, not trivial). */
function makeData(a: Args): { x: Matrix; y: Int32Array } {
  const rng = new Rng(2024);
  const teacher = Float64Array.from({ length: a.cols * a.classes }, () => rng.normal());
  const x = new Float64Array(a.rows * a.cols);
  const y = new Int32Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) x[i * a.cols + j] = rng.normal();
    let best = -Infinity;
    for (let k = 0; k < a.classes; k++) {
      let s = 2 * rng.normal();
      for (let j = 0; j < a.cols; j++) s += x[i * a.cols + j] * teacher[j * a.classes + k];
      if (s > best) (best = s), (y[i] = k);
    }
  }
  return { x: { data: x, rows: a.rows, cols: a.cols }, y };
}

interface SideResult {
  epochSeconds: number[];
  /** CPU seconds (all threads of the process) of the same phases: less distorted than wall time on a shared machine. */
  epochCpuSeconds: number[];
  mcSamplingCpuSeconds: number;
  ensembleCpuSeconds: number;
  mcSamplingSeconds: number;
  mcSummarySeconds: number;
  ensembleSeconds: number;
  extra: Record<string, unknown>;
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
/** Process CPU seconds (user + system, every thread) since `from`. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
};

async function runCertitude(a: Args, data: { x: Matrix; y: Int32Array }): Promise<SideResult> {
  const cfg = { task: 'classification' as const, inputDim: a.cols, outputDim: a.classes, hiddenUnits: [256, 256], dropoutRate: 0.2, seed: 0 };
  const stamps: number[] = [];
  const cpuStamps: number[] = [];
  const cpuTrain = process.cpuUsage();
  const { model, history } = await trainMlp(cfg, data, {
    epochs: a.epochs,
    batchSize: 256,
    learningRate: 1e-3,
    onProgress: (p) => {
      stamps.push(p.seconds);
      cpuStamps.push(cpuSince(cpuTrain));
    },
  });
  const epochSeconds = stamps.map((s, i) => s - (i === 0 ? 0 : stamps[i - 1]));
  const epochCpuSeconds = cpuStamps.map((s, i) => s - (i === 0 ? 0 : cpuStamps[i - 1]));

  let t0 = performance.now();
  let c0 = process.cpuUsage();
  const raw = mcDropoutRawOutputs(model, data.x, { samples: a.mcSamples, seed: 1 });
  const probs = softmaxInPlace(raw.data, raw.units);
  const mcSamplingSeconds = (performance.now() - t0) / 1000;
  const mcSamplingCpuSeconds = cpuSince(c0);
  t0 = performance.now();
  const summary = summarizeClassificationSamples(probs, raw.t, raw.n, raw.units);
  const mcSummarySeconds = (performance.now() - t0) / 1000;
  model.dispose();

  // Ensemble inference cost does not depend on the weights: members are freshly initialised (seeds i·1000).
  const members = Array.from({ length: a.members }, (_, i) => Mlp.create({ ...cfg, seed: i * 1000 }));
  const ensemble = new DeepEnsemble(members);
  t0 = performance.now();
  ensemble.predict(data.x);
  const ensembleColdSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  c0 = process.cpuUsage();
  const u = ensemble.predict(data.x);
  const ensembleSeconds = (performance.now() - t0) / 1000;
  const ensembleCpuSeconds = cpuSince(c0);
  t0 = performance.now();
  ensemble.predictMemberOutputs(data.x);
  const ensembleRawSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  ensemble.predictMemberOutputs(data.x, { strategy: 'batched' });
  const ensembleBatchedRawSeconds = (performance.now() - t0) / 1000;
  ensemble.dispose();
  let mi = 0;
  for (const v of summary.mutualInformation) mi += v / summary.mutualInformation.length;
  let sd = 0;
  for (const v of u.std.data) sd += v / u.std.data.length;
  return {
    epochSeconds,
    epochCpuSeconds,
    mcSamplingCpuSeconds,
    ensembleCpuSeconds,
    mcSamplingSeconds,
    mcSummarySeconds,
    ensembleSeconds,
    extra: {
      losses: history.loss,
      mcMeanMutualInformation: mi,
      ensembleMeanStd: sd,
      ensembleColdSeconds,
      ensembleRawSeconds,
      ensembleBatchedRawSeconds,
      ensembleStrategy: 'auto',
    },
  };
}

function runPeer(a: Args, dir: string): SideResult {
  const script = path.join(__dirname, 'models_peer.py');
  const r = spawnSync(
    a.python,
    [script, '--data', dir, '--rows', String(a.rows), '--cols', String(a.cols), '--classes', String(a.classes), '--epochs', String(a.epochs), '--mc-samples', String(a.mcSamples), '--members', String(a.members), '--threads', '2'],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (r.status !== 0) throw new Error(`peer failed (${r.status}): ${r.stderr}`);
  const j = JSON.parse(r.stdout);
  return {
    epochSeconds: j.epoch_seconds,
    epochCpuSeconds: j.epoch_cpu_seconds,
    mcSamplingCpuSeconds: j.mc_sampling_cpu_seconds,
    ensembleCpuSeconds: j.ensemble_cpu_seconds,
    mcSamplingSeconds: j.mc_sampling_seconds,
    mcSummarySeconds: j.mc_summary_seconds,
    ensembleSeconds: j.ensemble_seconds,
    extra: { versions: j.versions, threads: j.threads, losses: j.losses, mcMeanMutualInformation: j.mc_mean_mutual_information, ensembleMeanStd: j.ensemble_mean_std, checks: j.checks },
  };
}

function best(results: SideResult[]): SideResult {
  const pick = (f: (r: SideResult) => number) => results.reduce((b, r) => (f(r) < f(b) ? r : b));
  const training = pick((r) => mean(r.epochSeconds));
  const mc = pick((r) => r.mcSamplingSeconds + r.mcSummarySeconds);
  const ens = pick((r) => r.ensembleSeconds);
  return {
    epochSeconds: training.epochSeconds,
    epochCpuSeconds: training.epochCpuSeconds,
    mcSamplingSeconds: mc.mcSamplingSeconds,
    mcSamplingCpuSeconds: mc.mcSamplingCpuSeconds,
    mcSummarySeconds: mc.mcSummarySeconds,
    ensembleSeconds: ens.ensembleSeconds,
    ensembleCpuSeconds: ens.ensembleCpuSeconds,
    extra: { ...ens.extra, losses: training.extra.losses },
  };
}

async function main(): Promise<void> {
  const a = parse(process.argv.slice(2));
  const info = await initBackend(a.backend ? { backend: a.backend } : {});
  const data = makeData(a);
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'certitude-bench-'));
  await fsp.writeFile(path.join(dir, 'x.f64'), new Uint8Array(data.x.data.buffer));
  await fsp.writeFile(path.join(dir, 'y.i32'), new Uint8Array(data.y.buffer));
  const loadStart = os.loadavg();
  const ours: SideResult[] = [];
  const peers: SideResult[] = [];
  try {
    for (let r = 0; r < a.repeats; r++) {
      if (a.peer) {
        process.stderr.write(`[${r + 1}/${a.repeats}] PyTorch peer…\n`);
        peers.push(runPeer(a, dir));
      }
      process.stderr.write(`[${r + 1}/${a.repeats}] certitude (${info.backend})…\n`);
      ours.push(await runCertitude(a, data));
    }
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
  const loadEnd = os.loadavg();
  const c = best(ours);
  const p = a.peer ? best(peers) : undefined;
  const rows: [string, number, number | undefined][] = [
    ['training, s/epoch (mean)', mean(c.epochSeconds), p && mean(p.epochSeconds)],
    [`MC Dropout T=${a.mcSamples}, sampling s`, c.mcSamplingSeconds, p?.mcSamplingSeconds],
    [`MC Dropout T=${a.mcSamples}, summary s`, c.mcSummarySeconds, p?.mcSummarySeconds],
    [`MC Dropout T=${a.mcSamples}, total s`, c.mcSamplingSeconds + c.mcSummarySeconds, p && p.mcSamplingSeconds + p.mcSummarySeconds],
    [`ensemble M=${a.members} predict s`, c.ensembleSeconds, p?.ensembleSeconds],
  ];
  const fmt = (v: number | undefined) => (v === undefined ? '—' : v.toFixed(3));
  console.log(`\nbench:models  N=${a.rows} D=${a.cols} → 256 → 256 → ${a.classes}, dropout 0.2, batch 256, Adam; ${a.epochs} epochs; best of ${a.repeats}`);
  console.log(`certitude: ${info.backend} (simd ${info.simd ?? '-'}, threads ${info.threads ?? '-'}), tfjs-core ${info.versions['tfjs-core']};  PyTorch: ${p ? JSON.stringify(p.extra.versions) : 'not run'}, 2 threads`);
  console.log(`load average 1 min: ${loadStart[0].toFixed(2)} → ${loadEnd[0].toFixed(2)} on ${os.cpus().length} CPUs (${os.cpus()[0]?.model})\n`);
  console.log(`${'measure'.padEnd(34)} ${'certitude'.padStart(10)} ${'PyTorch'.padStart(10)} ${'ratio'.padStart(8)}`);
  for (const [name, ours_, peer] of rows) {
    console.log(`${name.padEnd(34)} ${fmt(ours_).padStart(10)} ${fmt(peer).padStart(10)} ${(peer ? (ours_ / peer).toFixed(2) : '—').padStart(8)}`);
  }
  const cpuRows: [string, number, number | undefined][] = [
    ['training, CPU s/epoch', mean(c.epochCpuSeconds), p && mean(p.epochCpuSeconds)],
    [`MC Dropout T=${a.mcSamples}, sampling CPU s`, c.mcSamplingCpuSeconds, p?.mcSamplingCpuSeconds],
    [`ensemble M=${a.members} predict CPU s`, c.ensembleCpuSeconds, p?.ensembleCpuSeconds],
  ];
  console.log(`\nCPU time (all threads of each process; PyTorch may use 2 threads, tfjs-wasm uses 1):`);
  for (const [name, ours_, peer] of cpuRows) {
    console.log(`${name.padEnd(34)} ${fmt(ours_).padStart(10)} ${fmt(peer).padStart(10)} ${(peer ? (ours_ / peer).toFixed(2) : '—').padStart(8)}`);
  }
  console.log(`\n(ratio = certitude ÷ PyTorch; < 1: certitude faster. Ensemble: certitude grouped ${fmt(c.extra.ensembleRawSeconds as number)} s raw outputs, ` +
    `batched-3D ${fmt(c.extra.ensembleBatchedRawSeconds as number)} s, first call ${fmt(c.extra.ensembleColdSeconds as number)} s)`);
  const result = {
    benchmark: 'models',
    date: new Date().toISOString(),
    settings: a,
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadavgStart: loadStart, loadavgEnd: loadEnd },
    certitude: { backend: info, best: c, runs: ours },
    pytorch: p ? { best: p, runs: peers } : null,
    ratios: Object.fromEntries(rows.filter((r) => r[2] !== undefined).map(([name, o, q]) => [name, o / (q as number)])),
    cpuRatios: Object.fromEntries(cpuRows.filter((r) => r[2] !== undefined).map(([name, o, q]) => [name, o / (q as number)])),
    targets: { 'MC Dropout and ensemble inference ≤ PyTorch': null, 'training ≤ 1.5 × PyTorch': null },
  };
  result.targets = {
    'MC Dropout and ensemble inference ≤ PyTorch': p
      ? (c.mcSamplingSeconds + c.mcSummarySeconds <= p.mcSamplingSeconds + p.mcSummarySeconds && c.ensembleSeconds <= p.ensembleSeconds) as never
      : null,
    'training ≤ 1.5 × PyTorch': p ? ((mean(c.epochSeconds) <= 1.5 * mean(p.epochSeconds)) as never) : null,
  };
  const out = path.join(__dirname, 'results', `models-${result.date.replace(/[:.]/g, '-')}.json`);
  await writeFileAtomic(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
