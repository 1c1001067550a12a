//===- Error.cpp - Errors about wasm input --------------------------------===//

#include "Error.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace wasm2so {

char WasmError::ID = 0;

void WasmError::log(raw_ostream &OS) const {
  if (Offset != NoOffset)
    OS << format("0x%" PRIx64 ": ", Offset);
  OS << "error: " << Message;
}

/// The length of a leading "LINE:COL: " in Message, or 0.
static size_t textPosition(StringRef Message) {
  size_t I = 0;
  for (int Part = 0; Part < 2; ++Part) {
    size_t Start = I;
    while (I < Message.size() && isDigit(Message[I]))
      ++I;
    if (I == Start || I >= Message.size() || Message[I] != ':')
      return 0;
    ++I;
  }
  return I < Message.size() && Message[I] == ' ' ? I + 1 : 0;
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
        std::string Text = WE.message();
        StringRef Message = Text;
        if (WE.offset() != WasmError::NoOffset) {
          OS << format(":0x%" PRIx64, WE.offset());
        } else if (size_t Pos = textPosition(Message)) {
          // Text-format errors start with LINE:COL; print them where a
          // compiler prints them: file.wat:LINE:COL: error: ...
          OS << ':' << Message.take_front(Pos - 2);
          Message = Message.drop_front(Pos);
        }
        OS << ": error: " << Message;
      },
      [&](const ErrorInfoBase &EI) {
        StartLine();
        OS << ": error: " << EI.message();
      });
  return OS.str();
}

} // namespace wasm2so
