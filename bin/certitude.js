#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI lives in src/cli and is compiled to dist/ by `npm run build` (run by `npm ci`).
require('../dist/cli/main.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`certitude: ${err && err.message ? err.message : err}\n`); process.exitCode = 1; },
);
