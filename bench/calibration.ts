/**
 * `npm run bench:calibration`: certitude against scikit-learn / numpy / scipy, side by side, in one run,
 * on identical inputs (written once as raw arrays to a temporary folder and read by both sides):
 * - isotonic regression: fit + predict on 10^6 points (vs sklearn `IsotonicRegression(out_of_bounds='clip')`);
 * - top-label ECE (15 equal-width bins) on 10^7 two-class predictions (vs a vectorised numpy ECE, and
 *   sklearn's `calibration_curve` for reference);
 * - temperature scaling on 10^6 × 10 logits (vs scipy `minimize_scalar(method='bounded')` on log T).
 * The two sides run in alternating rounds (peer, certitude, certitude, peer, ...) and each keeps its best
 * round, so a burst of load from other processes does not favour one side. Both wall-clock and CPU time
 * (process.cpuUsage / time.process_time) are reported: on a shared, loaded machine CPU time is the
 * steadier figure. The Python peer runs through /usr/bin/python3 when present (Debian's sklearn);
 * otherwise only certitude's times are printed. Results go to bench/results/calibration.json (atomically).
 *
 * Environment: BENCH_ROUNDS (default 3), BENCH_SCALE (default 1; e.g. 0.1 for a quick run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Rng } from '../src/core/rng';
import { writeFileAtomicSync } from '../src/core/io';
import { Matrix } from '../src/core/matrix';
import { IsotonicRegression, TemperatureScaling } from '../src/calibration';
import { expectedCalibrationError } from '../src/metrics';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const scale = Number(process.env.BENCH_SCALE ?? 1);
const PYTHON = '/usr/bin/python3';
const isoN = Math.round(1e6 * scale);
const eceN = Math.round(1e7 * scale);
const tempN = Math.round(1e6 * scale);
const tempK = 10;

interface Timing {
  wall: number;
  cpu: number;
}

function timed<T>(fn: () => T): { t: Timing; value: T } {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const value = fn();
  const wall = (performance.now() - w0) / 1000;
  const c = process.cpuUsage(c0);
  return { t: { wall, cpu: (c.user + c.system) / 1e6 }, value };
}

const best = (a: Timing | undefined, b: Timing): Timing => (a === undefined ? b : { wall: Math.min(a.wall, b.wall), cpu: Math.min(a.cpu, b.cpu) });

function writeRaw(dir: string, name: string, a: Float64Array | Int32Array): void {
  writeFileSync(join(dir, name), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

// ---- inputs (seeded), shared with the Python peer through raw files
process.stderr.write('generating inputs...\n');
const rng = new Rng(20240601);
const isoX = new Float64Array(isoN);
const isoY = new Float64Array(isoN);
for (let i = 0; i < isoN; i++) {
  isoX[i] = rng.uniform();
  isoY[i] = rng.uniform() < isoX[i] ** 1.2 ? 1 : 0;
}
const eceP = new Float64Array(2 * eceN);
const eceY = new Int32Array(eceN);
for (let i = 0; i < eceN; i++) {
  const p = rng.uniform();
  eceP[2 * i] = 1 - p;
  eceP[2 * i + 1] = p;
  eceY[i] = rng.uniform() < 0.05 + 0.9 * p ? 1 : 0;
}
const tempZ = new Float64Array(tempN * tempK);
const tempY = new Int32Array(tempN);
for (let i = 0; i < tempN; i++) {
  const y = rng.int(tempK);
  tempY[i] = y;
  for (let k = 0; k < tempK; k++) tempZ[i * tempK + k] = 3 * (rng.normal() + (k === y ? 1.5 : 0));
}
const eceMatrix: Matrix = { data: eceP, rows: eceN, cols: 2 };
const tempMatrix: Matrix = { data: tempZ, rows: tempN, cols: tempK };

interface PeerRound {
  versions: Record<string, string>;
  isotonic: Timing & { predict_sum: number };
  ece_numpy: Timing & { ece: number };
  calibration_curve: Timing & { bins: number };
  temperature: Timing & { T: number; evaluations: number };
}
type Task = 'isotonic' | 'ece' | 'temperatureNewton' | 'temperatureBrent';
const ours: Partial<Record<Task, Timing>> = {};
const theirs: Partial<Record<'isotonic' | 'ece_numpy' | 'calibration_curve' | 'temperature', Timing>> = {};
let peer: PeerRound | null = null;
let peerNote = '';
const values = { isotonicPredictSum: NaN, ece: NaN, temperatureNewton: NaN, temperatureBrent: NaN };

function runCertitude(): void {
  const iso = timed(() => new IsotonicRegression().fit(isoX, isoY).predict(isoX));
  ours.isotonic = best(ours.isotonic, iso.t);
  let sum = 0;
  for (let i = 0; i < iso.value.length; i++) sum += iso.value[i];
  values.isotonicPredictSum = sum;
  const ece = timed(() => expectedCalibrationError(eceMatrix, eceY));
  ours.ece = best(ours.ece, ece.t);
  values.ece = ece.value;
  const tn = timed(() => new TemperatureScaling().fit(tempMatrix, tempY).temperature);
  ours.temperatureNewton = best(ours.temperatureNewton, tn.t);
  values.temperatureNewton = tn.value;
  const tb = timed(() => new TemperatureScaling({ solver: 'brent' }).fit(tempMatrix, tempY).temperature);
  ours.temperatureBrent = best(ours.temperatureBrent, tb.t);
  values.temperatureBrent = tb.value;
}

const dir = mkdtempSync(join(tmpdir(), 'certitude-bench-'));
let peerAvailable = existsSync(PYTHON);
if (!peerAvailable) peerNote = `${PYTHON} not found: Python peer skipped`;
try {
  if (peerAvailable) {
    writeRaw(dir, 'iso_x.f64', isoX);
    writeRaw(dir, 'iso_y.f64', isoY);
    writeRaw(dir, 'ece_p.f64', eceP);
    writeRaw(dir, 'ece_y.i32', eceY);
    writeRaw(dir, 'temp_z.f64', tempZ);
    writeRaw(dir, 'temp_y.i32', tempY);
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ ece_rows: eceN, temp_rows: tempN, temp_cols: tempK }));
  }
  const runPeer = (): void => {
    if (!peerAvailable) return;
    try {
      const out = execFileSync(PYTHON, [join(__dirname, 'calibration_peer.py'), dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
      const r: PeerRound = JSON.parse(out.trim().split('\n').pop()!);
      peer = r;
      theirs.isotonic = best(theirs.isotonic, r.isotonic);
      theirs.ece_numpy = best(theirs.ece_numpy, r.ece_numpy);
      theirs.calibration_curve = best(theirs.calibration_curve, r.calibration_curve);
      theirs.temperature = best(theirs.temperature, r.temperature);
    } catch (e) {
      peerNote = `Python peer failed: ${(e as Error).message.split('\n')[0]}`;
      peerAvailable = false;
    }
  };
  for (let r = 0; r < rounds; r++) {
    process.stderr.write(`round ${r + 1}/${rounds}...\n`);
    // Alternate who goes first, so neither side always meets the same load.
    if (r % 2 === 0) {
      runPeer();
      runCertitude();
    } else {
      runCertitude();
      runPeer();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// ---- table
interface Row {
  task: string;
  ours: Timing;
  peerName: string;
  peer?: Timing;
  check: string;
}
const p = peer as PeerRound | null;
const rows: Row[] = [
  {
    task: `isotonic fit+predict, n=${isoN.toExponential(0)}`,
    ours: ours.isotonic!,
    peerName: 'sklearn IsotonicRegression',
    peer: theirs.isotonic,
    check: p ? `Σ predictions ${values.isotonicPredictSum.toFixed(6)} vs ${p.isotonic.predict_sum.toFixed(6)}` : '',
  },
  {
    task: `top-label ECE (15 bins), n=${eceN.toExponential(0)}`,
    ours: ours.ece!,
    peerName: 'numpy ECE (vectorised)',
    peer: theirs.ece_numpy,
    check: p ? `ECE ${values.ece.toExponential(9)} vs ${p.ece_numpy.ece.toExponential(9)}` : '',
  },
  {
    task: `  same rows, certitude ECE`,
    ours: ours.ece!,
    peerName: 'sklearn calibration_curve',
    peer: theirs.calibration_curve,
    check: 'curve only, for reference',
  },
  {
    task: `temperature fit, ${tempN.toExponential(0)}×${tempK} (Newton)`,
    ours: ours.temperatureNewton!,
    peerName: 'scipy minimize_scalar bounded',
    peer: theirs.temperature,
    check: p ? `T ${values.temperatureNewton.toFixed(7)} vs ${p.temperature.T.toFixed(7)} (scipy: ${p.temperature.evaluations} NLL evals)` : '',
  },
  {
    task: `temperature fit, ${tempN.toExponential(0)}×${tempK} (Brent)`,
    ours: ours.temperatureBrent!,
    peerName: 'scipy minimize_scalar bounded',
    peer: theirs.temperature,
    check: p ? `T ${values.temperatureBrent.toFixed(7)} vs ${p.temperature.T.toFixed(7)}` : '',
  },
];
const f3 = (s: number | undefined): string => (s === undefined ? 'n/a' : s.toFixed(3));
const ratio = (a: number, b: number | undefined): string => (b === undefined ? 'n/a' : (a / b).toFixed(2));
const header = ['task', 'certitude wall s', 'cpu s', 'peer', 'peer wall s', 'cpu s', 'ratio wall', 'ratio cpu', 'same answer?'];
const table = rows.map((r) => [
  r.task,
  f3(r.ours.wall),
  f3(r.ours.cpu),
  r.peerName,
  f3(r.peer?.wall),
  f3(r.peer?.cpu),
  ratio(r.ours.wall, r.peer?.wall),
  ratio(r.ours.cpu, r.peer?.cpu),
  r.check,
]);
const widths = header.map((h, j) => Math.max(h.length, ...table.map((t) => t[j].length)));
const line = (cells: string[]): string => cells.map((c, j) => c.padEnd(widths[j])).join('  ');
console.log(
  `certitude calibration benchmark: best of ${rounds} alternating rounds, ${cpus().length} CPUs (load ${loadavg()[0].toFixed(1)}), node ${process.version}` +
    (p ? `; Python ${p.versions.python}, numpy ${p.versions.numpy}, scipy ${p.versions.scipy}, sklearn ${p.versions.sklearn}` : ''),
);
if (peerNote) console.log(peerNote);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const t of table) console.log(line(t));
console.log('ratio = certitude / peer; below 1 means certitude is faster.');

writeFileAtomicSync(
  join(__dirname, 'results', 'calibration.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      rounds,
      scale,
      node: process.version,
      cpus: cpus().length,
      loadAverage1m: loadavg()[0],
      peerVersions: p ? p.versions : null,
      peerNote: peerNote || null,
      rows: rows.map((r) => ({
        task: r.task,
        certitude: r.ours,
        peer: r.peerName,
        peerTiming: r.peer ?? null,
        ratioWall: r.peer ? r.ours.wall / r.peer.wall : null,
        ratioCpu: r.peer ? r.ours.cpu / r.peer.cpu : null,
        check: r.check,
      })),
      values: { ...values, peer: p },
    },
    null,
    2,
  ) + '\n',
);
console.log('wrote bench/results/calibration.json');
