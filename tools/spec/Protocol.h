//===- spec/Protocol.h - Records a spec-script child sends its parent -----===//
//
// Each script runs in a forked child that streams one line per record over
// a pipe, so that whatever the child managed to report survives a crash or
// a timeout. Fields are separated by tabs; text never holds tabs or
// newlines (writeRecord replaces them with spaces).
//
//   C <index> <line> <command>   a counted command, all announced up front
//   R <index> <status> <text>    the result of command <index>
//   S <line>                     a module command starts (compile, load,
//                                instantiate); any later record ends it
//   M <line> <text>              a module failed to compile or instantiate
//   E <pos> <text>               the script could not be run at all; pos
//                                is LINE:COL in the script, or empty
//
// The parent counts every announced command that never got an R record as
// failed, an E record as one failure, and an M record as one failure when
// no command failed for want of that module.
//
//===----------------------------------------------------------------------===//
#ifndef WASM2SO_TOOLS_SPEC_PROTOCOL_H
#define WASM2SO_TOOLS_SPEC_PROTOCOL_H

#include "llvm/ADT/StringRef.h"

namespace wasm2so::spec {

enum class RecordKind : char {
  Command = 'C',
  Result = 'R',
  ModuleStart = 'S',
  ModuleFailure = 'M',
  FileError = 'E',
};

/// The status field of a Result record.
enum class Status : char {
  Passed = 'P',
  Failed = 'F',
  Skipped = 'S',
  /// Failed because the module the command needs failed; the text is that
  /// module's line. Counted as a failure, listed only with -v (the module's
  /// own failure is reported once, with the number of commands it cost).
  NoModule = 'D',
};

/// Writes one record to Fd: Kind, then each field after a tab, then a
/// newline. Best effort: a parent that went away is not an error here.
void writeRecord(int Fd, RecordKind Kind,
                 std::initializer_list<llvm::StringRef> Fields);

} // namespace wasm2so::spec

#endif
