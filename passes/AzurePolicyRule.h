//===- AzurePolicyRule.h - azure-policy/<name> ------------------*- C++ -*-===//

#ifndef ARMOR_PASSES_AZUREPOLICYRULE_H
#define ARMOR_PASSES_AZUREPOLICYRULE_H

#include "passes/Rule.h"
#include "passes/policy/PolicyEngine.h"

#include <memory>
#include <string>
#include <vector>

namespace armor {

/// A policy file named by the config's `policies`, as the driver loaded it.
struct LoadedPolicy {
  policy::PolicyDocument document;
  ir::Value parameters; ///< the entry's `parameters`
  SourceRange range;    ///< the entry in the config
};

/// Reports resources that a user-supplied Azure Policy definition denies or
/// audits. One instance per assigned definition, with the id
/// `azure-policy/<definition name>` and the level of its effect
/// (docs/rules/azure-policy.md).
class AzurePolicyRule : public Rule {
public:
  AzurePolicyRule(llvm::StringRef id, Level level,
                  std::shared_ptr<const policy::CompiledPolicy> policy,
                  std::string initiative)
      : Rule(id, level), policy(std::move(policy)),
        initiative(std::move(initiative)) {}

  void check(const ir::Module &module, CheckContext &ctx) const override;

  const policy::CompiledPolicy &getPolicy() const { return *policy; }
  /// The display name of the initiative it belongs to; empty if none.
  llvm::StringRef getInitiative() const { return initiative; }

private:
  std::shared_ptr<const policy::CompiledPolicy> policy;
  std::string initiative;
};

/// Compiles the definitions and initiatives of \p policies with their
/// parameters into rules, one per definition (an initiative gives one per
/// member). A member that is neither built in nor loaded (from a file next
/// to the initiative, or as another entry of \p policies) is an error.
/// Problems are reported to \p diags; returns false if there was any.
bool createAzurePolicyRules(llvm::ArrayRef<LoadedPolicy> policies,
                            DiagnosticEngine &diags,
                            std::vector<std::unique_ptr<AzurePolicyRule>> &out);

} // namespace armor

#endif // ARMOR_PASSES_AZUREPOLICYRULE_H
