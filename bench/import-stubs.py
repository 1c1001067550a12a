#!/usr/bin/env python3
"""import-stubs.py - Stub modules for a WASI program's non-WASI imports.

  import-stubs.py APP.wasm OUTDIR

Some WASI builds import host functions that only an embedding (a browser's
JavaScript glue, say) provides and that a command-line run never calls.
For each import module other than wasi_snapshot_preview1, this writes
OUTDIR/MODULE.wat exporting every function APP.wasm imports from it, with
the imported type, each doing nothing and returning zeros (the
component model's canonical_abi.resource_new, which a reactor's exports
call to wrap a result in a handle, then returns handle 0). Loaded
before APP with wasmrun (which names an instance after its file's stem),
they satisfy the imports:

  wasmrun OUTDIR/MODULE.wat... APP.so -- ARGS
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'scripts'))
import wasmbin  # noqa: E402

NUMERIC = ('i32', 'i64', 'f32', 'f64')


def read_imports(data):
    """(types, imports): types as (params, results) lists of names; imports
    as (module, name, type index) of the imported functions."""
    try:
        info = wasmbin.ModuleInfo(data)
    except (ValueError, IndexError) as e:
        sys.exit('cannot read the module: %s' % e)
    funcs = [(module, name) for module, name, kind in info.imports
             if kind == 0]
    return info.types, [(module, name, info.func_types[i])
                        for i, (module, name) in enumerate(funcs)]


def wat_string(s):
    out = []
    for b in s.encode('utf-8'):
        c = chr(b)
        out.append(c if 0x20 <= b < 0x7f and c not in '"\\' else '\\%02x' % b)
    return '"' + ''.join(out) + '"'


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], 'rb') as f:
        types, funcs = read_imports(f.read())
    modules = {}
    for module, name, t in funcs:
        if module != 'wasi_snapshot_preview1':
            modules.setdefault(module, []).append((name, t))
    os.makedirs(sys.argv[2], exist_ok=True)
    for module, entries in sorted(modules.items()):
        lines = ['(module']
        for name, t in entries:
            params, results = types[t]
            if any(v not in NUMERIC for v in params + results):
                sys.exit('%s.%s: only numeric types can be stubbed'
                         % (module, name))
            sig = ''.join(' (param %s)' % p for p in params)
            sig += ''.join(' (result %s)' % r for r in results)
            body = ''.join(' (%s.const 0)' % r for r in results)
            lines.append('  (func (export %s)%s%s)'
                         % (wat_string(name), sig, body))
        lines.append(')')
        with open(os.path.join(sys.argv[2], module + '.wat'), 'w') as f:
            f.write('\n'.join(lines) + '\n')
        print(os.path.join(sys.argv[2], module + '.wat'))


if __name__ == '__main__':
    main()
