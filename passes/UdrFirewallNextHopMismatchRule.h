//===- UdrFirewallNextHopMismatchRule.h -------------------------*- C++ -*-===//

#ifndef ARMOR_PASSES_UDRFIREWALLNEXTHOPMISMATCHRULE_H
#define ARMOR_PASSES_UDRFIREWALLNEXTHOPMISMATCHRULE_H

#include "passes/Rule.h"

namespace armor {

/// Reports a default route of such a subnet whose next hop is proven not to be
/// the firewall's private IP
/// (docs/rules/udr-firewall-next-hop-mismatch.md).
class UdrFirewallNextHopMismatchRule : public Rule {
public:
  using Rule::Rule;
  void check(const ir::Module &module, CheckContext &ctx) const override;
};

} // namespace armor

#endif // ARMOR_PASSES_UDRFIREWALLNEXTHOPMISMATCHRULE_H
