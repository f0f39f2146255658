//===- Baseline.h - An earlier SARIF log to compare with --------*- C++ -*-===//
///
/// \file
/// `--baseline old.sarif`: the results of an earlier run, matched to the
/// current ones by their partial fingerprint, so that each result gets a
/// SARIF `baselineState` (new, unchanged, updated) and the results that
/// disappeared are reported as absent.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_BACKEND_BASELINE_H
#define ARMOR_BACKEND_BASELINE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace armor {

struct BaselineResult {
  std::string fingerprint; ///< partialFingerprints["armorFingerprint/v1"]
  std::string ruleId;
  std::string level;
  std::string message;
  std::string json; ///< the whole result, re-emitted when it is absent
};

struct Baseline {
  std::vector<BaselineResult> results;
};

/// Reads the results of every run of a SARIF log. A log that is not JSON
/// or not SARIF is an error naming \p path (and line and column).
llvm::Expected<Baseline> parseBaseline(llvm::StringRef contents,
                                       llvm::StringRef path);

} // namespace armor

#endif // ARMOR_BACKEND_BASELINE_H
