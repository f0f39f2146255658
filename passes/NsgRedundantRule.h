//===- NsgRedundantRule.h - nsg-redundant-rule ------------------*- C++ -*-===//

#ifndef ARMOR_PASSES_NSGREDUNDANTRULE_H
#define ARMOR_PASSES_NSGREDUNDANTRULE_H

#include "passes/Rule.h"

namespace armor {

/// Reports NSG security rules whose traffic higher-priority rules of the
/// same access already decide entirely: deleting them changes nothing
/// (docs/rules/nsg-redundant-rule.md).
class NsgRedundantRule : public Rule {
public:
  using Rule::Rule;
  void check(const ir::Module &module, CheckContext &ctx) const override;
};

} // namespace armor

#endif // ARMOR_PASSES_NSGREDUNDANTRULE_H
