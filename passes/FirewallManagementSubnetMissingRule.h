//===- FirewallManagementSubnetMissingRule.h --------------------*- C++ -*-===//

#ifndef ARMOR_PASSES_FIREWALLMANAGEMENTSUBNETMISSINGRULE_H
#define ARMOR_PASSES_FIREWALLMANAGEMENTSUBNETMISSINGRULE_H

#include "passes/Rule.h"

namespace armor {

/// Reports an Azure Firewall with a managementIpConfiguration or the Basic SKU
/// whose virtual network has no AzureFirewallManagementSubnet, and a
/// managementIpConfiguration in a subnet of another name
/// (docs/rules/firewall-management-subnet-missing.md).
class FirewallManagementSubnetMissingRule : public Rule {
public:
  using Rule::Rule;
  void check(const ir::Module &module, CheckContext &ctx) const override;
};

} // namespace armor

#endif // ARMOR_PASSES_FIREWALLMANAGEMENTSUBNETMISSINGRULE_H
