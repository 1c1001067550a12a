//===- Fuzzing.cpp - The compile pipeline in memory, for fuzzers ----------===//
//
// The same phases as compileModule (Driver.cpp) up to the object file, with
// the host TargetMachine chosen the same way (x86-64-v2 on x86-64), kept
// apart from the driver so that its output and link code can change freely.
//
//===----------------------------------------------------------------------===//

#include "Fuzzing.h"
#include "Decoder.h"
#include "Error.h"
#include "Lower.h"
#include "Optimize.h"
#include "Validator.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

using namespace llvm;

namespace wasm2so {

namespace {

Expected<std::unique_ptr<TargetMachine>> hostTargetMachine(unsigned OptLevel) {
  static std::once_flag Once;
  std::call_once(Once, [] {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
  });
  Triple TT(sys::getDefaultTargetTriple());
  std::string Message;
  const Target *T = TargetRegistry::lookupTarget(TT.str(), Message);
  if (!T)
    return internalError("no target for the host: " + Message);
  StringRef CPU = TT.getArch() == Triple::x86_64 ? "x86-64-v2" : "generic";
  CodeGenOptLevel Level = OptLevel == 0   ? CodeGenOptLevel::None
                          : OptLevel == 1 ? CodeGenOptLevel::Less
                          : OptLevel == 2 ? CodeGenOptLevel::Default
                                          : CodeGenOptLevel::Aggressive;
  std::unique_ptr<TargetMachine> TM(
      T->createTargetMachine(TT.str(), CPU, "", TargetOptions(), Reloc::PIC_,
                             CodeModel::Small, Level));
  if (!TM)
    return internalError("cannot create a code generator for the host");
  return TM;
}

} // namespace

Expected<SmallVector<char, 0>>
compileToObject(ArrayRef<uint8_t> Wasm, StringRef FileName, unsigned OptLevel) {
  Expected<std::unique_ptr<wasm2so::Module>> M =
      decodeModule(std::vector<uint8_t>(Wasm.begin(), Wasm.end()), FileName);
  if (!M)
    return M.takeError();
  if (Error E = validateModule(**M))
    return E;

  Expected<std::unique_ptr<TargetMachine>> TM = hostTargetMachine(OptLevel);
  if (!TM)
    return TM.takeError();
  LLVMContext Ctx;
  Expected<std::unique_ptr<llvm::Module>> LM = lowerModule(**M, Ctx, **TM);
  if (!LM)
    return LM.takeError();
  (*LM)->setTargetTriple((*TM)->getTargetTriple().str());
  (*LM)->setDataLayout((*TM)->createDataLayout());
  std::string VerifierMessage;
  raw_string_ostream VerifierOS(VerifierMessage);
  if (verifyModule(**LM, &VerifierOS))
    return internalError("lowering produced invalid IR: " +
                         StringRef(VerifierMessage).trim());

  optimize(**LM, **TM, OptLevel);
  SmallVector<char, 0> Object;
  if (Error E = emitObject(**LM, **TM, Object))
    return std::move(E);
  return Object;
}

} // namespace wasm2so
