import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { injectParameters, parameterAssignments, readNotebook, runNotebook, type Notebook, type NotebookCell } from '../../src/notebook/runner';

const root = join(__dirname, '..', '..');

function code(source: string, tags: string[] = []): NotebookCell {
  return { id: Math.random().toString(16).slice(2, 10), cell_type: 'code', source, metadata: tags.length ? { tags } : {}, outputs: [], execution_count: null };
}
function md(source: string): NotebookCell {
  return { id: Math.random().toString(16).slice(2, 10), cell_type: 'markdown', source, metadata: {} };
}
function notebook(cells: NotebookCell[]): Notebook {
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells };
}
function write(dir: string, name: string, nb: Notebook): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify(nb));
  return p;
}

function nbformatValidate(path: string): string | undefined {
  // Skipped (not failed) where Debian's python3-nbformat is absent; CI installs it.
  if (spawnSync('/usr/bin/python3', ['-c', 'import nbformat'], { stdio: 'ignore' }).status !== 0) return 'skip';
  const r = spawnSync('/usr/bin/python3', ['-c', 'import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print("valid")', path], { encoding: 'utf8' });
  if (r.error) return 'skip';
  return r.status === 0 ? undefined : r.stderr;
}

test('parameter injection: after the parameters cell, assignments keep the declared type; replaces old injections', () => {
  assert.equal(parameterAssignments({ profile: 'smoke', epochs: 2 }, false), 'profile = "smoke";\nepochs = 2;');
  assert.equal(parameterAssignments({ n: [1, 2] }, true), 'let n = [1,2];');
  assert.throws(() => parameterAssignments({ 'a-b': 1 }, false), /not a valid identifier/);
  const nb = notebook([md('# t'), code("let profile: 'smoke' | 'full' = 'full';", ['parameters']), code('profile = "x";', ['injected-parameters']), code('1')]);
  const { notebook: out, foundParametersCell } = injectParameters(nb, { profile: 'smoke' });
  assert.equal(foundParametersCell, true);
  assert.equal(out.cells.length, 4);
  assert.deepEqual(out.cells[2].metadata.tags, ['injected-parameters']);
  assert.equal(out.cells[2].source, 'profile = "smoke";');
  assert.equal(nb.cells.length, 4, 'input not mutated');
  const top = injectParameters(notebook([code('1')]), { profile: 'smoke' });
  assert.equal(top.foundParametersCell, false);
  assert.equal(top.notebook.cells[0].source, 'let profile = "smoke";');
});

test('runs a notebook: outputs, execution counts, in-place display updates, parameters, valid nbformat', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certitude-runner-'));
  const src = write(dir, 'ok.ipynb', notebook([
    md('# ok'),
    code("let profile: 'smoke' | 'full' = 'full';", ['parameters']),
    code('console.log(`profile=${profile}`);'),
    code([
      "import { notebookProgress } from './src/notebook/progress';",
      "import { displayTable } from './src/notebook/display';",
      "const bar = notebookProgress(3, { label: 'steps', minIntervalMs: 0 });",
      'for (let i = 0; i < 3; i++) bar.tick();',
      "displayTable([{ a: 1.5, b: 'x' }]);",
    ].join('\n')),
    code('process.cwd() === process.env.CERTITUDE_ROOT'),
  ]));
  const before = readFileSync(src, 'utf8');
  const out = join(dir, 'out.ipynb');
  const r = await runNotebook(src, { parameters: { profile: 'smoke' }, outPath: out, projectRoot: root });
  assert.equal(r.failure, undefined, r.failure?.message);
  assert.equal(readFileSync(src, 'utf8'), before, 'input untouched when outPath is given');
  const nb = readNotebook(out);
  const codeCells = nb.cells.filter((c) => c.cell_type === 'code');
  assert.deepEqual(codeCells.map((c) => c.execution_count), [1, 2, 3, 4, 5]);
  assert.deepEqual(codeCells[1].metadata.tags, ['injected-parameters']);
  assert.deepEqual(codeCells[2].outputs, [{ output_type: 'stream', name: 'stdout', text: 'profile=smoke\n' }]);
  const displays = codeCells[3].outputs!.filter((o) => o.output_type === 'display_data') as Array<{ data: Record<string, string> }>;
  assert.equal(displays.length, 2, 'progress (one output, updated in place) + table');
  assert.match(displays[0].data['text/plain'], /steps 100% .* 3\/3/);
  assert.match(displays[1].data['text/html'], /<table/);
  assert.deepEqual(codeCells[4].outputs, [{ output_type: 'stream', name: 'stdout', text: 'true\n' }], 'kernel runs at the project root');
  assert.deepEqual((nb.metadata.kernelspec as { name: string }).name, 'certitude');
  const invalid = nbformatValidate(out);
  if (invalid !== 'skip') assert.equal(invalid, undefined);
});

test('compile error: failure names notebook, cell number and the compiler message; later cells not run', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certitude-runner-'));
  const src = write(dir, 'bad.ipynb', notebook([md('# bad'), code('const a = 1;'), code('const s: string = 42;'), code('console.log("never")')]));
  const r = await runNotebook(src, { projectRoot: root });
  assert.ok(r.failure);
  assert.equal(r.failure.cellNumber, 3);
  assert.equal(r.failure.executionCount, 2);
  assert.match(r.failure.message, /bad\.ipynb: cell 3 \(In \[2\]\) failed:\n1:7 - Type 'number' is not assignable to type 'string'\./);
  const nb = readNotebook(src);
  assert.equal(nb.cells[3].execution_count, null);
  assert.deepEqual(nb.cells[3].outputs, []);
  const invalid = nbformatValidate(src);
  if (invalid !== 'skip') assert.equal(invalid, undefined);
});

test('runtime error and CLI exit code: non-zero, cell number and message on stderr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certitude-runner-'));
  const src = write(dir, 'throws.ipynb', notebook([code('const x = 1;'), md('text'), code('throw new Error("boom at runtime");')]));
  const outDir = join(dir, 'out');
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'certitude-dev.ts'), 'notebooks', src, '--out', outDir], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /throws\.ipynb: cell 3 \(In \[2\]\) failed:\n[\s\S]*Error: boom at runtime/);
  assert.ok(existsSync(join(outDir, 'throws.ipynb')));
  const bad = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'certitude-dev.ts'), 'notebooks', src, '--profile', 'huge'], { cwd: root, encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--profile/);
});
