//===- RuleRegistry.h - Rules by id -----------------------------*- C++ -*-===//
///
/// \file
/// Creates the rules listed in Rules.def, configured by a Config, and runs
/// them over a module and its nested modules.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_RULEREGISTRY_H
#define ARMOR_PASSES_RULEREGISTRY_H

#include "passes/AzurePolicyRule.h"
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
  /// A family (`azure-policy`): its rules are `<id>/<name>`, made from the
  /// configuration; the family itself never reports.
  bool isFamily = false;
};

/// A rule whose id comes from the configuration (`azure-policy/<name>`).
struct DynamicRuleDescription {
  std::string id;
  Level defaultLevel;
  std::string description;
  llvm::StringRef family; ///< its RuleDescription's id, for the docs
};

/// Every rule, in registration order.
llvm::ArrayRef<RuleDescription> getRuleDescriptions();
bool isKnownRuleId(llvm::StringRef id);

/// The enabled rules of one configuration.
class RuleSet {
public:
  /// Creates and configures every rule, with one `azure-policy/<name>` rule
  /// per definition \p policies assign; problems in the rule settings or
  /// the policies are reported to \p diags and make the result null.
  static std::unique_ptr<RuleSet>
  create(const Config &config, DiagnosticEngine &diags,
         std::vector<LoadedPolicy> policies = {});

  /// Runs every rule over \p module and its nested modules.
  void run(const ir::Module &module, DiagnosticEngine &diags) const;

  const Config &getConfig() const { return config; }
  /// The rules made from the configuration, in order, each id once.
  const std::vector<DynamicRuleDescription> &getDynamicRules() const {
    return dynamicRules;
  }

private:
  explicit RuleSet(const Config &config) : config(config) {}
  Config config;
  std::vector<std::unique_ptr<Rule>> rules;
  std::vector<DynamicRuleDescription> dynamicRules;
};

} // namespace armor

#endif // ARMOR_PASSES_RULEREGISTRY_H
