//===- NsgFlowLogsRetiredRule.cpp - nsg-flow-logs-retired -----------------===//

#include "passes/NsgFlowLogsRetiredRule.h"

#include "passes/NetworkTopologyAnalysis.h"

#include "llvm/ADT/StringExtras.h"

using namespace armor;

void NsgFlowLogsRetiredRule::check(const ir::Module &module,
                                   CheckContext &ctx) const {
  const NetworkTopology *topology = getNetworkTopology(module, ctx.analyses);
  if (!topology)
    return;
  for (const TopologyFlowLog &log : topology->flowLogs) {
    if (!log.target)
      continue;
    if (log.targetRef.isUnknown()) {
      reportUnknown(ctx, log.target->getRange(),
                    "the target of flow log '" + log.name + "'",
                    log.targetRef.why);
      continue;
    }
    if (!log.targetsNsg())
      continue;
    std::string nsg = log.targetRef.resource
                          ? getDisplayName(log.targetRef.resource->name)
                          : llvm::join(log.targetRef.key->segments, "/");
    report(ctx, log.target->getRange(),
           "flow log '{0}' targets network security group '{1}': NSG flow "
           "logs can no longer be created since 30 June 2025 and retire on "
           "30 September 2027; use a virtual network flow log instead",
           log.name, nsg)
        .logicalLocation(getLogicalLocation(*log.resource));
  }
}
