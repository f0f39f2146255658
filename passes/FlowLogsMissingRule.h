//===- FlowLogsMissingRule.h - flow-logs-missing ----------------*- C++ -*-===//

#ifndef ARMOR_PASSES_FLOWLOGSMISSINGRULE_H
#define ARMOR_PASSES_FLOWLOGSMISSINGRULE_H

#include "passes/Rule.h"

namespace armor {

/// Reports a network security group without an enabled flow log in the
/// deployment: neither an NSG flow log nor a VNet flow log on a virtual
/// network whose subnets use it
/// (docs/rules/flow-logs-missing.md).
class FlowLogsMissingRule : public Rule {
public:
  using Rule::Rule;
  void check(const ir::Module &module, CheckContext &ctx) const override;
};

} // namespace armor

#endif // ARMOR_PASSES_FLOWLOGSMISSINGRULE_H
