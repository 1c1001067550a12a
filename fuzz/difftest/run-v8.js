// The V8 side of the differential tester (fuzz/difftest/difftest.py):
//
//   node run-v8.js MODULE.wasm SIGS.json > v8.trace
//
// Prints the trace w2s-difftest-run prints (fuzz/difftest/DiffRun.cpp), one
// line each:
//   log TYPE VALUE          a call of a fuzzing-support import
//   call NAME               an export is called, with the fixed arguments
//                           i32 1, i64 2, f32 3.5, f64 -4.25, null references
//   skipped v128 signature  (JS cannot pass or receive a v128)
//   result VALUE...         what it returned, or
//   trap CLASS              how it trapped (CLASS: the classes both engines
//                           map onto, see trapClass), or `exception`
//   memory PAGES HASH       FNV-1a of memory 0 after the call
//   global gN_TYPE VALUE    each global after the call, through its getter
// i32 and i64 print in decimal, f32 and f64 as `f32:BITS`/`f64:BITS` in hex
// or `nan`, v128 as two halves of two lanes (see fmtV128Halves), references
// as `null` or `ref`. A call that exhausts the stack ends the trace.
// SIGS.json lists each function export as [name, params, results], since
// the JS API does not show a function's type.
"use strict";
const fs = require("fs");

const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);

function hex(n, width) { return n.toString(16).padStart(width, "0"); }
function isF32NaNBits(b) { return (b & 0x7f800000) === 0x7f800000 && (b & 0x007fffff) !== 0; }
function fmtF32Bits(b) { b >>>= 0; return isF32NaNBits(b) ? "nan" : "f32:" + hex(b, 8); }
function isF64NaNBits(b) {
  return (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b & 0x000fffffffffffffn) !== 0n;
}
function fmtF64Bits(b) { b = BigInt.asUintN(64, b); return isF64NaNBits(b) ? "nan" : "f64:" + hex(b, 16); }
function fmtF32(x) { f32[0] = x; return Number.isNaN(x) ? "nan" : fmtF32Bits(u32[0]); }
function fmtF64(x) { f64[0] = x; return Number.isNaN(x) ? "nan" : fmtF64Bits(u64[0]); }
function fmtV128Halves(lo, hi) {
  let s = "v128:";
  for (let half of [lo, hi]) {
    half = BigInt.asUintN(64, half);
    if (isF64NaNBits(half)) { s += "[nan64]"; continue; }
    const lanes = [Number(half & 0xffffffffn), Number(half >> 32n)];
    s += "[" + lanes.map(b => isF32NaNBits(b) ? "nan" : hex(b, 8)).join(",") + "]";
  }
  return s;
}
function fmtValue(type, v) {
  switch (type) {
    case "i32": return String(v | 0);
    case "i64": return String(BigInt.asIntN(64, v));
    case "f32": return fmtF32(v);
    case "f64": return fmtF64(v);
    default: return v === null ? "null" : "ref";
  }
}

// V8's trap messages onto DiffRun.cpp's classes.
function trapClass(e) {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return "stack";
  if (!(e instanceof WebAssembly.RuntimeError)) return null;
  const m = e.message;
  if (/unreachable/.test(m)) return "unreachable";
  if (/memory access out of bounds|data segment/.test(m)) return "memory";
  if (/divide by zero|remainder by zero/.test(m)) return "divide-by-zero";
  if (/unrepresentable/.test(m)) return "overflow-or-conversion";
  if (/table index is out of bounds|element segment|table access/.test(m)) return "table-bounds";
  if (/signature mismatch|null function/.test(m)) return "indirect-call";
  return "other " + m;
}

const lines = [];
function line(s) { lines.push(s); }

