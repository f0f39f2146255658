//===- NsgInternetExposedPortRule.h - nsg-internet-exposed-port -*- C++ -*-===//

#ifndef ARMOR_PASSES_NSGINTERNETEXPOSEDPORTRULE_H
#define ARMOR_PASSES_NSGINTERNETEXPOSEDPORTRULE_H

#include "passes/Rule.h"

#include <vector>

namespace armor {

/// Reports inbound traffic from the Internet to a sensitive port (default
/// 22 and 3389, option `ports`) that an NSG allows after first-match
/// processing (docs/rules/nsg-internet-exposed-port.md).
class NsgInternetExposedPortRule : public Rule {
public:
  using Rule::Rule;
  bool configure(const ir::Value &settings, DiagnosticEngine &diags) override;
  void check(const ir::Module &module, CheckContext &ctx) const override;

private:
  std::vector<unsigned> ports = {22, 3389};
};

} // namespace armor

#endif // ARMOR_PASSES_NSGINTERNETEXPOSEDPORTRULE_H
