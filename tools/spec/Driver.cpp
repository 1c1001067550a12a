//===- spec/Driver.cpp - Runs .wast scripts in parallel child processes ---===//

#include "Driver.h"
#include "Protocol.h"
#include "ScriptRunner.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace llvm;

namespace wasm2so::spec {

namespace {

using Clock = std::chrono::steady_clock;

/// One announced command and what the child said about it.
struct CommandInfo {
  unsigned Line = 0;
  std::string Type;
  char Status = 0; // 0: never reported
  std::string Text;
};

/// One script: its child process while it runs, its records afterwards.
struct Job {
  std::string Path;
  std::string Name; // file stem
  std::string TempDir;
  pid_t Pid = -1;
  int Fd = -1;
  Clock::time_point Deadline;
  bool TimedOut = false;
  bool Finished = false;
  int WaitStatus = 0;
  std::string Pending; // a partial record
  std::vector<CommandInfo> Commands;
  std::vector<std::pair<unsigned, std::string>> ModuleFailures;
  std::vector<std::pair<std::string, std::string>> FileErrors; // pos, text
  unsigned ModuleInProgress = 0; // line of a module command not yet done
  std::string LogTail;           // the child's stdout/stderr, when it died
};

class Driver {
public:
  Driver(ArrayRef<std::string> Files, const DriverOptions &Options,
         raw_ostream &OS)
      : Options(Options), OS(OS) {
    for (const std::string &F : Files) {
      Job J;
      J.Path = F;
      J.Name = sys::path::stem(F).str();
      Jobs.push_back(std::move(J));
    }
  }

  Expected<Totals> run();

private:
  Error start(Job &J, size_t Index);
  void readFrom(Job &J);
  void handleRecord(Job &J, StringRef Line);
  void finish(Job &J);
  void report(Job &J);

