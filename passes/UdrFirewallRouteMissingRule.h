//===- UdrFirewallRouteMissingRule.h ----------------------------*- C++ -*-===//

#ifndef ARMOR_PASSES_UDRFIREWALLROUTEMISSINGRULE_H
#define ARMOR_PASSES_UDRFIREWALLROUTEMISSINGRULE_H

#include "passes/Rule.h"

namespace armor {

/// Reports a workload subnet of a virtual network that hosts an Azure Firewall,
/// or is peered to one in the deployment, without a route table that sends
/// 0.0.0.0/0 to a virtual appliance
/// (docs/rules/udr-firewall-route-missing.md).
class UdrFirewallRouteMissingRule : public Rule {
public:
  using Rule::Rule;
  void check(const ir::Module &module, CheckContext &ctx) const override;
};

} // namespace armor

#endif // ARMOR_PASSES_UDRFIREWALLROUTEMISSINGRULE_H
