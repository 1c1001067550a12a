//===- Wat.cpp - Reading module files, text ones through WABT -------------===//

#include "Error.h"
#include "wasm2so/compiler.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "wabt/binary-writer.h"
#include "wabt/error.h"
#include "wabt/feature.h"
#include "wabt/ir.h"
#include "wabt/stream.h"
#include "wabt/wast-lexer.h"
#include "wabt/wast-parser.h"

#include <cctype>

using llvm::Expected;
using llvm::StringRef;

namespace wasm2so {

namespace {

/// WABT's first error as one line: `message (line L, column C)`.
std::string describeWabtErrors(const wabt::Errors &Errors) {
  const wabt::Error *First = nullptr;
  for (const wabt::Error &E : Errors)
    if (E.error_level == wabt::ErrorLevel::Error) {
      First = &E;
      break;
    }
  if (!First && !Errors.empty())
    First = &Errors.front();
  if (!First)
    return "cannot parse the text module";
  std::string Msg = StringRef(First->message).rtrim(" .\n").str();
  if (First->loc.line > 0)
    Msg += " (line " + std::to_string(First->loc.line) + ", column " +
           std::to_string(First->loc.first_column) + ")";
  return Msg;
}

bool looksLikeText(StringRef Bytes) {
  StringRef Rest = Bytes.ltrim(" \t\r\n");
  return !Rest.empty() && (Rest.front() == '(' || Rest.front() == ';');
}

} // namespace

Expected<std::vector<uint8_t>> watToWasm(StringRef Text, StringRef FileName) {
  wabt::Errors Errors;
  std::unique_ptr<wabt::WastLexer> Lexer = wabt::WastLexer::CreateBufferLexer(
      std::string_view(FileName.data(), FileName.size()), Text.data(),
      Text.size(), &Errors);
  wabt::Features Features; // WABT's defaults: Wasm 2.0
  wabt::WastParseOptions ParseOptions(Features);
  std::unique_ptr<wabt::Module> M;
  if (wabt::Failed(
          wabt::ParseWatModule(Lexer.get(), &M, &Errors, &ParseOptions)))
    return malformed(WasmError::NoOffset, describeWabtErrors(Errors));

  // No validation here: validating is our validator's job, and the spec
  // tests want invalid text modules to reach it.
  wabt::MemoryStream Stream;
  wabt::WriteBinaryOptions WriteOptions;
  WriteOptions.features = Features;
  WriteOptions.write_debug_names = true; // keep $names for the name section
  if (wabt::Failed(wabt::WriteBinaryModule(&Stream, M.get(), WriteOptions)))
    return malformed(WasmError::NoOffset,
                     "cannot write the text module as binary: " +
                         describeWabtErrors(Errors));
  return std::move(Stream.output_buffer().data);
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
