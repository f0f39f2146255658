//===- Driver.h - What `armor` does, behind the option parsing --*- C++ -*-===//
///
/// \file
/// Loads inputs (files and directories), finds their configuration and
/// parameter files, runs the frontends and the rules, and writes the
/// report. Every operational failure becomes an exit code; one bad input
/// never stops the others.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_TOOLS_ARMOR_DRIVER_H
#define ARMOR_TOOLS_ARMOR_DRIVER_H

#include "ir/Diagnostic.h"

#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

namespace armor {

/// Exit codes of BRIEF §3.
enum ExitCode : int {
  ExitClean = 0,
  ExitFindings = 1,
  ExitUsage = 2,
  ExitInputError = 3,
};

enum class OutputFormat { Text, Sarif, Json };

struct CheckOptions {
  std::vector<std::string> inputs;
  OutputFormat format = OutputFormat::Text;
  std::string outputPath;      ///< empty: stdout
  std::string configPath;      ///< empty: discover .armor.json upward
  Level failOn = Level::Error; ///< Off: never fail on findings
  std::string baselinePath;
  unsigned jobs = 0;                         ///< 0: all cores
  std::vector<std::string> requiredTags;     ///< NAME or NAME=VALUE
  std::vector<std::string> allowedLocations; ///< --allowed-location
  std::string parameterFile;                 ///< -p
  std::vector<std::string> excludes;         ///< --exclude GLOB
  bool showSnippets = true;
  bool color = false;
};

int runCheck(const CheckOptions &options);
int runIR(const std::string &path, const std::string &parameterFile);
int runOutputs(const std::string &path, const std::string &parameterFile);
int runRules(llvm::raw_ostream &os);

} // namespace armor

#endif // ARMOR_TOOLS_ARMOR_DRIVER_H
