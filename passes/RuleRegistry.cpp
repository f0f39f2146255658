//===- RuleRegistry.cpp - Rules by id -------------------------------------===//

#include "passes/RuleRegistry.h"

#include "passes/NsgInternetExposedPortRule.h"
#include "passes/NsgRedundantRule.h"
#include "passes/NsgShadowedRule.h"
#include "passes/RequiredTagsRule.h"

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
  result.push_back({ID, Level::LEVEL, SEVERITY, DESCRIPTION,                   \
                    getDocumentation(ID), true});
#define RULE(ID, CLASS, LEVEL, SEVERITY, DESCRIPTION)                          \
  result.push_back({ID, Level::LEVEL, SEVERITY, DESCRIPTION,                   \
                    getDocumentation(ID), false});
#include "passes/Rules.def"
    return result;
  }();
  return descriptions;
}

bool armor::isKnownRuleId(llvm::StringRef id) {
  return llvm::any_of(getRuleDescriptions(), [&](const RuleDescription &d) {
    return d.id == id && !d.isInputRule;
  });
}

std::unique_ptr<RuleSet> RuleSet::create(const Config &config,
                                         DiagnosticEngine &diags) {
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
