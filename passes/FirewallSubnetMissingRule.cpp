//===- FirewallSubnetMissingRule.cpp - firewall-subnet-missing ------------===//

#include "passes/FirewallSubnetMissingRule.h"

#include "passes/NetworkTopologyAnalysis.h"

using namespace armor;
using namespace armor::topology;

void FirewallSubnetMissingRule::check(const ir::Module &module,
                                      CheckContext &ctx) const {
  const NetworkTopology *topology = getNetworkTopology(module, ctx.analyses);
  if (!topology)
    return;
  for (const TopologyFirewall &firewall : topology->firewalls) {
    if (firewall.virtualHub)
      continue;
    std::string where = getLogicalLocation(*firewall.resource);
    for (const TopologyIpConfiguration &ip : firewall.ipConfigurations) {
      const TopologySubnetRef &subnet = ip.subnet;
      if (subnet.state == TopologyRef::State::Absent)
        continue;
      std::string what = "the subnet of firewall '" + firewall.name + "'";
      if (subnet.state == TopologyRef::State::Unknown) {
        reportUnknown(ctx, ip.range, what, subnet.why);
        continue;
      }
      if (!subnet.nameKnown) {
        reportUnknown(ctx, ip.range, what,
                      "the subnet name '" + subnet.name + "' is not known");
        continue;
      }
      std::string vnetName =
          subnet.vnet >= 0 ? topology->vnets[subnet.vnet].name : "?";
      if (subnet.name != firewallSubnetName) {
        auto finding =
            report(ctx, ip.range,
                   "firewall '{0}' is in subnet '{1}/{2}', but Azure "
                   "Firewall must be in a subnet named exactly "
                   "'AzureFirewallSubnet'",
                   firewall.name, vnetName, subnet.name);
        finding.logicalLocation(where).fingerprint(ip.name);
        if (subnet.subnet >= 0)
          finding.note(topology->subnets[subnet.subnet].nameRange,
                       "subnet '{0}' declared here", subnet.name);
        continue;
      }
      if (subnet.vnet < 0 || topology->vnets[subnet.vnet].external)
        continue; // the VNet is outside the deployment
      const TopologyVnet &vnet = topology->vnets[subnet.vnet];
      switch (topology->hasSubnetNamed(subnet.vnet, firewallSubnetName)) {
      case Tri::Yes:
        continue;
      case Tri::Maybe:
        reportUnknown(ctx, ip.range, what,
                      "the subnets of virtual network '" + vnet.name +
                          "' are not all known");
        continue;
      case Tri::No:
        break;
      }
      report(ctx, ip.range,
             "firewall '{0}' refers to subnet 'AzureFirewallSubnet', but its "
             "virtual network '{1}' has no subnet named exactly "
             "'AzureFirewallSubnet'",
             firewall.name, vnet.name)
          .logicalLocation(where)
          .fingerprint(ip.name)
          .note(vnet.resource->name.getRange(),
                "virtual network '{0}' declared here", vnet.name);
    }
  }
}
