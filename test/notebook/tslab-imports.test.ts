import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/*
 * Notebooks import library files through tslab, whose module loader maps `./x` to `x.js` among the files it
 * compiled and never tries `x/index.js` (tslab 1.0.22 dist/executor.js requireFromSideOutputs). A library file
 * that imports a folder therefore type-checks but fails at run time inside a notebook ("Cannot find module").
 * This guards the folders notebooks use; the CLI and experiments run under plain Node and may import folders.
 */
const root = join(__dirname, '..', '..');
const LIBRARY_FOLDERS = ['core', 'data', 'models', 'uncertainty', 'calibration', 'metrics', 'decision', 'bayes', 'plots', 'notebook'];

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

test('library files notebooks load through tslab import files, not folders', () => {
  const offenders: string[] = [];
  for (const folder of LIBRARY_FOLDERS) {
    for (const file of tsFiles(join(root, 'src', folder))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import|require\()\s*['"](\.{1,2}\/[^'"]*)['"]/g)) {
        const target = resolve(dirname(file), m[1]);
        if (existsSync(target) && statSync(target).isDirectory()) offenders.push(`${relative(root, file)} imports folder '${m[1]}'`);
      }
    }
  }
  assert.deepEqual(offenders, []);
});

test('committed notebooks use the certitude kernel and, when executed, ran cleanly top to bottom', () => {
  // Notebooks are committed executed once (full profile) so their results can be read without running them.
  // What must hold: the certitude kernel; execution counts 1, 2, 3... in cell order (no stale or skipped
  // cells); no error outputs; plotly.js embedded at most once per notebook (it is ~1.5 MB).
  const dir = join(root, 'notebooks');
  for (const f of existsSync(dir) ? readdirSync(dir).filter((x) => x.endsWith('.ipynb')) : []) {
    const text = readFileSync(join(dir, f), 'utf8');
    const nb = JSON.parse(text);
    assert.equal(nb.metadata?.kernelspec?.name, 'certitude', `${f}: kernelspec`);
    const code = nb.cells.filter((c: { cell_type: string }) => c.cell_type === 'code');
    const executed = code.some((c: { execution_count: number | null }) => c.execution_count !== null);
    for (const [i, cell] of code.entries()) {
      if (!executed) {
        assert.deepEqual(cell.outputs, [], `${f} code cell ${i + 1} has outputs but the notebook was not executed`);
        continue;
      }
      assert.equal(cell.execution_count, i + 1, `${f} code cell ${i + 1}: execution count`);
      for (const out of cell.outputs) assert.notEqual(out.output_type, 'error', `${f} code cell ${i + 1} has an error output`);
    }
    const bundles = (text.match(/plotly\.js \([^)]*\) v\d/g) ?? []).length;
    assert.ok(bundles <= 1, `${f}: plotly.js embedded ${bundles} times`);
  }
});
