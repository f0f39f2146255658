//===- NsgFlowLogsRetiredRule.h - nsg-flow-logs-retired ---------*- C++ -*-===//

#ifndef ARMOR_PASSES_NSGFLOWLOGSRETIREDRULE_H
#define ARMOR_PASSES_NSGFLOWLOGSRETIREDRULE_H

#include "passes/Rule.h"

namespace armor {

/// Reports flow logs that target a network security group: NSG flow logs are
/// retired in favour of virtual network flow logs
/// (docs/rules/nsg-flow-logs-retired.md).
class NsgFlowLogsRetiredRule : public Rule {
public:
  using Rule::Rule;
  void check(const ir::Module &module, CheckContext &ctx) const override;
};

} // namespace armor

#endif // ARMOR_PASSES_NSGFLOWLOGSRETIREDRULE_H
