//===- UdrFirewallNextHopMismatchRule.cpp - udr-firewall-next-hop-mismatch ===//

#include "passes/UdrFirewallNextHopMismatchRule.h"

#include "passes/NetworkTopologyAnalysis.h"

#include "llvm/ADT/STLExtras.h"

#include <set>

using namespace armor;
using namespace armor::topology;
using Status = TopologySubnetRouting::Status;

/// An IPv4 address as a next hop: "10.0.1.4" (also written "10.0.1.4/32").
static bool parseAddress(llvm::StringRef text, uint32_t &address) {
  unsigned length;
  if (!text.contains('/'))
    return parseIPv4Prefix((text.trim() + "/32").str(), address, length);
  return parseIPv4Prefix(text, address, length) && length == 32;
}

void UdrFirewallNextHopMismatchRule::check(const ir::Module &module,
                                           CheckContext &ctx) const {
  const NetworkTopology *topology = getNetworkTopology(module, ctx.analyses);
  if (!topology)
    return;
  // A route table serves many subnets: judge each route once.
  std::set<std::pair<int, int>> seen;
  for (const TopologySubnetRouting &routed : topology->routing) {
    if (routed.status != Status::DefaultRoute ||
        !seen.insert({routed.routeTable, routed.route}).second)
      continue;
    const TopologyRouteTable &table = topology->routeTables[routed.routeTable];
    const TopologyRoute &route = table.routes[routed.route];
    if (!route.nextHopIpAddress)
      continue;
    const ir::Value &nextHop = *route.nextHopIpAddress;
    // reference(firewall)...privateIPAddress: equal by construction.
    if (topology->getFirewallOfPrivateIp(nextHop))
      continue;
    std::string what = "the next hop of route '" + route.name + "'";
    const ir::Value &value = topology->followOutputs(nextHop);
    std::vector<const ir::Value *> candidates;
    if (value.isString())
      candidates.push_back(&value);
    else if (value.isEnumerated())
      for (const ir::Value &alternative : value.alternatives())
        candidates.push_back(&alternative);
    if (candidates.empty()) {
      reportUnknown(ctx, nextHop.getRange(), what,
                    value.isUnknown() ? value.provenance()
                                      : "it is not a constant");
      continue;
    }
    // The firewalls it may have to reach, and their conventional address.
    std::vector<std::pair<unsigned, TopologyFirewallAddress>> firewalls;
    std::string unknownWhy;
    for (unsigned f : routed.firewalls) {
      TopologyFirewallAddress address = topology->getConventionalAddress(f);
      if (!address.address && unknownWhy.empty())
        unknownWhy = address.why;
      firewalls.push_back({f, std::move(address)});
    }
    const TopologySubnet &subnet = topology->subnets[routed.subnet];
    if (unknownWhy.empty() && subnet.vnet >= 0 &&
        !topology->vnets[subnet.vnet].peersComplete)
      unknownWhy = "a peering of virtual network '" +
                   topology->vnets[subnet.vnet].name + "' is not known";
    for (const ir::Value *candidate : candidates) {
      uint32_t address;
      if (!candidate->isString() ||
          !parseAddress(candidate->getString(), address))
        continue;
      if (llvm::any_of(firewalls, [&](const auto &f) {
            return f.second.address == address;
          }))
        continue;
      if (!unknownWhy.empty()) {
        reportUnknown(ctx, nextHop.getRange(), what, unknownWhy);
        continue;
      }
      const TopologyFirewall &firewall =
          topology->firewalls[firewalls[0].first];
      const TopologyFirewallAddress &expected = firewalls[0].second;
      std::string hop = "'" + candidate->getString() + "'";
      if (value.isEnumerated())
        hop += " (" + value.provenance() + ")";
      auto finding =
          report(ctx, nextHop.getRange(),
                 "next hop {0} of default route '{1}' is not the private IP "
                 "of firewall '{2}', {3}: Azure gives the firewall the first "
                 "assignable address of its AzureFirewallSubnet '{4}' (this "
                 "relies on that convention; refer to the firewall's "
                 "ipConfigurations[0].properties.privateIPAddress to be "
                 "sure)",
                 hop, route.name, firewall.name, formatIPv4(*expected.address),
                 expected.prefix);
      finding.logicalLocation(getLogicalLocation(*table.resource))
          .fingerprint(route.name)
          .fingerprint(candidate->getString())
          .note(firewall.resource->name.getRange(),
                "firewall '{0}' declared "
                "here",
                firewall.name);
      for (size_t i = 1; i < firewalls.size(); ++i)
        finding.note(
            topology->firewalls[firewalls[i].first].resource->name.getRange(),
            "nor of firewall '{0}', {1}",
            topology->firewalls[firewalls[i].first].name,
            formatIPv4(*firewalls[i].second.address));
    }
  }
}
