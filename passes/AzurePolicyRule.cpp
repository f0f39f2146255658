//===- AzurePolicyRule.cpp - azure-policy/<name> --------------------------===//

#include "passes/AzurePolicyRule.h"

#include "llvm/ADT/STLExtras.h"

using namespace armor;
using namespace armor::ir;

void AzurePolicyRule::check(const Module &module, CheckContext &ctx) const {
  const policy::PolicyDefinition &definition = policy->getDefinition();
  std::string policyName = "'" + definition.displayName + "'";
  if (!initiative.empty())
    policyName += " of initiative '" + initiative + "'";
  llvm::StringRef effect = policy::getEffectName(policy->getEffect());
  policy::EvaluationOptions options{ctx.config.resourceGroupLocation};
  for (const Resource &resource : module.resources) {
    if (!policy->appliesTo(resource))
      continue;
    policy::Verdict verdict =
        policy::evaluate(*policy, resource, module, options);
    std::string name = getDisplayName(resource.name);
    for (const policy::Violation &v : verdict.violations) {
      std::string explanation = v.explain();
      report(ctx, v.range,
             "resource '{0}' of type '{1}' is non-compliant with policy {2} "
             "({3}): {4}",
             name, resource.type, policyName, effect, explanation)
          .logicalLocation(getLogicalLocation(resource))
          .fingerprint(definition.name)
          .fingerprint(explanation);
    }
    if (verdict.violations.empty() && verdict.unknown)
      reportUnknown(ctx, verdict.unknown->range,
                    "policy " + policyName + " on '" + name + "'",
                    verdict.unknown->subject +
                        " is not known: " + verdict.unknown->why);
  }
}

static bool addRule(std::shared_ptr<const policy::CompiledPolicy> compiled,
                    std::string initiative,
                    std::vector<std::unique_ptr<AzurePolicyRule>> &out) {
  if (!compiled)
    return false;
  std::string id = "azure-policy/" + compiled->getDefinition().name;
  Level level = policy::getEffectLevel(compiled->getEffect());
  out.push_back(std::make_unique<AzurePolicyRule>(
      id, level, std::move(compiled), std::move(initiative)));
  return true;
}

bool armor::createAzurePolicyRules(
    llvm::ArrayRef<LoadedPolicy> policies, DiagnosticEngine &diags,
    std::vector<std::unique_ptr<AzurePolicyRule>> &out) {
  bool ok = true;
  // Definitions loaded as entries of their own can be initiative members.
  auto findLoaded = [&](llvm::StringRef name)
      -> std::shared_ptr<const policy::PolicyDefinition> {
    for (const LoadedPolicy &p : policies)
      if (p.document.definition &&
          llvm::StringRef(p.document.definition->name).equals_insensitive(name))
        return p.document.definition;
    return nullptr;
  };
  for (const LoadedPolicy &loaded : policies) {
    if (loaded.document.definition) {
      ok &= addRule(policy::CompiledPolicy::compile(loaded.document.definition,
                                                    loaded.parameters,
                                                    loaded.range, diags),
                    "", out);
      continue;
    }
    const policy::PolicySetDefinition &set = *loaded.document.set;
    std::shared_ptr<const policy::ParameterValues> setParameters =
        policy::bindParameters(set.parameters, loaded.parameters,
                               set.displayName, loaded.range, diags);
    if (!setParameters) {
      ok = false;
      continue;
    }
    for (const policy::PolicySetDefinition::Member &member : set.members) {
      std::shared_ptr<const policy::PolicyDefinition> definition =
          member.definition ? member.definition
                            : findLoaded(member.definitionName);
      if (!definition) {
        diags.report("config", Level::Error, member.range,
                     "initiative '{0}' references policy definition '{1}', "
                     "which is not built in and not loaded (put {1}.json "
                     "next to the initiative or add it to 'policies')",
                     set.displayName, member.definitionName);
        ok = false;
        continue;
      }
      std::optional<Value> parameters = policy::resolveMemberParameters(
          member.parameters, *setParameters, set.displayName, diags);
      if (!parameters) {
        ok = false;
        continue;
      }
      ok &= addRule(policy::CompiledPolicy::compile(definition, *parameters,
                                                    member.range, diags),
                    set.displayName, out);
    }
  }
  return ok;
}
