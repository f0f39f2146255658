//===- FirewallSubnetSizeRule.h - firewall-subnet-size ----------*- C++ -*-===//

#ifndef ARMOR_PASSES_FIREWALLSUBNETSIZERULE_H
#define ARMOR_PASSES_FIREWALLSUBNETSIZERULE_H

#include "passes/Rule.h"

namespace armor {

/// Reports an AzureFirewallSubnet or AzureFirewallManagementSubnet whose IPv4
/// prefix is longer than /26
/// (docs/rules/firewall-subnet-size.md).
class FirewallSubnetSizeRule : public Rule {
public:
  using Rule::Rule;
  void check(const ir::Module &module, CheckContext &ctx) const override;
};

} // namespace armor

#endif // ARMOR_PASSES_FIREWALLSUBNETSIZERULE_H
