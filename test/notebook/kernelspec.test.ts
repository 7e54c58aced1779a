import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { findJupyterPython, installKernel, kernelSpec, KernelInstallError } from '../../src/notebook/kernelspec';

const root = join(__dirname, '..', '..');

test('kernelspec runs this project\'s launcher with absolute paths', () => {
  const spec = kernelSpec('/p/certitude', '/usr/bin/node');
  assert.deepEqual(spec.argv, ['/usr/bin/node', '/p/certitude/scripts/tslab-kernel.js', '{connection_file}']);
  assert.equal(spec.language, 'typescript');
});

test('a Python without jupyter_client is refused with what to install', () => {
  assert.throws(() => findJupyterPython(['/nonexistent/python3']), (e: unknown) => e instanceof KernelInstallError && /python3-jupyter-client/.test(e.message));
  assert.throws(() => installKernel({ projectRoot: root, python: '/nonexistent/python3' }), KernelInstallError);
  assert.throws(() => installKernel({ projectRoot: tmpdir() }), /scripts\/tslab-kernel\.js/);
});

test('install registers the kernel under a prefix (when /usr/bin/python3 has jupyter_client)', (t) => {
  if (spawnSync('/usr/bin/python3', ['-c', 'import jupyter_client'], { stdio: 'ignore' }).status !== 0) return t.skip('no jupyter_client');
  const prefix = mkdtempSync(join(tmpdir(), 'certitude-kp-'));
  const where = installKernel({ projectRoot: root, prefix, name: 'certitude-test' });
  assert.equal(where, join(prefix, 'share', 'jupyter', 'kernels', 'certitude-test'));
  const spec = JSON.parse(readFileSync(join(where, 'kernel.json'), 'utf8'));
  assert.equal(spec.argv[1], join(root, 'scripts', 'tslab-kernel.js'));
});
