//===- Link.cpp - Linking an object into a shared object with lld ---------===//

#include "Link.h"

#include "lld/Common/Driver.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>

LLD_HAS_DRIVER(elf)

using namespace llvm;

namespace wasm2so {

namespace {

/// lld's drivers use global state: one link at a time per process, and
/// none at all once lld says it cannot run again (after a crash inside it).
std::mutex LinkMutex;
bool LinkerUnusable = false;

} // namespace

Error linkSharedObject(StringRef ObjectPath, StringRef OutputPath) {
  std::string Object = ObjectPath.str();
  std::string Output = OutputPath.str();
  const char *Args[] = {
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
      Object.c_str(),
  };

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

} // namespace wasm2so
