import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkFigureName, exportFigures, findChromium, FigureExportError, readFigureSpecs, USUAL_BROWSER_PATHS } from '../../src/notebook/figure-export';
import { paperLayout } from '../../src/plots/style';

const root = join(__dirname, '..', '..');

test('browser lookup: env variables first, then usual paths, clear error when none', () => {
  assert.equal(findChromium({ CERTITUDE_CHROMIUM: '/x/chrome', CHROME_PATH: '/y' }, (p) => p === '/x/chrome'), '/x/chrome');
  assert.equal(findChromium({ CHROME_PATH: '/y/chrome' }, (p) => p === '/y/chrome'), '/y/chrome');
  assert.throws(() => findChromium({ CERTITUDE_CHROMIUM: '/missing' }, () => false), /CERTITUDE_CHROMIUM=\/missing does not exist/);
  assert.equal(findChromium({}, (p) => p === USUAL_BROWSER_PATHS[1]), USUAL_BROWSER_PATHS[1]);
  assert.throws(() => findChromium({}, () => false), (e: unknown) => e instanceof FigureExportError && /apt-get install chromium/.test(e.message) && /CERTITUDE_CHROMIUM/.test(e.message));
});

test('figure names become file names safely', () => {
  checkFigureName('01-reliability_v2.a');
  for (const bad of ['', '../x', 'a/b', '.hidden', 'a b']) assert.throws(() => checkFigureName(bad), /figure name/);
});

test('specs folder: reads figures in name order, rejects non-figures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certitude-specs-'));
  writeFileSync(join(dir, 'b.json'), JSON.stringify({ data: [], layout: {} }));
  writeFileSync(join(dir, 'a.json'), JSON.stringify({ data: [{ type: 'bar' }], layout: { width: 10 } }));
  assert.deepEqual(readFigureSpecs(dir).map((s) => s.name), ['a', 'b']);
  writeFileSync(join(dir, 'c.json'), JSON.stringify({ data: 3 }));
  assert.throws(() => readFigureSpecs(dir), /c\.json: is not a Plotly figure spec/);
  assert.throws(() => readFigureSpecs(join(dir, 'nope')), /no such folder/);
});

let chromium: string | undefined;
try { chromium = findChromium(); } catch { chromium = undefined; }

test('real Chromium export: SVG text, PNG at 3x, single-page vector PDF of the figure size; CLI re-renders specs', { skip: chromium ? false : 'no Chromium' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certitude-fig-'));
  const fig = { data: [{ type: 'bar', x: new Float64Array([0.25, 0.75]), y: [0.2, 0.9], name: 'Accuracy' }], layout: paperLayout({ title: { text: 'Export test' } }) };
  const written = await exportFigures({ 'export-test': fig }, { dir });
  assert.deepEqual(written.map((p) => p.slice(dir.length + 1)), ['export-test.svg', 'export-test.png', 'export-test.pdf', 'specs/export-test.json']);
  const svg = readFileSync(join(dir, 'export-test.svg'), 'utf8');
  assert.match(svg, /^<svg[^>]*width="340" height="260"/);
  assert.ok(svg.includes('Export test') && svg.includes('Liberation Sans'));
  const png = readFileSync(join(dir, 'export-test.png'));
  assert.equal(png.readUInt32BE(16), 1020, 'PNG width = 340 px × 3');
  assert.equal(png.readUInt32BE(20), 780);
  const pdf = readFileSync(join(dir, 'export-test.pdf')).toString('latin1');
  assert.ok(pdf.startsWith('%PDF-'));
  assert.equal((pdf.match(/\/Type\s*\/Page\b/g) ?? []).length, 1);
  assert.match(pdf, /\/MediaBox \[0 0 255\.\d+ 19[45]\.\d+\]/, '340×260 px = 255×195 pt');
  assert.match(pdf, /LiberationSans/, 'text kept as text (embedded font), not rasterised');
  // `certitude figures` re-renders from the saved spec into another folder.
  const out = join(dir, 'rerender');
  mkdirSync(out);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'certitude-dev.ts'), 'figures', '--specs', join(dir, 'specs'), '--out', out, '--formats', 'svg,png', '--scale', '2'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(out, 'export-test.svg')) && !existsSync(join(out, 'export-test.pdf')));
  assert.equal(readFileSync(join(out, 'export-test.png')).readUInt32BE(16), 680);
});

test('export without a browser fails with the clear message', async () => {
  const saved = process.env.CERTITUDE_CHROMIUM;
  process.env.CERTITUDE_CHROMIUM = '/nonexistent/chromium';
  try {
    await assert.rejects(exportFigures({ x: { data: [], layout: {} } }), /CERTITUDE_CHROMIUM=\/nonexistent\/chromium does not exist/);
  } finally {
    if (saved === undefined) delete process.env.CERTITUDE_CHROMIUM; else process.env.CERTITUDE_CHROMIUM = saved;
  }
});
