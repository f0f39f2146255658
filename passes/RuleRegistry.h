//===- RuleRegistry.h - Rules by id -----------------------------*- C++ -*-===//
///
/// \file
/// Creates the rules listed in Rules.def, configured by a Config, and runs
/// them over a module and its nested modules.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_RULEREGISTRY_H
#define ARMOR_PASSES_RULEREGISTRY_H

#include "passes/Rule.h"

#include <memory>
#include <vector>

namespace armor {

/// The static description of a rule, from Rules.def and docs/rules.
struct RuleDescription {
  llvm::StringRef id;
  Level defaultLevel;
  llvm::StringRef securitySeverity;
  llvm::StringRef description;
  llvm::StringRef documentation; ///< the markdown of docs/rules/<id>.md
  bool isInputRule;              ///< syntax-error, semantic-error
};

/// Every rule, in registration order.
llvm::ArrayRef<RuleDescription> getRuleDescriptions();
bool isKnownRuleId(llvm::StringRef id);

/// The enabled rules of one configuration.
class RuleSet {
public:
  /// Creates and configures every rule; problems in the rule settings are
  /// reported to \p diags and make the result null.
  static std::unique_ptr<RuleSet> create(const Config &config,
                                         DiagnosticEngine &diags);

  /// Runs every rule over \p module and its nested modules.
  void run(const ir::Module &module, DiagnosticEngine &diags) const;

  const Config &getConfig() const { return config; }

private:
  explicit RuleSet(const Config &config) : config(config) {}
  Config config;
  std::vector<std::unique_ptr<Rule>> rules;
};

} // namespace armor

#endif // ARMOR_PASSES_RULEREGISTRY_H
