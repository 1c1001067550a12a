//===- wasm2so/wasi.h - WASI preview1 for compiled modules ------*- C++ -*-===//
//
// The host module "wasi_snapshot_preview1": every function of rt/wasi.def,
// backed by the host's files, clocks and randomness, inside a capability
// sandbox made of the preopened directories.
//
//   WasiConfig C;
//   C.Args = {"app.so", "in.txt"};
//   C.Preopens = {{"/tmp/sandbox", "."}};          // host, guest
//   auto Ctx = defineWasi(L, C);                    // L is an rt::Linker
//   auto Code = runWasiCommand(L, **Ctx, *Module);  // instantiate, _start
//
// Sandbox: a guest path is resolved component by component below the
// directory descriptor it is relative to (openat with O_NOFOLLOW, symlinks
// read and spliced by the runtime). An absolute path, a `..` above that
// directory, or a symlink whose target is absolute or climbs out of it, is
// refused with ENOTCAPABLE (76); so are renames and links one of whose ends
// is outside. proc_raise is refused with ENOTSUP: signals do not cross the
// sandbox. fd 0, 1 and 2 are the host's; preopens are fds 3, 4, ...
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_WASI_H
#define WASM2SO_WASI_H

#include "wasm2so/runtime.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wasm2so::rt {

/// The module name WASI functions are imported from.
inline constexpr const char *WasiModuleName = "wasi_snapshot_preview1";

struct WasiConfig {
  /// argv as the program sees it, argv[0] included.
  std::vector<std::string> Args;
  /// NAME=VALUE strings.
  std::vector<std::string> Env;
  /// Directories the program may use: (host path, guest name).
  std::vector<std::pair<std::string, std::string>> Preopens;
};

/// The state of one WASI program: its descriptor table, arguments,
/// environment and the memory its calls read and write.
class WasiContext;

/// Opens the preopened directories and defines every function of
/// rt/wasi.def in L under WasiModuleName. Fails (Error::Usage) when a
/// preopened directory cannot be opened.
Result<std::shared_ptr<WasiContext>> defineWasi(Linker &L, const WasiConfig &C);

/// Makes the WASI functions read and write Mem. Calls made before a memory
/// is bound fail with EFAULT.
void bindWasiMemory(WasiContext &Ctx, std::shared_ptr<Memory> Mem);

/// Runs an instantiated WASI command: binds its exported "memory", calls
/// its "_start", and returns the exit status (0 when _start returns, the
/// proc_exit code otherwise). Traps and other failures come back as Errors.
Result<int> runWasiCommand(WasiContext &Ctx, Instance &I);

/// Instantiates M with L, then runs it as above.
Result<int> runWasiCommand(Linker &L, WasiContext &Ctx,
                           std::shared_ptr<Module> M);

/// The function type of a wasi.def signature string ("i(iIi)"), or nullopt
/// when it is malformed.
std::optional<FuncSig> parseWasiSignature(std::string_view Sig);

} // namespace wasm2so::rt

#endif
