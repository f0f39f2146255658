//===- NsgShadowedRule.h - nsg-shadowed-rule --------------------*- C++ -*-===//

#ifndef ARMOR_PASSES_NSGSHADOWEDRULE_H
#define ARMOR_PASSES_NSGSHADOWEDRULE_H

#include "passes/Rule.h"

namespace armor {

struct NsgInfo;
struct NsgRuleVerdict;
enum class NsgDirection : uint8_t;

/// Reports NSG security rules that can never match because higher-priority
/// rules of the same direction decide all of their traffic, some of it with
/// the opposite access; also rules of equal priority and direction, which
/// Azure rejects (docs/rules/nsg-shadowed-rule.md).
class NsgShadowedRule : public Rule {
public:
  using Rule::Rule;
  void check(const ir::Module &module, CheckContext &ctx) const override;

private:
  void reportVerdict(const NsgInfo &nsg, const NsgRuleVerdict &verdict,
                     CheckContext &ctx) const;
  void reportShadowed(const NsgInfo &nsg, const NsgRuleVerdict &verdict,
                      CheckContext &ctx) const;
  void reportDuplicate(const NsgInfo &nsg, unsigned first, unsigned second,
                       NsgDirection direction, CheckContext &ctx) const;
};

} // namespace armor

#endif // ARMOR_PASSES_NSGSHADOWEDRULE_H
