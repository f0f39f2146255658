//===- UdrFirewallRouteMissingRule.cpp - udr-firewall-route-missing -------===//

#include "passes/UdrFirewallRouteMissingRule.h"

#include "passes/NetworkTopologyAnalysis.h"

using namespace armor;
using Status = TopologySubnetRouting::Status;

/// Notes where the firewall is and, for a peered network, the peering.
static void explainFirewall(DiagnosticBuilder &finding,
                            const NetworkTopology &topology,
                            const TopologySubnet &subnet,
                            const TopologyFirewall &firewall) {
  const TopologyVnet &hub = topology.vnets[firewall.vnet];
  if (subnet.vnet != firewall.vnet)
    finding.note(firewall.resource->name.getRange(),
                 "firewall '{0}' is in virtual network '{1}', peered with "
                 "'{2}'",
                 firewall.name, hub.name, topology.vnets[subnet.vnet].name);
  else
    finding.note(firewall.resource->name.getRange(),
                 "firewall '{0}' is in virtual network '{1}'", firewall.name,
                 hub.name);
}

void UdrFirewallRouteMissingRule::check(const ir::Module &module,
                                        CheckContext &ctx) const {
  const NetworkTopology *topology = getNetworkTopology(module, ctx.analyses);
  if (!topology)
    return;
  // A firewall that may not be deployed does not make routes necessary.
  for (const TopologyFirewall &firewall : topology->firewalls)
    if (firewall.conditional && !firewall.virtualHub && firewall.vnet >= 0)
      reportUnknown(ctx, firewall.resource->condition.getRange(),
                    "the routes to firewall '" + firewall.name + "'",
                    "it may not be deployed (its condition is '" +
                        getDisplayName(firewall.resource->condition) + "')");
  for (const TopologySubnetRouting &routed : topology->routing) {
    const TopologySubnet &subnet = topology->subnets[routed.subnet];
    const TopologyFirewall &firewall =
        topology->firewalls[routed.firewalls.front()];
    std::string display = topology->getSubnetDisplayName(subnet);
    std::string where = topology->getSubnetLogicalLocation(subnet);
    switch (routed.status) {
    case Status::DefaultRoute:
      continue;
    case Status::Unknown:
      reportUnknown(ctx, routed.whyRange,
                    "the route of subnet '" + display + "' to firewall '" +
                        firewall.name + "'",
                    routed.why);
      continue;
    case Status::NoRouteTable: {
      auto finding = report(ctx, subnet.nameRange,
                            "subnet '{0}' has no route table, so its traffic "
                            "does not go through firewall '{1}'",
                            display, firewall.name);
      finding.logicalLocation(where);
      explainFirewall(finding, *topology, subnet, firewall);
      continue;
    }
    case Status::NoDefaultRoute: {
      const TopologyRouteTable &table =
          topology->routeTables[routed.routeTable];
      auto finding = report(ctx, subnet.nameRange,
                            "route table '{0}' of subnet '{1}' has no route "
                            "for 0.0.0.0/0 with next hop type "
                            "VirtualAppliance, so its traffic does not go "
                            "through firewall '{2}'",
                            table.name, display, firewall.name);
      finding.logicalLocation(where).note(table.resource->name.getRange(),
                                          "route table '{0}' declared here",
                                          table.name);
      if (routed.route >= 0) {
        const TopologyRoute &route = table.routes[routed.route];
        finding.note(route.range,
                     "route '{0}' sends 0.0.0.0/0 to next hop "
                     "type '{1}'",
                     route.name, getDisplayName(*route.nextHopType));
      }
      explainFirewall(finding, *topology, subnet, firewall);
      continue;
    }
    }
  }
}
