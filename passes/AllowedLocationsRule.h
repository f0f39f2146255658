//===- AllowedLocationsRule.h - allowed-locations ---------------*- C++ -*-===//

#ifndef ARMOR_PASSES_ALLOWEDLOCATIONSRULE_H
#define ARMOR_PASSES_ALLOWEDLOCATIONSRULE_H

#include "passes/Rule.h"
#include "passes/policy/PolicyEngine.h"

#include <memory>
#include <string>
#include <vector>

namespace armor {

/// Reports resources deployed outside the configured locations by running
/// the built-in policy "Allowed locations" with the policy engine: `global`
/// is always allowed, locations are normalized (`East US 2` == `eastus2`).
/// A location parameter whose allowedValues include a disallowed location
/// is reported at that value (docs/rules/allowed-locations.md).
class AllowedLocationsRule : public Rule {
public:
  using Rule::Rule;
  bool configure(const ir::Value &settings, DiagnosticEngine &diags) override;
  void check(const ir::Module &module, CheckContext &ctx) const override;

private:
  std::vector<std::string> locations; ///< normalized
  std::shared_ptr<const policy::CompiledPolicy> policy;

  bool isAllowed(llvm::StringRef location) const;
};

} // namespace armor

#endif // ARMOR_PASSES_ALLOWEDLOCATIONSRULE_H
