// node_wasi.js - Runs a WASI preview1 command in V8 through node:wasi and
// times only wasi.start(): Node's startup and the module's compilation and
// instantiation happen before the clock starts.
//
//   node --no-warnings node_wasi.js TIME-FILE PROG.wasm [ARGS...]
//
// The program's stdin, stdout and stderr are the process's own, its argv is
// PROG (the file's stem) and ARGS, its environment empty and it has no
// preopened directories. The nanoseconds spent in wasi.start() are written
// to TIME-FILE (stdout belongs to the program); the exit status is the
// program's.
'use strict';
const fs = require('fs');
const path = require('path');
const { WASI } = require('node:wasi');

const [timeFile, file, ...args] = process.argv.slice(2);
const wasi = new WASI({
  version: 'preview1',
  args: [path.basename(file, '.wasm'), ...args],
  env: {},
  returnOnExit: true, // proc_exit returns from start() instead of exiting
});
const mod = new WebAssembly.Module(fs.readFileSync(file));
const inst = new WebAssembly.Instance(mod, wasi.getImportObject());
const t0 = process.hrtime.bigint();
const status = wasi.start(inst);
const ns = process.hrtime.bigint() - t0;
fs.writeFileSync(timeFile, `${ns}\n`);
process.exitCode = status;