  const DriverOptions &Options;
  raw_ostream &OS;
  std::vector<Job> Jobs;
  std::string Root;
  Totals Sum;
};

std::string childLogPath(const Job &J) {
  SmallString<256> P(J.TempDir);
  sys::path::append(P, "child.log");
  return std::string(P);
}

Error Driver::start(Job &J, size_t Index) {
  SmallString<256> Dir(Root);
  sys::path::append(Dir, std::to_string(Index) + "-" + J.Name);
  if (std::error_code EC = sys::fs::create_directory(Dir))
    return createStringError(EC, "cannot create %s", Dir.c_str());
  J.TempDir = std::string(Dir);

  int Fds[2];
  if (::pipe2(Fds, O_CLOEXEC) != 0)
    return createStringError(std::error_code(errno, std::generic_category()),
                             "pipe failed");
  // Nothing buffered may be written twice by the child.
  OS.flush();
  outs().flush();
  std::fflush(nullptr);

  pid_t Pid = ::fork();
  if (Pid < 0) {
    ::close(Fds[0]);
    ::close(Fds[1]);
    return createStringError(std::error_code(errno, std::generic_category()),
                             "fork failed");
  }
  if (Pid == 0) {
    // The child: spectest's print functions and any diagnostics go to a log
    // in the temporary folder, so they never mix with the report.
    ::close(Fds[0]);
    int Null = ::open("/dev/null", O_RDONLY);
    int Log =
        ::open(childLogPath(J).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (Null >= 0)
      ::dup2(Null, 0);
    if (Log >= 0) {
      ::dup2(Log, 1);
      ::dup2(Log, 2);
    }
    ScriptOptions SO;
    SO.WastPath = J.Path;
    SO.TempDir = J.TempDir;
    SO.OptLevel = Options.OptLevel;
    SO.PartSize = Options.PartSize;
    SO.Feats = Options.Feats;
    int RC = runScript(SO, Fds[1]);
    outs().flush();
    std::fflush(nullptr);
    ::_exit(RC);
  }
  ::close(Fds[1]);
  J.Pid = Pid;
  J.Fd = Fds[0];
  J.Deadline = Clock::now() + std::chrono::seconds(Options.TimeoutSeconds);
  return Error::success();
}

void Driver::handleRecord(Job &J, StringRef Line) {
  SmallVector<StringRef, 4> F;
  Line.split(F, '\t', /*MaxSplit=*/3);
  if (F.empty() || F[0].size() != 1)
    return;
  unsigned N = 0;
  RecordKind Kind = static_cast<RecordKind>(F[0][0]);
  if (Kind != RecordKind::ModuleStart)
    J.ModuleInProgress = 0;
  switch (Kind) {
  case RecordKind::ModuleStart:
    J.ModuleInProgress = 0;
    if (F.size() >= 2 && !F[1].getAsInteger(10, N))
      J.ModuleInProgress = N;
    return;
  case RecordKind::Command:
    if (F.size() == 4 && !F[1].getAsInteger(10, N)) {
      if (J.Commands.size() <= N)
        J.Commands.resize(N + 1);
      F[2].getAsInteger(10, J.Commands[N].Line);
      J.Commands[N].Type = F[3].str();
    }
    return;
  case RecordKind::Result:
    if (F.size() >= 3 && !F[1].getAsInteger(10, N) && N < J.Commands.size() &&
        F[2].size() == 1) {
      J.Commands[N].Status = F[2][0];
      J.Commands[N].Text = F.size() == 4 ? F[3].str() : "";
    }
    return;
  case RecordKind::ModuleFailure:
    if (F.size() >= 2 && !F[1].getAsInteger(10, N))
      J.ModuleFailures.emplace_back(N, F.size() >= 3 ? F[2].str() : "");
    return;
  case RecordKind::FileError:
    J.FileErrors.emplace_back(F.size() >= 2 ? F[1].str() : "",
                              F.size() >= 3 ? F[2].str() : "");
    return;
  }
}

void Driver::readFrom(Job &J) {
  char Buf[65536];
  ssize_t N = ::read(J.Fd, Buf, sizeof(Buf));
  if (N < 0 && (errno == EINTR || errno == EAGAIN))
    return;
  if (N <= 0) {
    finish(J);
    return;
  }
  J.Pending.append(Buf, static_cast<size_t>(N));
  size_t Begin = 0;
  for (size_t NL; (NL = J.Pending.find('\n', Begin)) != std::string::npos;
       Begin = NL + 1)
    handleRecord(J, StringRef(J.Pending).slice(Begin, NL));
  J.Pending.erase(0, Begin);
}

/// The last few lines of a file, each prefixed for the report.
std::string tailOf(const std::string &Path, unsigned Lines) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(Path);
  if (!B)
    return "";
  SmallVector<StringRef, 64> All;
  (*B)->getBuffer().rtrim().split(All, '\n');
  std::string S;
  for (size_t I = All.size() > Lines ? All.size() - Lines : 0; I < All.size();
       ++I)
    if (!All[I].empty())
      S += "  | " + All[I].str() + "\n";
  return S;
}

void Driver::finish(Job &J) {
  ::close(J.Fd);
  J.Fd = -1;
  while (::waitpid(J.Pid, &J.WaitStatus, 0) < 0 && errno == EINTR) {
  }
  bool Clean =
      !J.TimedOut && WIFEXITED(J.WaitStatus) && WEXITSTATUS(J.WaitStatus) == 0;
  if (!Clean)
    J.LogTail = tailOf(childLogPath(J), 10);
  if (!Options.KeepTemps)
    sys::fs::remove_directories(J.TempDir);
  J.Finished = true;
}

/// Why a child stopped early, for the report.
std::string exitCause(const Job &J, unsigned Timeout) {
  if (J.TimedOut)
    return "timed out after " + std::to_string(Timeout) + " s";
  if (WIFSIGNALED(J.WaitStatus)) {
    int Sig = WTERMSIG(J.WaitStatus);
    return "child killed by signal " + std::to_string(Sig) + " (" +
           ::strsignal(Sig) + ")";
  }
  if (WIFEXITED(J.WaitStatus) && WEXITSTATUS(J.WaitStatus) != 0)
    return "child exited with status " +
           std::to_string(WEXITSTATUS(J.WaitStatus));
  return "";
}

void Driver::report(Job &J) {
  std::string File = J.Name + ".wast";
  std::string Cause = exitCause(J, Options.TimeoutSeconds);
  uint64_t Passed = 0, Failed = 0, Skipped = 0, NotRun = 0;

  // Report lines, sorted by source line at the end.
  std::vector<std::pair<unsigned, std::string>> Lines;
  std::map<unsigned, unsigned> CostOfModule; // module line -> commands
  std::map<std::string, unsigned> SkipReasons;
  for (const CommandInfo &C : J.Commands) {
    std::string Where = File + ":" + std::to_string(C.Line) + ": " + C.Type;
    switch (static_cast<Status>(C.Status)) {
    case Status::Passed:
      ++Passed;
      if (Options.Verbose)
        Lines.emplace_back(C.Line, Where + ": passed");
      continue;
    case Status::Failed:
      ++Failed;
      Lines.emplace_back(C.Line, Where + ": " + C.Text);
      continue;
    case Status::Skipped:
      ++Skipped;
      ++SkipReasons[C.Text];
      if (Options.Verbose)
        Lines.emplace_back(C.Line, Where + ": skipped: " + C.Text);
      continue;
    case Status::NoModule: {
      ++Failed;
      unsigned ModLine = 0;
      StringRef(C.Text).getAsInteger(10, ModLine);
      ++CostOfModule[ModLine];
      if (Options.Verbose)
        Lines.emplace_back(C.Line, Where + ": failed: its module (line " +
                                       C.Text + ") failed");
      continue;
    }
    }
    // Never reported: the child crashed, hung or stopped.
    ++Failed;
    if (NotRun++ == 0 || Options.Verbose)
      Lines.emplace_back(C.Line, Where + ": not run: " +
                                     (Cause.empty() ? "no result" : Cause));
  }
  for (const auto &[Line, Text] : J.ModuleFailures) {
    std::string S = File + ":" + std::to_string(Line) + ": module: " + Text;
    if (unsigned Cost = CostOfModule[Line]) {
      S += " (" + std::to_string(Cost) + " dependent command" +
           (Cost == 1 ? "" : "s") + " failed)";
    } else {
      // No counted command needed it: the failure still counts, once.
      ++Failed;
      S += " (counted as 1 failure)";
    }
    Lines.emplace_back(Line, S);
  }
  if (J.ModuleInProgress && !Cause.empty())
    Lines.emplace_back(J.ModuleInProgress,
                       File + ":" + std::to_string(J.ModuleInProgress) +
                           ": module: " + Cause +
                           " while compiling or instantiating it");
  std::stable_sort(
      Lines.begin(), Lines.end(),
      [](const auto &A, const auto &B) { return A.first < B.first; });

  for (const auto &L : Lines)
    OS << L.second << '\n';
  if (NotRun > 1)
    OS << File << ": " << NotRun << " commands not run: " << Cause << '\n';
  for (const auto &[Pos, Text] : J.FileErrors) {
    ++Failed;
    OS << File << (Pos.empty() ? "" : ":") << Pos << ": error: " << Text
       << '\n';
  }
  // A child that died after reporting everything still broke something.
  if (!Cause.empty() && NotRun == 0 && J.FileErrors.empty()) {
    ++Failed;
    OS << File << ": error: " << Cause << '\n';
  }
  if (!Options.Verbose)
    for (const auto &[Reason, Count] : SkipReasons)
      OS << File << ": " << Count << " skipped: " << Reason << '\n';
  OS << J.LogTail;
  auto Listed = Options.Expected.find(J.Name);
  uint64_t Want = Listed == Options.Expected.end() ? 0 : Listed->second.Count;
  OS << J.Name << ": " << Passed << " passed, " << Failed << " failed";
  if (Listed != Options.Expected.end())
    OS << " (" << Want << " expected)";
  OS << ", " << Skipped << " skipped\n";
  if (!Options.ExpectPath.empty() && Failed != Want) {
    ++Sum.Mismatched;
    OS << J.Name << ": " << Failed << " failed where " << Want
       << (Listed == Options.Expected.end()
               ? " are expected"
               : " are listed (" + Listed->second.Reason + ")")
       << ": "
       << (Failed > Want ? "a regression, or a missing entry"
                         : "fewer failures: lower or remove the entry")
       << " in " << Options.ExpectPath << '\n';
  }
  OS.flush();
  Sum.ExpectedFailed += std::min(Failed, Want);

  Sum.Passed += Passed;
  Sum.Failed += Failed;
  Sum.Skipped += Skipped;
}

Expected<Totals> Driver::run() {
  SmallString<256> RootDir;
  if (std::error_code EC = sys::fs::createUniqueDirectory("wasmspec", RootDir))
    return createStringError(EC, "cannot create a temporary folder");
  Root = std::string(RootDir);

  unsigned MaxJobs = std::max(1u, Options.Jobs);
  std::vector<size_t> Running;
  size_t Next = 0, NextReport = 0;
  Error Err = Error::success();
  while (true) {
    while (!Err && Running.size() < MaxJobs && Next < Jobs.size()) {
      Err = start(Jobs[Next], Next);
      if (!Err)
        Running.push_back(Next++);
    }
    if (Running.empty())
      break;

    // Wait for records, or until the nearest deadline.
    Clock::time_point Now = Clock::now();
    int WaitMs = 1000;
    std::vector<pollfd> Polls;
    for (size_t I : Running) {
      Polls.push_back({Jobs[I].Fd, POLLIN, 0});
      if (!Jobs[I].TimedOut) {
        auto Left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        Jobs[I].Deadline - Now)
                        .count();
        WaitMs = std::min<int64_t>(WaitMs, std::max<int64_t>(Left, 0));
      }
    }
    int Ready = ::poll(Polls.data(), Polls.size(), WaitMs);
    if (Ready < 0 && errno != EINTR)
      return createStringError(std::error_code(errno, std::generic_category()),
                               "poll failed");
    for (size_t K = 0; Ready > 0 && K < Polls.size(); ++K)
      if (Polls[K].revents)
        readFrom(Jobs[Running[K]]);

    Now = Clock::now();
    for (size_t I : Running) {
      Job &J = Jobs[I];
      if (!J.Finished && !J.TimedOut && Now >= J.Deadline) {
        ::kill(J.Pid, SIGKILL);
        J.TimedOut = true;
      }
    }
    llvm::erase_if(Running, [&](size_t I) { return Jobs[I].Finished; });
    for (; NextReport < Jobs.size() && Jobs[NextReport].Finished; ++NextReport)
      report(Jobs[NextReport]);
  }

