# lit configuration for wasm2so's regression tests.
import os
import sys
import lit.formats

config.name = "wasm2so"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".wat", ".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.w2s_obj_root, "lit")

config.environment["PATH"] = os.pathsep.join(
    [config.w2s_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])

# wasm2so checks its lowered IR in the tests (--verify-ir; off by default).
config.substitutions.append(
    ("%wasm2so", os.path.join(config.w2s_tools_dir, "wasm2so") + " --verify-ir"))
for tool in ["wasmrun", "wasmspec"]:
    config.substitutions.append(("%" + tool, os.path.join(config.w2s_tools_dir, tool)))
config.substitutions.append(("%examples", os.path.join(config.w2s_src_root, "examples")))
config.substitutions.append(("%python", sys.executable))
