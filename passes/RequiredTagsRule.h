//===- RequiredTagsRule.h - required-tags -----------------------*- C++ -*-===//

#ifndef ARMOR_PASSES_REQUIREDTAGSRULE_H
#define ARMOR_PASSES_REQUIREDTAGSRULE_H

#include "passes/Rule.h"
#include "passes/policy/PolicyEngine.h"

#include <memory>
#include <string>
#include <vector>

namespace armor {

/// Reports taggable resources that lack a configured tag or carry a value
/// outside the tag's allowed values by running the built-in policies
/// "Require a tag on resources" (one assignment per tag) and "Require a tag
/// and its value on resources" (one per allowed value; a value violates
/// when it violates all of them) with the policy engine
/// (docs/rules/required-tags.md).
class RequiredTagsRule : public Rule {
public:
  using Rule::Rule;
  bool configure(const ir::Value &settings, DiagnosticEngine &diags) override;
  void check(const ir::Module &module, CheckContext &ctx) const override;

private:
  struct RequiredTag {
    std::string name;
    std::vector<std::string> allowedValues; ///< empty: any value
    /// "Require a tag on resources" with tagName = name.
    std::shared_ptr<const policy::CompiledPolicy> requireTag;
    /// allOf over "Require a tag and its value on resources" with each
    /// allowed value: it holds when the value is none of them.
    policy::Condition outsideValues;
    std::string valuePolicyName;
  };
  std::vector<RequiredTag> tags;

  bool compilePolicies(DiagnosticEngine &diags);
  void checkResource(const ir::Resource &resource, const ir::Module &module,
                     CheckContext &ctx) const;
};

/// True for resources that Azure Policy evaluates in mode Indexed: those
/// that support tags and location. Child resources without a location
/// (subnets, security rules) and extension resources (diagnostic settings,
/// locks, role assignments) are not.
bool isTaggableResource(const ir::Resource &resource);

} // namespace armor

#endif // ARMOR_PASSES_REQUIREDTAGSRULE_H
