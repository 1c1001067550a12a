// node_harness.js - Times run() of a wasm module in V8. Compilation and
// instantiation happen before the clock starts; only the calls are timed.
'use strict';
const fs = require('fs');
const [file, repsArg] = process.argv.slice(2);
const reps = Math.max(1, parseInt(repsArg || '3', 10));
const mod = new WebAssembly.Module(fs.readFileSync(file));
const inst = new WebAssembly.Instance(mod, {});
const run = inst.exports.run;
const sum = BigInt.asUintN(64, run()); // warm-up (lets V8 tier up) and checksum
const ns = [];
for (let i = 0; i < reps; ++i) {
  const t0 = process.hrtime.bigint();
  const s = BigInt.asUintN(64, run());
  ns.push(Number(process.hrtime.bigint() - t0));
  if (s !== sum) {
    console.error('checksum changed between calls');
    process.exit(1);
  }
}
ns.sort((a, b) => a - b);
console.log(`${sum} ${ns[Math.floor(reps / 2)]}`);
