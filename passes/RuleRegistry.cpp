//===- RuleRegistry.cpp - Rules by id -------------------------------------===//

#include "passes/RuleRegistry.h"

#include "passes/AllowedLocationsRule.h"
#include "passes/DiagnosticsMissingRule.h"
#include "passes/FirewallManagementSubnetMissingRule.h"
#include "passes/FirewallSubnetMissingRule.h"
#include "passes/FirewallSubnetSizeRule.h"
#include "passes/FlowLogsMissingRule.h"
#include "passes/NsgFlowLogsRetiredRule.h"
#include "passes/NsgInternetExposedPortRule.h"
#include "passes/NsgRedundantRule.h"
#include "passes/NsgShadowedRule.h"
#include "passes/RequiredTagsRule.h"
#include "passes/UdrFirewallNextHopMismatchRule.h"
#include "passes/UdrFirewallRouteMissingRule.h"

#include "llvm/ADT/STLExtras.h"

using namespace armor;

namespace {
struct RuleDoc {
  const char *id;
  const char *markdown;
};
// Generated from docs/rules/*.md by cmake/EmbedRuleDocs.cmake.
const RuleDoc ruleDocs[] = {
#include "RuleDocs.inc"
};
} // namespace

static llvm::StringRef getDocumentation(llvm::StringRef id) {
  for (const RuleDoc &doc : ruleDocs)
    if (id == doc.id)
      return doc.markdown;
  return {};
}

llvm::ArrayRef<RuleDescription> armor::getRuleDescriptions() {
  static const std::vector<RuleDescription> descriptions = [] {
    std::vector<RuleDescription> result;
#define INPUT_RULE(ID, LEVEL, SEVERITY, DESCRIPTION)                           \
  result.push_back(                                                            \
      {ID, Level::LEVEL, SEVERITY, DESCRIPTION, getDocumentation(ID), true});
#define RULE(ID, CLASS, LEVEL, SEVERITY, DESCRIPTION)                          \
  result.push_back(                                                            \
      {ID, Level::LEVEL, SEVERITY, DESCRIPTION, getDocumentation(ID), false});
#define RULE_FAMILY(ID, LEVEL, SEVERITY, DESCRIPTION)                          \
  result.push_back({ID, Level::LEVEL, SEVERITY, DESCRIPTION,                   \
                    getDocumentation(ID), false, true});
#include "passes/Rules.def"
    return result;
  }();
  return descriptions;
}

bool armor::isKnownRuleId(llvm::StringRef id) {
  return llvm::any_of(getRuleDescriptions(), [&](const RuleDescription &d) {
    if (d.isFamily) // `azure-policy/<name>`
      return id.size() > d.id.size() + 1 && id.starts_with(d.id) &&
             id[d.id.size()] == '/';
    return d.id == id && !d.isInputRule;
  });
}

std::unique_ptr<RuleSet> RuleSet::create(const Config &config,
                                         DiagnosticEngine &diags,
                                         std::vector<LoadedPolicy> policies) {
  std::unique_ptr<RuleSet> set(new RuleSet(config));
  bool ok = true;
  auto add = [&](std::unique_ptr<Rule> rule) {
    if (const RuleSettings *settings = config.getRule(rule->getId())) {
      if (settings->level)
        rule->setLevel(*settings->level);
      if (settings->options.isObject())
        ok &= rule->configure(settings->options, diags);
    }
    if (rule->getLevel() != Level::Off)
      set->rules.push_back(std::move(rule));
  };
#define RULE(ID, CLASS, LEVEL, SEVERITY, DESCRIPTION)                          \
  add(std::make_unique<CLASS>(ID, Level::LEVEL));
#include "passes/Rules.def"

  // azure-policy/<name>: one rule per definition the config assigns.
  std::vector<std::unique_ptr<AzurePolicyRule>> policyRules;
  ok &= createAzurePolicyRules(policies, diags, policyRules);
  for (std::unique_ptr<AzurePolicyRule> &rule : policyRules) {
    std::string id = rule->getId().str();
    if (llvm::none_of(set->dynamicRules,
                      [&](const auto &d) { return d.id == id; })) {
      const policy::PolicyDefinition &def = rule->getPolicy().getDefinition();
      std::string description = "Azure Policy '" + def.displayName + "'";
      if (!def.description.empty())
        description += ": " + def.description;
      set->dynamicRules.push_back(
          {id, rule->getLevel(), std::move(description), "azure-policy"});
    }
    add(std::move(rule));
  }
  for (const auto &[id, settings] : config.rules)
    if (llvm::StringRef(id).starts_with("azure-policy/") &&
        llvm::none_of(set->dynamicRules,
                      [&](const auto &d) { return d.id == id; })) {
      diags.report("config", Level::Error, settings.options.getRange(),
                   "unknown rule '{0}': no policy definition named '{1}' is "
                   "loaded",
                   id, llvm::StringRef(id).drop_front(13));
      ok = false;
    }
  if (!ok)
    return nullptr;
  return set;
}

static void runOnModule(const std::vector<std::unique_ptr<Rule>> &rules,
                        const ir::Module &module, CheckContext &ctx) {
  for (const auto &rule : rules)
    rule->check(module, ctx);
  for (const ir::Resource &resource : module.resources)
    if (resource.nested)
      runOnModule(rules, *resource.nested, ctx);
}

void RuleSet::run(const ir::Module &module, DiagnosticEngine &diags) const {
  AnalysisManager analyses;
  CheckContext ctx{diags, analyses, config};
  runOnModule(rules, module, ctx);
}
