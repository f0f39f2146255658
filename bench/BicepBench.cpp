//===- BicepBench.cpp - Bicep frontend throughput -------------------------===//
///
/// \file
/// Throughput of the Bicep frontend over a corpus, in one process:
///
///   armor-bicep-bench [--reps N] [--only files|parse|pairs] <corpus-dir>
///
/// 1. Every avm .bicep file alone: lex, parse (lex + parse + AST) and
///    parse + lower (no modules followed), in MB/s of Bicep text.
/// 2. Every avm main.bicep beside its compiled main.json: the whole
///    deployment through the Bicep path (modules followed, as `armor` loads
///    it) against the ARM path (JSON read + lowering of main.json), both
///    without evaluation, and their ratio.
/// 3. Peak resident memory of the process, and at the end of the Bicep
///    path of 2.
///
/// Times are process CPU seconds, the best of --reps repetitions (default
/// 3): the machine is shared, and wall time would measure the neighbours.
/// `--only` runs one part, for a profiler: `files` (1), `parse` (1 without
/// the lowering) or `pairs` (2).
///
//===----------------------------------------------------------------------===//

#include "frontend/arm/ArmLowering.h"
#include "frontend/arm/JsonReader.h"
#include "frontend/bicep/BicepFrontend.h"
#include "frontend/bicep/BicepLexer.h"
#include "frontend/bicep/Lowering.h"
#include "frontend/bicep/Parser.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <ctime>
#include <functional>
#include <string>
#include <sys/resource.h>
#include <vector>

using namespace armor;

namespace {

struct File {
  std::string path;
  std::string text;
};

/// A host that follows nothing: the file alone.
class NoModules final : public bicep::LoweringHost {
public:
  explicit NoModules(const SourceManager &sources) : sources(sources) {}
  bicep::LoadedModule loadModule(FileId, llvm::StringRef, SourceRange,
                                 DiagnosticEngine &) override {
    return {};
  }
  FileId readFile(FileId, llvm::StringRef, SourceRange,
                  DiagnosticEngine &) override {
    return 0;
  }
  const bicep::ExportTable &loadExports(FileId, llvm::StringRef, SourceRange,
                                        DiagnosticEngine &) override {
    return none;
  }
  const SourceManager &getSources() const override { return sources; }

private:
  const SourceManager &sources;
  bicep::ExportTable none;
};

} // namespace

/// CPU seconds of this process (the parse runs on a big-stack helper thread,
/// so thread time would miss it); on a shared machine, wall time measures the
/// neighbours as much as the code.
static double cpuNow() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double seconds(const std::function<void()> &fn, unsigned reps) {
  double best = 1e30;
  for (unsigned r = 0; r != reps; ++r) {
    double t0 = cpuNow();
    fn();
    best = std::min(best, cpuNow() - t0);
  }
  return best;
}

static std::vector<File> readAll(const std::vector<std::string> &paths) {
  std::vector<File> files;
  for (const std::string &p : paths)
    if (auto buffer = llvm::MemoryBuffer::getFile(p))
      files.push_back({p, (*buffer)->getBuffer().str()});
  return files;
}

