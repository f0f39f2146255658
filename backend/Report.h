//===- Report.h - What a run found, for the writers -------------*- C++ -*-===//
///
/// \file
/// The input of every output backend: the rules that ran (their metadata
/// feeds SARIF `tool.driver.rules`) and, per input file in a stable order,
/// its diagnostics. Backends own all presentation: line/column, snippets,
/// SARIF regions and fingerprints.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_BACKEND_REPORT_H
#define ARMOR_BACKEND_REPORT_H

#include "ir/Diagnostic.h"
#include "ir/SourceManager.h"

#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace armor {

/// Rule metadata as SARIF and `armor rules` show it.
struct RuleInfo {
  std::string id;
  std::string name; ///< UpperCamel, e.g. RequiredTags
  Level defaultLevel = Level::Warning;
  std::string shortDescription;
  std::string fullDescription;
  std::string helpMarkdown; ///< docs/rules/<id>.md
  std::string helpText;     ///< the same, as plain text
  std::vector<std::string> tags;
  std::string securitySeverity; ///< "8.0"; GitHub's 0.0-10.0 scale
  std::string helpUri;          ///< SARIF `helpUri`; omitted when empty
};

/// One analyzed (or failed) input.
struct InputResult {
  std::string path; ///< as the user gave it or as found in a directory
  FileId file = 0;  ///< 0 if it could not even be read
  bool failed = false;
  std::vector<Diagnostic> diagnostics;
};

struct Report {
  const SourceManager *sources = nullptr;
  std::vector<RuleInfo> rules;
  std::vector<InputResult> inputs;
};

struct TextOptions {
  bool showSnippets = true;
  /// ANSI colors as clang uses them (bold locations and messages, red
  /// errors, magenta warnings, cyan notes, green carets).
  bool color = false;
  /// End with a line such as "2 errors and 1 warning generated." (nothing
  /// when nothing was printed).
  bool summary = false;
};

/// clang-style text: `path:line:col: warning: message [rule-id]`, the source
/// line and a caret, then the notes.
///
/// Inputs and their diagnostics are printed in report order. Suppressed
/// diagnostics and diagnostics at Level::Off are not printed. A diagnostic
/// without a location prints `path: level: message [rule-id]` with the
/// input's path. Carets are placed by display width (tabs in the source line
/// are kept in the caret line, wide characters take two columns); a range
/// that spans lines is underlined to the end of its first line.
void writeText(llvm::raw_ostream &os, const Report &report,
               const TextOptions &options = {});

struct Baseline;

struct SarifOptions {
  /// Directory that result URIs are relative to (as %SRCROOT%); usually the
  /// current directory. Files outside it keep a relative path with "../".
  std::string sourceRoot;
  std::string toolVersion;
  /// With a baseline, every result gets a `baselineState` and the
  /// baseline's results that are gone are written as "absent".
  const Baseline *baseline = nullptr;
};

/// SARIF 2.1.0, deterministic: same report, same bytes.
///
/// `tool.driver.rules` holds report.rules in order, followed by a generated
/// entry for every rule id that a result uses but report.rules lacks
/// (`syntax-error`, `semantic-error` and any other), in order of first use,
/// so every result has a valid `ruleIndex`; callers need not add them.
/// `artifacts` holds the inputs in order, then every other file a result or
/// related location points into. Suppressed diagnostics are kept as results
/// with `suppressions`. A failed input sets `executionSuccessful` to false
/// and adds a `toolExecutionNotifications` entry. URIs are relative to
/// %SRCROOT% (see getRelativeUri); no absolute path is ever written.
void writeSarif(llvm::raw_ostream &os, const Report &report,
                const SarifOptions &options);

/// A flat JSON array of findings, for scripts: one object per unsuppressed
/// diagnostic not at Level::Off, in report order, with `file` (the path as
/// shown in text output), `line`, `column`, `endLine`, `endColumn` (1-based,
/// code points, end exclusive; null without a location), `level`, `ruleId`,
/// `message`, `logicalLocation` and `related` (the same location fields and
/// `message`).
void writeJson(llvm::raw_ostream &os, const Report &report);

/// The URI reference of \p path relative to \p sourceRoot (both made
/// absolute against the current directory; an empty root is the current
/// directory): "/" separators, "." and ".." folded, "../" segments for files
/// outside the root, and every byte other than an RFC 3986 unreserved
/// character or "/" percent-encoded ("my dir/a.json" -> "my%20dir/a.json").
/// Never absolute; the file system is not consulted (no symlinks resolved).
std::string getRelativeUri(llvm::StringRef path, llvm::StringRef sourceRoot);

/// The SARIF `partialFingerprints["armorFingerprint/v1"]` of \p diag found
/// in the artifact \p artifactUri (as getRelativeUri gives it): the
/// lower-case hex SHA-256 of the rule id, the URI, the logical location and
/// the fingerprint parts (the message when there are none). Lines and
/// columns are not part of it, so it survives edits that move the finding.
std::string getFingerprint(const Diagnostic &diag, llvm::StringRef artifactUri);

} // namespace armor

#endif // ARMOR_BACKEND_REPORT_H
