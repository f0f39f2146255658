//===- DiagnosticsMissingRule.h - diagnostics-missing -----------*- C++ -*-===//

#ifndef ARMOR_PASSES_DIAGNOSTICSMISSINGRULE_H
#define ARMOR_PASSES_DIAGNOSTICSMISSINGRULE_H

#include "passes/Rule.h"

#include <string>
#include <vector>

namespace armor {

/// Reports resources of a monitored type without a diagnostic setting that
/// enables a log category and sends it to a destination
/// (docs/rules/diagnostics-missing.md).
class DiagnosticsMissingRule : public Rule {
public:
  DiagnosticsMissingRule(llvm::StringRef id, Level level);
  /// Option `types`: the monitored resource types, full
  /// (`Microsoft.Network/loadBalancers`) or short for Microsoft.Network
  /// (`loadBalancers`).
  bool configure(const ir::Value &settings, DiagnosticEngine &diags) override;
  void check(const ir::Module &module, CheckContext &ctx) const override;

private:
  std::vector<std::string> types;
};

} // namespace armor

#endif // ARMOR_PASSES_DIAGNOSTICSMISSINGRULE_H
