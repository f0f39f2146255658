//===- Suppressions.h - Findings silenced in source or config ---*- C++ -*-===//
///
/// \file
/// Marks findings as suppressed (they stay in SARIF with `suppressions`,
/// and no longer count for the exit code or the text output): by an ARM
/// resource's `metadata.armor.suppress` (kind inSource) and by the
/// configuration's `suppressions` (kind external).
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_SUPPRESSIONS_H
#define ARMOR_PASSES_SUPPRESSIONS_H

#include "ir/Diagnostic.h"
#include "ir/Module.h"
#include "passes/Config.h"

namespace armor {

/// Applies `metadata.armor.suppress` of the resources of \p module (and its
/// nested modules) to the findings inside them. The metadata is a rule id,
/// an array of rule ids, or an array of objects `{"rule": id,
/// "justification": text}`.
void applySourceSuppressions(const ir::Module &module,
                             std::vector<Diagnostic> &diagnostics);

/// Applies the configuration's suppressions to the findings of the input
/// shown as \p path.
void applyConfigSuppressions(const Config &config, llvm::StringRef path,
                             std::vector<Diagnostic> &diagnostics);

/// True if \p ruleId matches \p pattern: equal, or \p pattern ends in '*'
/// and is a prefix.
bool matchesRulePattern(llvm::StringRef pattern, llvm::StringRef ruleId);

} // namespace armor

#endif // ARMOR_PASSES_SUPPRESSIONS_H