  if (Options.KeepTemps)
    errs() << "wasmspec: temporaries kept in " << Root << "\n";
  else
    sys::fs::remove_directories(Root);
  if (Err)
    return Err;
  return Sum;
}

} // namespace

Expected<Expectations> readExpectations(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return createStringError(Buf.getError(), "%s: %s", Path.str().c_str(),
                             Buf.getError().message().c_str());
  Expectations E;
  SmallVector<StringRef, 64> Lines;
  (*Buf)->getBuffer().split(Lines, '\n');
  for (size_t I = 0; I < Lines.size(); ++I) {
    StringRef L = Lines[I].trim();
    if (L.empty() || L.starts_with("#"))
      continue;
    auto [Name, Rest] = L.split(' ');
    auto [Count, Reason] = Rest.ltrim().split(' ');
    Expectation X;
    Reason = Reason.trim();
    std::string Where = Path.str() + ":" + std::to_string(I + 1) + ": ";
    if (Count.getAsInteger(10, X.Count) || Reason.empty())
      return createStringError(inconvertibleErrorCode(),
                               Where + "expected `NAME COUNT REASON`");
    if (X.Count == 0)
      return createStringError(inconvertibleErrorCode(),
                               Where + "a count of 0: remove the entry");
    X.Reason = Reason.str();
    if (!E.emplace(Name.str(), std::move(X)).second)
      return createStringError(inconvertibleErrorCode(),
                               Where + Name + " is listed twice");
  }
  return E;
}

Expected<Totals> runScripts(ArrayRef<std::string> Files,
                            const DriverOptions &Options, raw_ostream &OS) {
  return Driver(Files, Options, OS).run();
}

} // namespace wasm2so::spec
