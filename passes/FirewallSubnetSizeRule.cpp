//===- FirewallSubnetSizeRule.cpp - firewall-subnet-size ------------------===//

#include "passes/FirewallSubnetSizeRule.h"

#include "passes/NetworkTopologyAnalysis.h"

using namespace armor;
using namespace armor::topology;

/// Azure Firewall needs a /26 for its subnets; a longer prefix is smaller.
static constexpr unsigned maxPrefixLength = 26;

static bool isTooSmall(const ir::Value &prefix, unsigned &length) {
  uint32_t address;
  return prefix.isString() &&
         parseIPv4Prefix(prefix.getString(), address, length) &&
         length > maxPrefixLength;
}

void FirewallSubnetSizeRule::check(const ir::Module &module,
                                   CheckContext &ctx) const {
  const NetworkTopology *topology = getNetworkTopology(module, ctx.analyses);
  if (!topology)
    return;
  for (const TopologySubnet &subnet : topology->subnets) {
    if (!subnet.nameKnown || (subnet.name != firewallSubnetName &&
                              subnet.name != firewallManagementSubnetName))
      continue;
    std::string display = topology->getSubnetDisplayName(subnet);
    std::string where = topology->getSubnetLogicalLocation(subnet);
    std::string what = "the size of subnet '" + display + "'";
    for (const ir::Value *prefix : getAddressPrefixes(subnet.properties)) {
      unsigned length = 0;
      if (prefix->isString()) {
        if (isTooSmall(*prefix, length))
          report(ctx, prefix->getRange(),
                 "{0} '{1}' has prefix '{2}', smaller than the /26 Azure "
                 "Firewall needs",
                 subnet.name, display, prefix->getString())
              .logicalLocation(where)
              .fingerprint(prefix->getString());
        continue;
      }
      if (prefix->isEnumerated()) {
        for (const ir::Value &alternative : prefix->alternatives())
          if (isTooSmall(alternative, length))
            report(ctx, prefix->getRange(),
                   "{0} '{1}' may have prefix '{2}' ({3}), smaller than the "
                   "/26 Azure Firewall needs",
                   subnet.name, display, alternative.getString(),
                   prefix->provenance())
                .logicalLocation(where)
                .fingerprint(alternative.getString());
        continue;
      }
      reportUnknown(ctx, prefix->getRange(), what,
                    prefix->isUnknown() ? prefix->provenance()
                                        : "its prefix is not a string");
    }
  }
}
