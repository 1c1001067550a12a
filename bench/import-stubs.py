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

VALTYPES = {0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64'}


class Reader:
    def __init__(self, data, pos=0):
        self.data, self.pos = data, pos

    def byte(self):
        b = self.data[self.pos]
        self.pos += 1
        return b

    def uleb(self):
        result = shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7f) << shift
            shift += 7
            if b < 0x80:
                return result

    def name(self):
        n = self.uleb()
        s = self.data[self.pos:self.pos + n].decode('utf-8')
        self.pos += n
        return s

    def limits(self):
        flags = self.byte()
        self.uleb()
        if flags & 1:
            self.uleb()


def read_imports(data):
    """(types, imports): types as (params, results) lists of names; imports
    as (module, name, type index) of the imported functions."""
    if data[:4] != b'\0asm':
        sys.exit('not a wasm binary')
    r = Reader(data, 8)
    types, funcs = [], []
    while r.pos < len(data):
        sid, size = r.byte(), r.uleb()
        end = r.pos + size
        if sid == 1:
            for _ in range(r.uleb()):
                if r.byte() != 0x60:
                    sys.exit('unsupported type form')
                params = [VALTYPES[r.byte()] for _ in range(r.uleb())]
                results = [VALTYPES[r.byte()] for _ in range(r.uleb())]
                types.append((params, results))
        elif sid == 2:
            for _ in range(r.uleb()):
                module, name, kind = r.name(), r.name(), r.byte()
                if kind == 0:
                    funcs.append((module, name, r.uleb()))
                elif kind == 1:
                    r.byte()
                    r.limits()
                elif kind == 2:
                    r.limits()
                elif kind == 3:
                    r.byte()
                    r.byte()
                else:
                    r.byte()
                    r.uleb()
            break
        r.pos = end
    return types, funcs


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
