//===- FirewallManagementSubnetMissingRule.cpp ----------------------------===//
//
// firewall-management-subnet-missing.
//
//===----------------------------------------------------------------------===//

#include "passes/FirewallManagementSubnetMissingRule.h"

#include "passes/NetworkTopologyAnalysis.h"

#include "llvm/ADT/STLExtras.h"

using namespace armor;
using namespace armor::topology;

namespace {
/// Why a firewall needs AzureFirewallManagementSubnet.
struct Need {
  Tri needed = Tri::No;
  SourceRange range;
  std::string reason;    ///< "has a managementIpConfiguration", ...
  std::string condition; ///< empty, or the enumerated value it holds for
  std::string why;       ///< Maybe: what is unknown
};
} // namespace

static bool isBasic(const ir::Value &value) {
  return value.isString() &&
         llvm::StringRef(value.getString()).equals_insensitive("Basic");
}

static Need getManagementNeed(const TopologyFirewall &firewall) {
  Need need;
  const ir::Value *management = firewall.managementValue;
  if (!management)
    return need;
  need.range = management->getRange();
  need.reason = "has a managementIpConfiguration (forced tunneling)";
  if (management->isObject()) {
    need.needed = Tri::Yes;
  } else if (management->isEnumerated()) {
    need.needed = Tri::Yes;
    need.condition = "when " + management->provenance();
  } else {
    need.needed = Tri::Maybe;
    need.why = "its managementIpConfiguration is not known";
  }
  return need;
}

static Need getBasicNeed(const TopologyFirewall &firewall) {
  Need need;
  const ir::Value *tier = firewall.tier;
  if (!tier)
    return need;
  need.range = tier->getRange();
  need.reason = "uses the Basic SKU, which needs a management IP "
                "configuration";
  if (isBasic(*tier)) {
    need.needed = Tri::Yes;
  } else if (tier->isEnumerated()) {
    if (llvm::any_of(tier->alternatives(), isBasic)) {
      need.needed = Tri::Yes;
      need.condition = "the tier may be 'Basic': " + tier->provenance();
    }
  } else if (!tier->isString()) {
    need.needed = Tri::Maybe;
    need.why = "its SKU tier is not known";
  }
  return need;
}

/// The first reason that surely applies, else one that may apply.
static Need getNeed(const TopologyFirewall &firewall) {
  Need management = getManagementNeed(firewall);
  Need basic = getBasicNeed(firewall);
  if (management.needed == Tri::Yes)
    return management;
  if (basic.needed == Tri::Yes || basic.needed == Tri::Maybe)
    return basic;
  return management;
}

void FirewallManagementSubnetMissingRule::check(const ir::Module &module,
                                                CheckContext &ctx) const {
  const NetworkTopology *topology = getNetworkTopology(module, ctx.analyses);
  if (!topology)
    return;
  for (const TopologyFirewall &firewall : topology->firewalls) {
    if (firewall.virtualHub)
      continue;
    std::string where = getLogicalLocation(*firewall.resource);
    std::string what =
        "the management subnet of firewall '" + firewall.name + "'";
    // A managementIpConfiguration in a subnet of another name.
    if (firewall.management) {
      const TopologySubnetRef &subnet = firewall.management->subnet;
      if (subnet.state != TopologyRef::State::Absent &&
          subnet.state != TopologyRef::State::Unknown && subnet.nameKnown &&
          subnet.name != firewallManagementSubnetName) {
        report(ctx, firewall.management->range,
               "the managementIpConfiguration of firewall '{0}' is in subnet "
               "'{1}', but it must be in a subnet named exactly "
               "'AzureFirewallManagementSubnet'",
               firewall.name, subnet.name)
            .logicalLocation(where)
            .fingerprint("subnet");
        continue;
      }
    }
    Need need = getNeed(firewall);
    if (need.needed == Tri::No)
      continue;
    if (need.needed == Tri::Maybe) {
      reportUnknown(ctx, need.range, what, need.why);
      continue;
    }
    if (firewall.vnet < 0)
      continue;
    const TopologyVnet &vnet = topology->vnets[firewall.vnet];
    if (vnet.external)
      continue; // its subnets are outside the deployment
    switch (
        topology->hasSubnetNamed(firewall.vnet, firewallManagementSubnetName)) {
    case Tri::Yes:
      continue;
    case Tri::Maybe:
      reportUnknown(ctx, need.range, what,
                    "the subnets of virtual network '" + vnet.name +
                        "' are not all known");
      continue;
    case Tri::No:
      break;
    }
    std::string condition =
        need.condition.empty() ? "" : " (" + need.condition + ")";
    report(ctx, need.range,
           "firewall '{0}' {1}{2}, but its virtual network '{3}' has no "
           "subnet named 'AzureFirewallManagementSubnet'",
           firewall.name, need.reason, condition, vnet.name)
        .logicalLocation(where)
        .fingerprint(need.reason)
        .note(vnet.resource->name.getRange(),
              "virtual network '{0}' declared here", vnet.name);
  }
}
