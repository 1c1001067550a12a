//===- Link.cpp - Linking an object with lld into a .so or an executable --===//

#include "Link.h"

#include "lld/Common/Driver.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>
#include <string>
#include <vector>

LLD_HAS_DRIVER(elf)

using namespace llvm;

namespace wasm2so {

namespace {

/// lld's drivers use global state: one link at a time per process, and
/// none at all once lld says it cannot run again (after a crash inside it).
std::mutex LinkMutex;
bool LinkerUnusable = false;

/// Runs ld.lld with Args (Args[0] is "ld.lld"); its first error becomes the
/// message.
Error runLld(ArrayRef<const char *> Args, StringRef Output) {
  std::string Diagnostics;
  raw_string_ostream OS(Diagnostics);
  int RetCode;
  {
    std::lock_guard<std::mutex> Lock(LinkMutex);
    if (LinkerUnusable)
      return createStringError(
          inconvertibleErrorCode(),
          "cannot link: lld failed earlier and cannot run again");
    lld::Result R = lld::lldMain(Args, OS, OS, {{lld::Gnu, &lld::elf::link}});
    RetCode = R.retCode;
    if (!R.canRunAgain)
      LinkerUnusable = true;
  }
  if (RetCode == 0)
    return Error::success();
  StringRef Msg = StringRef(Diagnostics).trim();
  // lld prefixes every line with "ld.lld: error: "; keep the first one.
  Msg = Msg.split('\n').first;
  Msg.consume_front("ld.lld: ");
  Msg.consume_front("error: ");
  return createStringError(inconvertibleErrorCode(),
                           "cannot link " + Output + ": " +
                               (Msg.empty() ? StringRef("lld failed") : Msg));
}

} // namespace

Error linkSharedObject(ArrayRef<std::string> ObjectPaths,
                       StringRef OutputPath) {
  std::string Output = OutputPath.str();
  std::vector<const char *> Args = {
      "ld.lld",
      "-shared",
      "--hash-style=gnu",
      "--eh-frame-hdr",
      "-z",
      "noexecstack",
      "-z",
      "relro",
      "-z",
      "now",
      "-o",
      Output.c_str(),
  };
  for (const std::string &Object : ObjectPaths)
    Args.push_back(Object.c_str());
  return runLld(Args, Output);
}

Error linkExecutable(ArrayRef<std::string> ObjectPaths,
                     StringRef OutputPath) {
#ifdef W2S_EXE_UNAVAILABLE
  return createStringError(inconvertibleErrorCode(),
                           "cannot write an executable: this wasm2so was "
                           "built without it (" W2S_EXE_UNAVAILABLE ")");
#else
  for (const char *Lib : {W2S_EXE_RT_LIBRARY, W2S_EXE_MAIN_LIBRARY})
    if (!sys::fs::exists(Lib))
      return createStringError(inconvertibleErrorCode(),
                               "cannot write an executable: the runtime "
                               "library " +
                                   Twine(Lib) +
                                   " is missing (build the w2s_rt and "
                                   "w2s_exe_main targets)");
  // What a C++ compiler driver passes for a PIE linked against the shared
  // libc and libstdc++, with the object and the runtime as the inputs.
  std::string Output = OutputPath.str();
  std::string GccDir = ("-L" + sys::path::parent_path(W2S_EXE_LIBGCC_A)).str();
  std::string LibcDir = ("-L" + sys::path::parent_path(W2S_EXE_LIBC_SO)).str();
  std::vector<const char *> Args = {
      "ld.lld",
      "-pie",
      "--hash-style=gnu",
      "--eh-frame-hdr",
      "--build-id",
      "-z",
      "noexecstack",
      "-z",
      "relro",
      "-z",
      "now",
      "-dynamic-linker",
      W2S_EXE_DYNAMIC_LINKER,
      "-o",
      Output.c_str(),
      W2S_EXE_SCRT1_O,
      W2S_EXE_CRTI_O,
      W2S_EXE_CRTBEGINS_O,
      GccDir.c_str(),
      LibcDir.c_str(),
  };
  for (const std::string &Object : ObjectPaths)
    Args.push_back(Object.c_str());
  const char *Rest[] = {
      W2S_EXE_MAIN_LIBRARY,
      W2S_EXE_RT_LIBRARY,
      "--as-needed",
      "-lstdc++",
      "-lm",
      "-lpthread",
      "-ldl",
      "-lgcc_s",
      "-lgcc",
      "-lc",
      "-lgcc_s",
      "-lgcc",
      "--no-as-needed",
      W2S_EXE_CRTENDS_O,
      W2S_EXE_CRTN_O,
  };
  Args.insert(Args.end(), std::begin(Rest), std::end(Rest));
  return runLld(Args, Output);
#endif
}

} // namespace wasm2so
