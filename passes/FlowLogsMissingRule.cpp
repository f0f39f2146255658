//===- FlowLogsMissingRule.cpp - flow-logs-missing ------------------------===//

#include "passes/FlowLogsMissingRule.h"

#include "passes/NetworkTopologyAnalysis.h"

#include "llvm/ADT/MapVector.h"

using namespace armor;
using namespace armor::topology;
using State = TopologyRef::State;

/// Whether \p log covers the traffic of \p nsg: it targets the NSG, or a
/// VNet, subnet or network interface that uses it.
static Tri covers(const NetworkTopology &topology, const TopologyFlowLog &log,
                  const ir::Resource &nsg, std::string &why) {
  const TopologyRef &target = log.targetRef;
  if (target.state == State::Unknown) {
    why =
        "the target of flow log '" + log.name + "' is not known: " + target.why;
    return Tri::Maybe;
  }
  if (target.state == State::Absent)
    return Tri::No;
  if (target.resource == &nsg)
    return Tri::Yes;
  Tri result = Tri::No;
  if (log.targetSubnet) {
    result = topology.subnetUsesNsg(*log.targetSubnet, nsg);
  } else if (target.key &&
             llvm::StringRef(target.key->type).equals_insensitive(vnetType)) {
    int vnet = topology.findVnetNode(target);
    result = vnet < 0 ? Tri::No : topology.vnetUsesNsg(vnet, nsg);
  } else if (target.resource && target.key &&
             llvm::StringRef(target.key->type).equals_insensitive(nicType)) {
    for (const TopologyNic &nic : topology.nics)
      if (nic.resource == target.resource)
        result = nic.nsg.resource == &nsg
                     ? Tri::Yes
                     : (nic.nsg.isUnknown() ? Tri::Maybe : Tri::No);
  }
  if (result == Tri::Maybe)
    why = "it is not known whether the subnets that flow log '" + log.name +
          "' covers use the NSG";
  return result;
}

namespace {
/// Whether a flow log is enabled; for an enumerated value, the value under
/// which it is not.
struct Enabled {
  Tri enabled = Tri::Yes;
  std::string condition;
};
} // namespace

static Enabled isEnabled(const TopologyFlowLog &log) {
  Enabled out;
  const ir::Value *enabled = log.enabled;
  if (!enabled || enabled->isNull())
    return out; // the service's default
  if (enabled->isBoolean()) {
    out.enabled = enabled->getBoolean() ? Tri::Yes : Tri::No;
    return out;
  }
  if (enabled->isEnumerated()) {
    for (const ir::Value &alternative : enabled->alternatives())
      if (alternative.isBoolean() && !alternative.getBoolean()) {
        out.enabled = Tri::No;
        out.condition = enabled->provenance();
        return out;
      }
    return out;
  }
  out.enabled = Tri::Maybe;
  return out;
}

void FlowLogsMissingRule::check(const ir::Module &module,
                                CheckContext &ctx) const {
  const NetworkTopology *topology = getNetworkTopology(module, ctx.analyses);
  if (!topology)
    return;
  // Disabled flow logs and the NSGs left without one because of them.
  llvm::MapVector<const TopologyFlowLog *, std::vector<const ir::Resource *>>
      disabled;
  for (const ir::Resource *nsg : topology->nsgs) {
    std::string name = getDisplayName(nsg->name);
    std::vector<const TopologyFlowLog *> off;
    bool covered = false;
    std::string why;
    for (const TopologyFlowLog &log : topology->flowLogs) {
      std::string coverWhy;
      Tri target = covers(*topology, log, *nsg, coverWhy);
      if (target == Tri::No)
        continue;
      Enabled enabled = isEnabled(log);
      if (target == Tri::Yes && enabled.enabled == Tri::Yes &&
          !log.conditional) {
        covered = true;
        break;
      }
      if (target == Tri::Yes && enabled.enabled == Tri::No) {
        off.push_back(&log);
        continue;
      }
      if (why.empty())
        why = target == Tri::Maybe ? coverWhy
              : log.conditional
                  ? "flow log '" + log.name + "' may not be deployed"
                  : "it is not known whether flow log '" + log.name +
                        "' is enabled";
    }
    if (covered)
      continue;
    if (!why.empty()) {
      reportUnknown(ctx, nsg->name.getRange(),
                    "the flow logs of network security group '" + name + "'",
                    why);
      continue;
    }
    if (!off.empty()) {
      for (const TopologyFlowLog *log : off)
        disabled[log].push_back(nsg);
      continue;
    }
    report(ctx, nsg->name.getRange(),
           "network security group '{0}' has no flow log: no flow log in the "
           "deployment targets it or a virtual network whose subnets use it",
           name)
        .logicalLocation(getLogicalLocation(*nsg));
  }
  for (const auto &[log, nsgs] : disabled) {
    std::string names;
    for (const ir::Resource *nsg : nsgs)
      names += (names.empty() ? "'" : ", '") + getDisplayName(nsg->name) + "'";
    Enabled enabled = isEnabled(*log);
    std::string state = enabled.condition.empty()
                            ? "is disabled"
                            : "may be disabled (" + enabled.condition + ")";
    report(ctx, log->enabled->getRange(),
           "flow log '{0}' {1}, so network security group{2} {3} {4} no "
           "active flow log",
           log->name, state, nsgs.size() == 1 ? "" : "s", names,
           nsgs.size() == 1 ? "has" : "have")
        .logicalLocation(getLogicalLocation(*log->resource));
  }
}
