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

test('committed notebooks carry no outputs and use the certitude kernel', () => {
  const dir = join(root, 'notebooks');
  for (const f of existsSync(dir) ? readdirSync(dir).filter((x) => x.endsWith('.ipynb')) : []) {
    const nb = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    assert.equal(nb.metadata?.kernelspec?.name, 'certitude', `${f}: kernelspec`);
    for (const [i, cell] of nb.cells.entries()) {
      if (cell.cell_type !== 'code') continue;
      assert.deepEqual(cell.outputs, [], `${f} cell ${i + 1} has outputs`);
      assert.equal(cell.execution_count, null, `${f} cell ${i + 1} has an execution count`);
    }
  }
});