// log-v128 cannot be a JS function (a v128 cannot cross into JS): a small
// wasm module takes the v128 and passes its two i64 halves to JS.
//   (module (import "h" "l" (func (param i64 i64)))
//     (func (export "log") (param v128)
//       local.get 0 i64x2.extract_lane 0 local.get 0 i64x2.extract_lane 1
//       call 0))
const logV128Bytes = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x0a, 0x02, 0x60, 0x02, 0x7e, 0x7e, 0x00, 0x60, 0x01, 0x7b, 0x00,  // types
  0x02, 0x07, 0x01, 0x01, 0x68, 0x01, 0x6c, 0x00, 0x00,                    // import h.l
  0x03, 0x02, 0x01, 0x01,                                                  // func type 1
  0x07, 0x07, 0x01, 0x03, 0x6c, 0x6f, 0x67, 0x00, 0x01,                    // export "log"
  0x0a, 0x10, 0x01, 0x0e, 0x00,                                            // code
  0x20, 0x00, 0xfd, 0x1d, 0x00, 0x20, 0x00, 0xfd, 0x1d, 0x01, 0x10, 0x00, 0x0b,
]);
const logV128 = new WebAssembly.Instance(new WebAssembly.Module(logV128Bytes), {
  h: { l: (lo, hi) => line("log v128 " + fmtV128Halves(lo, hi)) },
}).exports.log;

const imports = {
  "fuzzing-support": {
    "log-i32": x => line("log i32 " + fmtValue("i32", x)),
    "log-i64": x => line("log i64 " + fmtValue("i64", x)),
    "log-f32": x => line("log f32 " + fmtF32(x)),
    "log-f64": x => line("log f64 " + fmtF64(x)),
    "log-v128": logV128,
  },
};

const fixedArg = { i32: 1, i64: 2n, f32: 3.5, f64: -4.25, ref: null };

function state(exports, memory) {
  if (memory) {
    const bytes = new Uint8Array(memory.buffer);
    let h = 2166136261;
    for (let i = 0; i < bytes.length; i++)
      h = Math.imul(h ^ bytes[i], 16777619);
    line("memory " + bytes.length / 65536 + " " + (h >>> 0));
  }
  for (const name of Object.keys(exports)) {
    if (!name.startsWith("__dt_g")) continue;
    const type = name.slice(name.lastIndexOf("_") + 1);
    const v = exports[name]();
    let s;
    if (type === "f32") s = fmtF32Bits(v);
    else if (type === "f64") s = fmtF64Bits(v);
    else if (type === "v128") s = fmtV128Halves(v[0], v[1]);
    else if (type === "ref") s = v ? "null" : "ref";
    else s = fmtValue(type, v);
    line("global " + name.slice(5) + " " + s);
  }
}

function main() {
  const [wasmPath, sigsPath] = process.argv.slice(2);
  const sigs = JSON.parse(fs.readFileSync(sigsPath, "utf8"));
  let module;
  try {
    module = new WebAssembly.Module(fs.readFileSync(wasmPath));
  } catch (e) {
    process.stderr.write("v8 refuses the module: " + e.message + "\n");
    process.exit(3);
  }
  let instance;
  try {
    instance = new WebAssembly.Instance(module, imports);
  } catch (e) {
    const c = trapClass(e);
    line(c ? "instantiate trap " + c : "instantiate-error");
    return;
  }
  const exports = instance.exports;
  let memory = null;
  for (const d of WebAssembly.Module.exports(module))
    if (d.kind === "memory" && !memory) memory = exports[d.name];
  for (const [name, params, results] of sigs) {
    if (name.startsWith("__dt_")) continue;
    line("call " + name);
    if (params.includes("v128") || results.includes("v128")) {
      line("skipped v128 signature");
      continue;
    }
    try {
      let r = exports[name](...params.map(t => fixedArg[t]));
      if (results.length === 0) r = [];
      else if (results.length === 1) r = [r];
      line(["result"].concat(results.map((t, i) => fmtValue(t, r[i]))).join(" "));
    } catch (e) {
      if (e instanceof WebAssembly.Exception) {
        line("exception");
      } else {
        const c = trapClass(e);
        if (c === null) throw e;
        line("trap " + c);
        if (c === "stack") return;
      }
    }
    state(exports, memory);
  }
}

try {
  main();
} finally {
  process.stdout.write(lines.length ? lines.join("\n") + "\n" : "");
}
