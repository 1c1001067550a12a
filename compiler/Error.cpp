//===- Error.cpp - Errors about wasm input --------------------------------===//

#include "Error.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace wasm2so {

char WasmError::ID = 0;

void WasmError::log(raw_ostream &OS) const {
  if (Offset != NoOffset)
    OS << format("0x%" PRIx64 ": ", Offset);
  else if (Line)
    OS << Line << ':' << Col << ": ";
  OS << "error: " << Message;
}

std::string formatError(StringRef File, Error E) {
  std::string Out;
  raw_string_ostream OS(Out);
  // Several errors joined together print one per line.
  auto StartLine = [&] {
    if (OS.tell() != 0)
      OS << '\n';
    OS << File;
  };
  handleAllErrors(
      std::move(E),
      [&](const WasmError &WE) {
        StartLine();
        if (WE.offset() != WasmError::NoOffset)
          OS << format(":0x%" PRIx64, WE.offset());
        else if (WE.line())
          OS << ':' << WE.line() << ':' << WE.column();
        OS << ": error: " << WE.message();
      },
      [&](const ErrorInfoBase &EI) {
        StartLine();
        OS << ": error: " << EI.message();
      });
  return OS.str();
}

} // namespace wasm2so
