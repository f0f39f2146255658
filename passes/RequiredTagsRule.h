//===- RequiredTagsRule.h - required-tags -----------------------*- C++ -*-===//

#ifndef ARMOR_PASSES_REQUIREDTAGSRULE_H
#define ARMOR_PASSES_REQUIREDTAGSRULE_H

#include "passes/Rule.h"

#include <map>
#include <vector>

namespace armor {

/// Reports taggable resources that lack a configured tag or carry a value
/// outside the tag's allowed values, with the semantics of the built-in
/// policies "Require a tag on resources" and "Require a tag and its value on
/// resources" (docs/rules/required-tags.md).
class RequiredTagsRule : public Rule {
public:
  using Rule::Rule;
  bool configure(const ir::Value &settings, DiagnosticEngine &diags) override;
  void check(const ir::Module &module, CheckContext &ctx) const override;

private:
  struct RequiredTag {
    std::string name;
    std::vector<std::string> allowedValues; ///< empty: any value
  };
  std::vector<RequiredTag> tags;

  void checkResource(const ir::Resource &resource, CheckContext &ctx) const;
};

/// True for resources that Azure Policy evaluates in mode Indexed: those
/// that support tags and location. Child resources without a location
/// (subnets, security rules) and extension resources (diagnostic settings,
/// locks, role assignments) are not.
bool isTaggableResource(const ir::Resource &resource);

} // namespace armor

#endif // ARMOR_PASSES_REQUIREDTAGSRULE_H
