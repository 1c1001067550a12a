//===- Wat.cpp - Reading module files, text ones through our parser -------===//

#include "Error.h"
#include "WatParser.h"
#include "wasm2so/compiler.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"


#include <cctype>

using llvm::Expected;
using llvm::StringRef;

namespace wasm2so {

namespace {

bool looksLikeText(StringRef Bytes) {
  StringRef Rest = Bytes.ltrim(" \t\r\n");
  return !Rest.empty() && (Rest.front() == '(' || Rest.front() == ';');
}

} // namespace

Expected<std::vector<uint8_t>> watToWasm(StringRef Text, StringRef FileName,
                                         const Features &Feats) {
  (void)FileName; // the caller puts the file name in front of the message
  // No validation here: validating is our validator's job, and the spec
  // tests want invalid text modules to reach it. Files written by people
  // may use the names of tutorials from before the standard.
  WatOptions Options;
  Options.LegacyNames = true;
  Options.Feats = Feats;
  return parseWat(Text, Options);
}

Expected<std::vector<uint8_t>> readModuleFile(StringRef Path) {
  auto BufOrErr =
      llvm::MemoryBuffer::getFileOrSTDIN(Path, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!BufOrErr) {
    std::string Reason = BufOrErr.getError().message();
    if (!Reason.empty())
      Reason[0] = llvm::toLower(Reason[0]);
    return makeError(ErrorKind::Io, WasmError::NoOffset,
                     "cannot open file: " + Reason);
  }
  StringRef Contents = (*BufOrErr)->getBuffer();
  StringRef Ext = llvm::sys::path::extension(Path);
  if (Ext == ".wat" || Ext == ".wast" || looksLikeText(Contents))
    return watToWasm(Contents, Path);
  return std::vector<uint8_t>(Contents.begin(), Contents.end());
}

} // namespace wasm2so
