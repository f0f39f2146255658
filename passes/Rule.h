//===- Rule.h - Base class of the checks ------------------------*- C++ -*-===//
///
/// \file
/// A rule reads a module (and the analyses of it) and reports findings
/// through the diagnostics engine; it never prints and never reads text.
/// Rules are created once per configuration and are immutable while they
/// check, so one instance serves every thread of a batch.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_RULE_H
#define ARMOR_PASSES_RULE_H

#include "ir/Diagnostic.h"
#include "ir/Module.h"
#include "passes/AnalysisManager.h"
#include "passes/Config.h"

#include "llvm/ADT/StringRef.h"

#include <string>

namespace armor {

/// What a rule sees while it checks one module.
struct CheckContext {
  DiagnosticEngine &diags;
  AnalysisManager &analyses;
  const Config &config;
};

class Rule {
public:
  Rule(llvm::StringRef id, Level level) : id(id.str()), level(level) {}
  virtual ~Rule();

  llvm::StringRef getId() const { return id; }
  Level getLevel() const { return level; }
  void setLevel(Level newLevel) { level = newLevel; }

  /// Reads the rule's settings object from the config (`level` is handled
  /// by the caller). Reports unknown or malformed options; returns false if
  /// there was any. The default accepts no options.
  virtual bool configure(const ir::Value &settings, DiagnosticEngine &diags);

  /// Checks \p module (not its nested modules: the caller visits those).
  virtual void check(const ir::Module &module, CheckContext &ctx) const = 0;

protected:
  template <typename... Ts>
  DiagnosticBuilder report(CheckContext &ctx, SourceRange range,
                           const char *fmt, Ts &&...args) const {
    return ctx.diags.report(id, level, range, fmt, std::forward<Ts>(args)...);
  }

  /// Reports that the verdict depends on an unknown value, as a note, when
  /// the config asks for that (`"unknown": "note"`).
  void reportUnknown(CheckContext &ctx, SourceRange range, llvm::StringRef what,
                     llvm::StringRef why) const;

  /// Rejects keys of \p settings other than `level` and \p allowed.
  bool checkOptionKeys(const ir::Value &settings,
                       llvm::ArrayRef<llvm::StringRef> allowed,
                       DiagnosticEngine &diags) const;

private:
  std::string id;
  Level level;
};

/// "Microsoft.Network/networkSecurityGroups/nsg-web": the logical location
/// of a resource in findings.
std::string getLogicalLocation(const ir::Resource &resource);

/// The resource's name as users read it: the string if known, else the
/// expression in ARM syntax.
std::string getDisplayName(const ir::Value &name);

} // namespace armor

#endif // ARMOR_PASSES_RULE_H
