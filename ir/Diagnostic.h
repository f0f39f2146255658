//===- Diagnostic.h - The one diagnostics engine ----------------*- C++ -*-===//
///
/// \file
/// Frontends and rules report through a DiagnosticEngine; backends render
/// what it collected. Producers never print. A finding is bound to a rule
/// id (the "flag"), a level, a primary range, a message and notes that
/// become SARIF relatedLocations.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_IR_DIAGNOSTIC_H
#define ARMOR_IR_DIAGNOSTIC_H

#include "ir/SourceManager.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"

#include <string>
#include <vector>

namespace armor {

enum class Level : uint8_t { Off, Note, Warning, Error };

llvm::StringRef getLevelName(Level level);
/// Parses "error", "warning", "note", "off" (also "none" as off).
std::optional<Level> parseLevel(llvm::StringRef name);

/// A location that explains a finding (a covering rule, the firewall, ...).
struct RelatedLocation {
  SourceRange range;
  std::string message;
};

/// Why a finding is silenced, as SARIF `suppressions[]` says it.
struct Suppression {
  std::string kind; ///< "inSource" or "external"
  std::string justification;
};

struct Diagnostic {
  std::string ruleId;
  Level level = Level::Error;
  SourceRange range;
  std::string message;
  std::vector<RelatedLocation> related;
  /// The resource path the finding is about, e.g.
  /// "Microsoft.Network/networkSecurityGroups/nsg-web"; empty for file-level.
  std::string logicalLocation;
  /// What identifies the finding independently of lines: rule id, logical
  /// location and these parts make up the partial fingerprint.
  std::vector<std::string> fingerprintParts;
  std::vector<Suppression> suppressions;
};

class DiagnosticEngine;

/// Builds one diagnostic and hands it to the engine when destroyed.
class DiagnosticBuilder {
public:
  DiagnosticBuilder(DiagnosticEngine &engine, Diagnostic diag)
      : engine(&engine), diag(std::move(diag)) {}
  DiagnosticBuilder(DiagnosticBuilder &&other)
      : engine(other.engine), diag(std::move(other.diag)) {
    other.engine = nullptr;
  }
  DiagnosticBuilder(const DiagnosticBuilder &) = delete;
  ~DiagnosticBuilder();

  template <typename... Ts>
  DiagnosticBuilder &note(SourceRange range, const char *fmt, Ts &&...args) {
    diag.related.push_back(
        {range, llvm::formatv(fmt, std::forward<Ts>(args)...).str()});
    return *this;
  }
  DiagnosticBuilder &logicalLocation(std::string location) {
    diag.logicalLocation = std::move(location);
    return *this;
  }
  DiagnosticBuilder &fingerprint(std::string part) {
    diag.fingerprintParts.push_back(std::move(part));
    return *this;
  }
  DiagnosticBuilder &suppress(Suppression s) {
    diag.suppressions.push_back(std::move(s));
    return *this;
  }

private:
  DiagnosticEngine *engine;
  Diagnostic diag;
};

/// Collects the diagnostics of one input (one file and what it pulls in).
class DiagnosticEngine {
public:
  template <typename... Ts>
  DiagnosticBuilder report(llvm::StringRef ruleId, Level level,
                           SourceRange range, const char *fmt, Ts &&...args) {
    Diagnostic diag;
    diag.ruleId = ruleId.str();
    diag.level = level;
    diag.range = range;
    diag.message = llvm::formatv(fmt, std::forward<Ts>(args)...).str();
    return DiagnosticBuilder(*this, std::move(diag));
  }

  /// Reports a problem in the input itself (`syntax-error`).
  template <typename... Ts>
  DiagnosticBuilder syntaxError(SourceRange range, const char *fmt,
                                Ts &&...args) {
    return report("syntax-error", Level::Error, range, fmt,
                  std::forward<Ts>(args)...);
  }
  /// Reports an input that parsed but cannot be analyzed (`semantic-error`).
  template <typename... Ts>
  DiagnosticBuilder semanticError(SourceRange range, const char *fmt,
                                  Ts &&...args) {
    return report("semantic-error", Level::Error, range, fmt,
                  std::forward<Ts>(args)...);
  }

  void add(Diagnostic diag) { diags.push_back(std::move(diag)); }
  const std::vector<Diagnostic> &diagnostics() const { return diags; }
  std::vector<Diagnostic> &diagnostics() { return diags; }
  /// True if the input could not be analyzed: a syntax or semantic error.
  bool hasInputErrors() const;

private:
  std::vector<Diagnostic> diags;
};

} // namespace armor

#endif // ARMOR_IR_DIAGNOSTIC_H
