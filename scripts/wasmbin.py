"""Just enough of the binary format for the differential tester
(fuzz/difftest) and bench/import-stubs.py: reading a module's sections,
types, imports, globals and exports, and adding the `__dt_g*` getters
through which both engines print every global after each call.

A getter returns its global as integers, so that no engine's JS or C
boundary can change the bits: f32 and f64 as their reinterpreted bits, v128
as its two i64 halves (low first), a reference as ref.is_null. Its export
name is `__dt_g<index>_<type>`, the type being i32, i64, f32, f64, v128 or
ref; the tracers print `global g<index>_<type> VALUE`.
"""

VALTYPES = {0x7F: "i32", 0x7E: "i64", 0x7D: "f32", 0x7C: "f64", 0x7B: "v128",
            0x70: "ref", 0x6F: "ref"}


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
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return result

    def sleb(self):
        result = shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                if b & 0x40:
                    result -= 1 << shift
                return result

    def name(self):
        n = self.uleb()
        s = self.data[self.pos:self.pos + n]
        self.pos += n
        return s.decode("utf-8", "replace")

    def valtype(self):
        t = self.byte()
        if t in (0x63, 0x64):  # (ref null? HEAP)
            self.sleb()
            return "ref"
        return VALTYPES.get(t, "unknown")

    def limits(self):
        flags = self.byte()
        self.uleb()
        if flags & 1:
            self.uleb()

    def const_expr(self):
        """Skips a constant expression up to and including its end."""
        while True:
            op = self.byte()
            if op == 0x0B:
                return
            if op in (0x41, 0x42):
                self.sleb()
            elif op == 0x43:
                self.pos += 4
            elif op == 0x44:
                self.pos += 8
            elif op in (0x23, 0xD2):
                self.uleb()
            elif op == 0xD0:
                self.sleb()
            elif op == 0xFD:
                if self.uleb() != 12:
                    raise ValueError("unexpected SIMD constant expression")
                self.pos += 16
            elif op in (0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E):
                pass
            else:
                raise ValueError("unexpected opcode 0x%x in a constant" % op)


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sections(data):
    """[(id, payload)] of a module."""
    if data[:8] != b"\0asm\1\0\0\0":
        raise ValueError("not a wasm module")
    r = Reader(data, 8)
    out = []
    while r.pos < len(data):
        sid = r.byte()
        size = r.uleb()
        out.append((sid, data[r.pos:r.pos + size]))
        r.pos += size
    return out


def assemble(secs):
    out = bytearray(b"\0asm\1\0\0\0")
    for sid, payload in secs:
        out.append(sid)
        out += uleb(len(payload))
        out += payload
    return bytes(out)


class ModuleInfo:
    def __init__(self, data):
        self.secs = sections(data)
        self.types = []          # [(params, results)] for function types
        self.func_types = []     # type index of each function, imports first
        self.imported_funcs = 0
        self.globals = []        # type of each global, imports first
        self.imports = []        # [(module, name, kind)]
        self.exports = []        # [(name, kind, index)]
        self.memories = 0
        for sid, payload in self.secs:
            r = Reader(payload)
            if sid == 1:
                for _ in range(r.uleb()):
                    form = r.byte()
                    if form != 0x60:
                        raise ValueError("type form 0x%x" % form)
                    params = [r.valtype() for _ in range(r.uleb())]
                    results = [r.valtype() for _ in range(r.uleb())]
                    self.types.append((params, results))
            elif sid == 2:
                for _ in range(r.uleb()):
                    mod, name, kind = r.name(), r.name(), r.byte()
                    self.imports.append((mod, name, kind))
                    if kind == 0:
                        self.func_types.append(r.uleb())
                        self.imported_funcs += 1
                    elif kind == 1:
                        r.valtype()
                        r.limits()
                    elif kind == 2:
                        r.limits()
                        self.memories += 1
                    elif kind == 3:
                        self.globals.append(r.valtype())
                        r.byte()
                    elif kind == 4:
                        r.byte()
                        r.uleb()
            elif sid == 3:
                self.func_types += [r.uleb() for _ in range(r.uleb())]
            elif sid == 5:
                self.memories += r.uleb()
            elif sid == 6:
                for _ in range(r.uleb()):
                    self.globals.append(r.valtype())
                    r.byte()
                    r.const_expr()
            elif sid == 7:
                for _ in range(r.uleb()):
                    name, kind = r.name(), r.byte()
                    self.exports.append((name, kind, r.uleb()))

    def export_sigs(self):
        """[(name, params, results)] of the function exports, in order."""
        return [(name,) + tuple(self.types[self.func_types[index]])
                for name, kind, index in self.exports if kind == 0]


# Each getter: its result types, its body after the global.get.
GETTERS = {
    "i32": ([0x7F], b""),
    "i64": ([0x7E], b""),
    "f32": ([0x7F], b"\xBC"),           # i32.reinterpret_f32
    "f64": ([0x7E], b"\xBD"),           # i64.reinterpret_f64
    "ref": ([0x7F], b"\xD1"),           # ref.is_null
}


def add_getters(data):
    """The module with a `__dt_g<i>_<type>` export per global, and its
    memory 0 exported as `__dt_memory` when no export names a memory."""
    info = ModuleInfo(data)
    secs = [list(s) for s in info.secs]

    def section(sid, order):
        for s in secs:
            if s[0] == sid:
                return s
        # Insert a new empty section where the format's order wants it.
        s = [sid, uleb(0)]
        rank = order.index(sid)
        at = len(secs)
        for i, (other, _) in enumerate(secs):
            if other in order and order.index(other) > rank:
                at = i
                break
        secs.insert(at, s)
        return s

    order = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11]
    types, funcs, exports, code = (section(i, order) for i in (1, 3, 7, 10))
    new_types, new_funcs, new_exports, new_bodies = [], [], [], []
    type_index = {}
    ntypes = len(info.types)
    nfuncs = len(info.func_types)
    for g, t in enumerate(info.globals):
        if t == "v128":
            results = [0x7E, 0x7E]
            # global.get; i64x2.extract_lane 0; global.get; ...lane 1
            body = (b"\x23" + uleb(g) + b"\xFD\x1D\x00" +
                    b"\x23" + uleb(g) + b"\xFD\x1D\x01")
        elif t in GETTERS:
            results, tail = GETTERS[t]
            body = b"\x23" + uleb(g) + tail
        else:
            continue
        key = bytes(results)
        if key not in type_index:
            type_index[key] = ntypes + len(new_types)
            new_types.append(b"\x60\x00" + uleb(len(results)) + key)
        new_funcs.append(type_index[key])
        func = b"\x00" + body + b"\x0B"
        new_bodies.append(uleb(len(func)) + func)
        name = ("__dt_g%d_%s" % (g, t)).encode()
        new_exports.append(uleb(len(name)) + name + b"\x00" +
                           uleb(nfuncs + len(new_funcs) - 1))
    if info.memories and not any(k == 2 for _, k, _ in info.exports):
        name = b"__dt_memory"
        new_exports.append(uleb(len(name)) + name + b"\x02\x00")

    def extend(sec, count, items):
        r = Reader(sec[1])
        old = r.uleb()
        sec[1] = uleb(old + len(items)) + sec[1][r.pos:] + b"".join(items)
        assert count is None or old == count

    extend(types, ntypes, new_types)
    extend(funcs, nfuncs - info.imported_funcs, [uleb(t) for t in new_funcs])
    extend(exports, len(info.exports), new_exports)
    extend(code, nfuncs - info.imported_funcs, new_bodies)
    return assemble([tuple(s) for s in secs])