/// The peak resident memory of this process so far.
static double peakMegabytes() {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

static void report(llvm::StringRef what, size_t bytes, double secs) {
  llvm::outs() << llvm::formatv("  {0,-28} {1,8:f3} s  {2,8:f1} MB/s\n", what,
                                secs, bytes / 1e6 / secs);
}

int main(int argc, char **argv) {
  unsigned reps = 3;
  std::string corpus;
  llvm::StringRef only;
  bool badArgs = false;
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg(argv[i]);
    if (arg == "--reps" && i + 1 < argc)
      reps = std::max(1, std::atoi(argv[++i]));
    else if (arg == "--only" && i + 1 < argc)
      only = argv[++i];
    else if (arg.starts_with("-"))
      badArgs = true;
    else
      corpus = arg.str();
  }
  if (badArgs || corpus.empty() ||
      (!only.empty() && only != "files" && only != "parse" &&
       only != "pairs")) {
    llvm::errs()
        << "usage: armor-bicep-bench [--reps N] [--only files|parse|pairs] "
           "<corpus-dir>\n"
           "  Bicep lex/parse/lower throughput over <corpus-dir>/avm "
           "and the Bicep\n"
           "  path against the ARM path on the main.bicep/main.json "
           "pairs.\n";
    return 2;
  }
  bool runFiles = only.empty() || only == "files" || only == "parse";
  bool runLower = only != "parse";
  bool runPairs = only.empty() || only == "pairs";

  std::vector<std::string> bicepPaths, pairPaths;
  std::error_code ec;
  for (llvm::sys::fs::recursive_directory_iterator it(corpus + "/avm", ec), end;
       it != end && !ec; it.increment(ec)) {
    llvm::StringRef path = it->path();
    if (!path.ends_with(".bicep"))
      continue;
    bicepPaths.push_back(path.str());
    if (llvm::sys::path::filename(path) == "main.bicep") {
      llvm::SmallString<256> json(path);
      llvm::sys::path::replace_extension(json, ".json");
      if (llvm::sys::fs::exists(json))
        pairPaths.push_back(path.str());
    }
  }
  llvm::sort(bicepPaths);
  llvm::sort(pairPaths);
  std::vector<File> files = readAll(bicepPaths);
  size_t bytes = 0;
  for (const File &f : files)
    bytes += f.text.size();

  llvm::outs() << llvm::formatv(
      "== {0} avm .bicep files, {1:f1} MB (best of {2})\n", files.size(),
      bytes / 1e6, reps);
  if (runFiles) {
    size_t tokens = 0;
    report("lex", bytes,
           seconds(
               [&] {
                 tokens = 0;
                 for (const File &f : files) {
                   bicep::Lexer lexer(f.text);
                   lexer.lex();
                   tokens += lexer.tokens().size();
                 }
               },
               reps));
    unsigned fallbacks = 0, errors = 0;
    report("parse (lex+parse+AST)", bytes,
           seconds(
               [&] {
                 fallbacks = errors = 0;
                 for (const File &f : files) {
                   DiagnosticEngine diags;
                   bicep::ParsedFile parsed =
                       bicep::parseFile(f.text, 1, diags);
                   fallbacks += parsed.neededFullContext;
                   errors += parsed.errorCount != 0;
                 }
               },
               reps));
    if (runLower)
      report("parse+lower (file alone)", bytes,
             seconds(
                 [&] {
                   for (const File &f : files) {
                     SourceManager sources;
                     FileId id = sources.addFile(f.path, f.text);
                     DiagnosticEngine diags;
                     bicep::ParsedFile parsed =
                         bicep::parseFile(sources.getContents(id), id, diags);
                     NoModules host(sources);
                     (void)bicep::lowerFile(parsed, host, diags);
                   }
                 },
                 reps));
    llvm::outs() << llvm::formatv(
        "  {0} tokens; {1} files needed the LL fallback, {2} had errors\n",
        tokens, fallbacks, errors);
  }

  double bicepPeak = 0;
  size_t heldBytes = bytes;
  if (runPairs) {
    // Whole deployments: main.bicep (with its modules) against main.json.
    size_t bicepBytes = 0, jsonBytes = 0;
    std::vector<File> jsons;
    for (const std::string &p : pairPaths) {
      llvm::SmallString<256> json(p);
      llvm::sys::path::replace_extension(json, ".json");
      if (auto buffer = llvm::MemoryBuffer::getFile(json))
        jsons.push_back({json.str().str(), (*buffer)->getBuffer().str()});
    }
    for (const File &j : jsons)
      heldBytes += j.text.size();
    double bicepSecs = seconds(
        [&] {
          bicepBytes = 0;
          for (const std::string &p : pairPaths) {
            SourceManager sources;
            auto buffer = llvm::MemoryBuffer::getFile(p);
            if (!buffer)
              continue;
            FileId id = sources.addFile(p, (*buffer)->getBuffer().str());
            DiagnosticEngine diags;
            std::unique_ptr<ir::Module> module =
                bicep::loadBicep(sources, id, diags);
            // Every file the deployment read: main.bicep and its modules.
            llvm::DenseSet<FileId> seen;
            std::function<void(const ir::Module &)> count =
                [&](const ir::Module &m) {
                  if (m.file && seen.insert(m.file).second)
                    bicepBytes += sources.getContents(m.file).size();
                  for (const ir::Resource &r : m.resources)
                    if (r.nested)
                      count(*r.nested);
                };
            if (module)
              count(*module);
          }
        },
        reps);
    bicepPeak = peakMegabytes();
    double jsonSecs = seconds(
        [&] {
          jsonBytes = 0;
          for (const File &j : jsons) {
            SourceManager sources;
            FileId id = sources.addFile(j.path, j.text);
            DiagnosticEngine diags;
            if (std::optional<ir::Value> root =
                    arm::readJson(sources, id, diags))
              (void)arm::lowerTemplate(std::move(*root), id, diags);
            jsonBytes += j.text.size();
          }
        },
        reps);
    llvm::outs() << llvm::formatv(
        "== {0} avm deployments (main.bicep and its local modules, against "
        "main.json)\n",
        pairPaths.size());
    report("Bicep path (load+lower)", bicepBytes, bicepSecs);
    report("ARM path (read+lower)", jsonBytes, jsonSecs);
    llvm::outs() << llvm::formatv(
        "  Bicep/ARM time per deployment: {0:f2}x ({1:f1} MB of Bicep against "
        "{2:f1} MB of JSON)\n",
        bicepSecs / jsonSecs, bicepBytes / 1e6, jsonBytes / 1e6);
  }

  // The texts of every file are held in memory for the whole run.
  llvm::outs() << llvm::formatv("== peak memory: {0:f1} MB", peakMegabytes());
  if (bicepPeak)
    llvm::outs() << llvm::formatv(
        " ({0:f1} MB after the Bicep path, before the ARM path; the texts "
        "read: {1:f1} MB)",
        bicepPeak, heldBytes / 1e6);
  llvm::outs() << "\n";
  return 0;
}
