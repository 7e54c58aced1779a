import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Notebooks compile the library with tslab's own TypeScript 5.0 and without `strict`: code that narrows
// only under strictNullChecks (e.g. `!result.ok` on a boolean-discriminated union) type-checks with the
// project's tsc but fails in every notebook that imports it. Compile all of src/ the way tslab does.
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

test("src/ compiles with tslab's TypeScript 5.0 in non-strict mode", () => {
  const tsc = require.resolve('@tslab/typescript-for-tslab/lib/tsc.js');
  const args = [tsc, '--noEmit', '--strict', 'false', '--target', 'ES2022', '--module', 'commonjs', '--moduleResolution', 'node',
    '--esModuleInterop', '--resolveJsonModule', '--skipLibCheck', '--types', 'node', ...tsFiles('src')];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `tslab's compiler rejected the library:\n${r.stdout}${r.stderr}`);
});
