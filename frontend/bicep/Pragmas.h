//===- Pragmas.h - Diagnostic suppressions in Bicep source ------*- C++ -*-===//
///
/// \file
/// The `#disable-next-line`, `#disable-diagnostics` and
/// `#restore-diagnostics` pragmas of a Bicep file as line ranges per code,
/// for the suppression support (SARIF `suppressions`, in-source
/// `#disable-next-line <rule-id>`).
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_FRONTEND_BICEP_PRAGMAS_H
#define ARMOR_FRONTEND_BICEP_PRAGMAS_H

#include "frontend/bicep/BicepLexer.h"
#include "ir/SourceManager.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace armor::bicep {

/// One code silenced on the 1-based lines [firstLine, lastLine].
struct SuppressedRange {
  std::string code;
  uint32_t firstLine;
  uint32_t lastLine;
  /// The pragma that silences it (its byte range in the file).
  SourceRange pragma;
};

/// The suppressions of one file.
class Suppressions {
public:
  Suppressions() = default;
  /// Builds the ranges from the pragmas of \p file, whose last line is
  /// \p lineCount: `#disable-next-line` covers the following line;
  /// `#disable-diagnostics` covers the following lines up to the matching
  /// `#restore-diagnostics` (or the end of the file).
  Suppressions(FileId file, llvm::ArrayRef<DiagnosticPragma> pragmas,
               uint32_t lineCount);

  /// The range that silences \p code (compared case-insensitively) on the
  /// 1-based \p line, or null.
  const SuppressedRange *find(llvm::StringRef code, uint32_t line) const;
  bool isSuppressed(llvm::StringRef code, uint32_t line) const {
    return find(code, line) != nullptr;
  }
  llvm::ArrayRef<SuppressedRange> ranges() const { return entries; }

private:
  std::vector<SuppressedRange> entries;
};

/// Lexes the Bicep text of \p file and returns its suppressions.
Suppressions collectSuppressions(const SourceManager &sources, FileId file);

} // namespace armor::bicep

#endif // ARMOR_FRONTEND_BICEP_PRAGMAS_H
