//===- LoadBench.cpp - Load-to-IR throughput against a bare JSON parse ----===//
///
/// \file
/// Reads every ARM template under the given directories into memory, then
/// times, side by side and in the same process, over the same bytes:
/// a bare nlohmann::json parse, armor's position-tracking JSON reader, and
/// the reader plus lowering to the IR (plus evaluation). Prints MB/s and
/// the ratios. Usage: armor-load-bench [--repeat N] DIR...
///
/// `armor-load-bench --bare-parse LIST` is the baseline for whole runs of
/// `armor check`: a process that reads each file named in LIST (one path
/// per line) and parses it with nlohmann::json, nothing else.
///
//===----------------------------------------------------------------------===//

#include "frontend/arm/ArmLowering.h"
#include "frontend/arm/JsonReader.h"
#include "passes/EvaluatePass.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/thread.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstring>
#include <string>
#include <vector>

using namespace armor;
using namespace llvm;

static std::vector<std::string> findTemplates(ArrayRef<std::string> dirs) {
  std::vector<std::string> paths;
  for (const std::string &dir : dirs) {
    std::error_code ec;
    for (sys::fs::recursive_directory_iterator it(dir, ec), end;
         it != end && !ec; it.increment(ec))
      if (sys::path::extension(it->path()) == ".json")
        paths.push_back(it->path());
  }
  llvm::sort(paths);
  return paths;
}

template <typename Fn> static double timeSeconds(int repeat, Fn &&fn) {
  double best = 1e30;
  for (int i = 0; i < repeat; ++i) {
    auto start = std::chrono::steady_clock::now();
    fn();
    std::chrono::duration<double> elapsed =
        std::chrono::steady_clock::now() - start;
    best = std::min(best, elapsed.count());
  }
  return best;
}

/// Reads and parses each file named in \p listPath; returns files parsed.
static int bareParse(const char *listPath) {
  auto list = MemoryBuffer::getFile(listPath);
  if (!list) {
    errs() << "cannot read " << listPath << '\n';
    return -1;
  }
  SmallVector<StringRef, 0> paths;
  (*list)->getBuffer().split(paths, '\n', -1, /*KeepEmpty=*/false);
  int parsed = 0;
  for (StringRef path : paths) {
    auto buffer = MemoryBuffer::getFile(path);
    if (!buffer)
      continue;
    StringRef text = (*buffer)->getBuffer();
    auto json =
        nlohmann::json::parse(text.begin(), text.end(), nullptr, false, true);
    parsed += !json.is_discarded();
  }
  return parsed;
}

static int measure(const SourceManager &sources, ArrayRef<FileId> files,
                   int repeat, double mb);

int main(int argc, char **argv) {
  if (argc == 3 && !std::strcmp(argv[1], "--bare-parse")) {
    int parsed = bareParse(argv[2]);
    outs() << parsed << " files parsed\n";
    return parsed < 0 ? 1 : 0;
  }
  int repeat = 3;
  std::vector<std::string> dirs;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc)
      repeat = std::atoi(argv[++i]);
    else
      dirs.push_back(argv[i]);
  }
  SourceManager sources;
  std::vector<FileId> files;
  size_t bytes = 0;
  for (const std::string &path : findTemplates(dirs)) {
    auto buffer = MemoryBuffer::getFile(path);
    if (!buffer)
      continue;
    StringRef text = (*buffer)->getBuffer();
    if (!text.take_front(4096).contains("deploymentTemplate"))
      continue;
    // Only files both parsers accept, so both do the same work.
    if (!nlohmann::json::accept(text.begin(), text.end(), true))
      continue;
    bytes += text.size();
    files.push_back(sources.addFile(path, text.str()));
  }
  double mb = bytes / 1e6;
  outs() << "templates: " << files.size() << ", " << format("%.1f", mb)
         << " MB (best of " << repeat << ")\n";

  // Measure on a thread with the stack evaluation needs, as armor's workers
  // have, so that evaluation runs inline rather than on a thread per file.
  int status = 0;
  llvm::thread worker(std::optional<unsigned>(EvaluatePass::WorkerStackSize),
                      [&] { status = measure(sources, files, repeat, mb); });
  worker.join();
  return status;
}

static int measure(const SourceManager &sources, ArrayRef<FileId> files,
                   int repeat, double mb) {
  size_t sink = 0;
  double nlohmannSeconds = timeSeconds(repeat, [&] {
    for (FileId f : files) {
      StringRef text = sources.getContents(f);
      auto json =
          nlohmann::json::parse(text.begin(), text.end(), nullptr, false, true);
      sink += json.size();
    }
  });
  double readerSeconds = timeSeconds(repeat, [&] {
    for (FileId f : files) {
      DiagnosticEngine diags;
      auto value = arm::readJson(sources, f, diags);
      sink += value ? value->members().size() : 0;
    }
  });
  double lowerSeconds = timeSeconds(repeat, [&] {
    for (FileId f : files) {
      DiagnosticEngine diags;
      auto value = arm::readJson(sources, f, diags);
      if (!value)
        continue;
      auto module = arm::lowerTemplate(std::move(*value), f, diags);
      sink += module->resources.size();
    }
  });
  double evaluateSeconds = timeSeconds(repeat, [&] {
    for (FileId f : files) {
      DiagnosticEngine diags;
      auto value = arm::readJson(sources, f, diags);
      if (!value)
        continue;
      auto module = arm::lowerTemplate(std::move(*value), f, diags);
      EvaluatePass({}).run(*module, diags);
      sink += module->resources.size();
    }
  });
  auto row = [&](StringRef name, double seconds) {
    outs() << left_justify(name, 34) << format("%8.1f MB/s", mb / seconds)
           << format("  %6.3f s", seconds)
           << format("  %5.2fx", seconds / nlohmannSeconds) << '\n';
  };
  row("nlohmann::json::parse (bare)", nlohmannSeconds);
  row("armor JSON reader (ranges)", readerSeconds);
  row("reader + lowering to IR", lowerSeconds);
  row("reader + lowering + evaluation", evaluateSeconds);
  return sink == 0xFFFFFFFF ? 1 : 0;
}
