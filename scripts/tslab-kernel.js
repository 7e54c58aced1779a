#!/usr/bin/env node
'use strict';
/*
 * certitude's tslab kernel launcher (what the `certitude` kernelspec runs, and what `certitude notebooks` runs).
 *
 * Why it exists (tslab issue #63): tslab compiles every cell with `rootDir` = process.cwd() and resolves
 * `require` from there too (tslab 1.0.22 dist/main.js `startKernel` → createExecutor(process.cwd()),
 * dist/converter.js `rootDir: cwd`). Jupyter starts a kernel in the notebook's folder, so a notebook in
 * notebooks/ cannot import `../src/...`: the file is outside rootDir and TypeScript refuses it. This launcher
 * starts tslab with the project root as its working directory instead, so notebooks import the library as
 * `./src/...` (paths relative to the project root, the same in every notebook whatever its folder) and data
 * paths such as `figures/` resolve from the root too. The folder Jupyter started in is kept in
 * CERTITUDE_NOTEBOOK_DIR.
 *
 * usage: node scripts/tslab-kernel.js <connection_file>
 */
const path = require('path');

const connectionFile = process.argv[2];
if (!connectionFile) {
  process.stderr.write('usage: tslab-kernel.js <connection_file>\n');
  process.exit(2);
}
const projectRoot = path.resolve(__dirname, '..');
process.env.CERTITUDE_NOTEBOOK_DIR = process.cwd();
process.env.CERTITUDE_ROOT = projectRoot;
const absoluteConnectionFile = path.resolve(connectionFile);
process.chdir(projectRoot);

let tslab;
let ts;
try {
  const tslabDir = path.join(projectRoot, 'node_modules', 'tslab');
  tslab = require(path.join(tslabDir, 'dist', 'main.js'));
  ts = require(require.resolve('@tslab/typescript-for-tslab', { paths: [tslabDir] }));
} catch (e) {
  process.stderr.write(`certitude kernel: tslab is not installed in ${projectRoot}/node_modules (run \`npm ci\` there): ${e.message}\n`);
  process.exit(1);
}
/*
 * No directory watching. tslab's compiler host allows ONE pending TypeScript timer and throws
 * "Unexpected pending rebuildTimer" from inside a timer callback otherwise (tslab 1.0.22 dist/converter.js
 * sys.setTimeout). TypeScript's directory watchers (for failed module lookups) start a second timer whenever a
 * file appears under a watched folder, and with the project root as cwd that happens all the time (figures/
 * being written, node_modules changing, edits elsewhere): the uncaught error killed the kernel mid-notebook.
 * File watchers stay on, so editing an imported src/ file is still picked up by the next cell; only "a module
 * that failed to resolve now exists" is no longer noticed without re-running the import cell.
 */
ts.sys.watchDirectory = () => ({ close() {} });
// enableFindLocal: false — we already picked the project's own tslab; its search would start from cwd anyway.
tslab.startKernel({ configPath: absoluteConnectionFile, enableFindLocal: false, jsKernel: false });
