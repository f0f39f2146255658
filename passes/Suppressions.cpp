//===- Suppressions.cpp - Findings silenced in source or config -----------===//

#include "passes/Suppressions.h"

#include "llvm/Support/GlobPattern.h"

using namespace armor;
using namespace armor::ir;

bool armor::matchesRulePattern(llvm::StringRef pattern,
                               llvm::StringRef ruleId) {
  if (pattern.ends_with("*"))
    return ruleId.starts_with(pattern.drop_back());
  return pattern == ruleId;
}

static bool contains(SourceRange outer, SourceRange inner) {
  return outer.isValid() && outer.file == inner.file &&
         outer.begin <= inner.begin && inner.end <= outer.end;
}

namespace {
struct SourceSuppression {
  SourceRange scope;
  std::string rule;
  std::string justification;
};
} // namespace

static void collect(const Module &module,
                    std::vector<SourceSuppression> &result) {
  for (const Resource &resource : module.resources) {
    if (resource.nested)
      collect(*resource.nested, result);
    const Value *suppress = resource.body.getPath("metadata.armor.suppress");
    if (!suppress)
      continue;
    auto add = [&](const Value &entry) {
      if (entry.isString()) {
        result.push_back({resource.range, entry.getString(), ""});
        return;
      }
      const Value *rule = entry.get("rule");
      const Value *why = entry.get("justification");
      if (rule && rule->isString())
        result.push_back({resource.range, rule->getString(),
                          why && why->isString() ? why->getString() : ""});
    };
    if (suppress->isArray())
      for (const Value &entry : suppress->elements())
        add(entry);
    else
      add(*suppress);
  }
}

void armor::applySourceSuppressions(const Module &module,
                                    std::vector<Diagnostic> &diagnostics) {
  std::vector<SourceSuppression> suppressions;
  collect(module, suppressions);
  if (suppressions.empty())
    return;
  for (Diagnostic &diag : diagnostics) {
    if (diag.ruleId == "syntax-error" || diag.ruleId == "semantic-error")
      continue;
    for (const SourceSuppression &s : suppressions)
      if (contains(s.scope, diag.range) &&
          matchesRulePattern(s.rule, diag.ruleId)) {
        diag.suppressions.push_back({"inSource", s.justification});
        break;
      }
  }
}

static bool matchesGlob(llvm::StringRef pattern, llvm::StringRef text) {
  if (pattern.empty())
    return true;
  llvm::Expected<llvm::GlobPattern> glob = llvm::GlobPattern::create(pattern);
  if (!glob) {
    llvm::consumeError(glob.takeError());
    return pattern == text;
  }
  return glob->match(text);
}

void armor::applyConfigSuppressions(const Config &config, llvm::StringRef path,
                                    std::vector<Diagnostic> &diagnostics) {
  for (Diagnostic &diag : diagnostics) {
    if (diag.ruleId == "syntax-error" || diag.ruleId == "semantic-error")
      continue;
    for (const ConfigSuppression &s : config.suppressions)
      if (matchesRulePattern(s.rule, diag.ruleId) &&
          matchesGlob(s.path, path) &&
          matchesGlob(s.resource, diag.logicalLocation)) {
        diag.suppressions.push_back({"external", s.justification});
        break;
      }
  }
}
