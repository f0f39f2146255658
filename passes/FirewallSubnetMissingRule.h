//===- FirewallSubnetMissingRule.h - firewall-subnet-missing ----*- C++ -*-===//

#ifndef ARMOR_PASSES_FIREWALLSUBNETMISSINGRULE_H
#define ARMOR_PASSES_FIREWALLSUBNETMISSINGRULE_H

#include "passes/Rule.h"

namespace armor {

/// Reports an Azure Firewall (not a Virtual WAN hub firewall) whose
/// ipConfiguration is in a subnet not named exactly AzureFirewallSubnet, or
/// whose virtual network has no such subnet
/// (docs/rules/firewall-subnet-missing.md).
class FirewallSubnetMissingRule : public Rule {
public:
  using Rule::Rule;
  void check(const ir::Module &module, CheckContext &ctx) const override;
};

} // namespace armor

#endif // ARMOR_PASSES_FIREWALLSUBNETMISSINGRULE_H
