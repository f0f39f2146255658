//===- NsgShadowedRule.cpp - nsg-shadowed-rule ----------------------------===//

#include "passes/NsgShadowedRule.h"

#include "passes/NsgCoverageAnalysis.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace armor;

/// "'a'", "'a' and 'b'", "'a', 'b' and 'c'".
static std::string quoteNames(const NsgInfo &nsg,
                              llvm::ArrayRef<unsigned> rules) {
  std::string text;
  for (size_t i = 0; i != rules.size(); ++i) {
    if (i)
      text += i + 1 == rules.size() ? " and " : ", ";
    text += "'" + nsg.rules[rules[i]].name + "'";
  }
  return text;
}

void NsgShadowedRule::reportDuplicate(const NsgInfo &nsg, unsigned first,
                                      unsigned second, NsgDirection direction,
                                      CheckContext &ctx) const {
  const NsgSecurityRule &a = nsg.rules[first], &b = nsg.rules[second];
  report(ctx, b.range,
         "security rules '{0}' and '{1}' of network security group '{2}' have "
         "the same priority {3} and direction {4}: Azure rejects the group, "
         "and which rule matches first is undefined{5}",
         a.name, b.name, nsg.name, b.getPriorityText(),
         getNsgDirectionName(direction), nsg.getWhen(""))
      .note(a.range, "rule '{0}' has priority {1}", a.name, a.getPriorityText())
      .logicalLocation(nsg.getLogicalLocation(b))
      .fingerprint(nsg.name)
      .fingerprint(b.name)
      .fingerprint("duplicate-priority")
      .fingerprint(nsg.condition);
}

void NsgShadowedRule::reportShadowed(const NsgInfo &nsg,
                                     const NsgRuleVerdict &verdict,
                                     CheckContext &ctx) const {
  const NsgSecurityRule &rule = nsg.rules[verdict.rule];
  const NsgSecurityRule &first = nsg.rules[verdict.opposite.front()];
  bool denies = first.model.access == nsg::accessDeny;
  bool plural = verdict.opposite.size() > 1;
  std::string when = nsg.getWhen(verdict.condition);
  auto finding =
      verdict.deciders.size() == 1
          ? report(ctx, rule.range,
                   "security rule '{0}' can never match: {1} {2} all of its "
                   "traffic first{3}",
                   rule.name, describeNsgRule(first),
                   denies ? "denies" : "allows", when)
          : report(ctx, rule.range,
                   "security rule '{0}' can never match: {1} decide all of "
                   "its traffic first, and {2} {3} some of it{4}",
                   rule.name, describeNsgRules(nsg, verdict.deciders),
                   quoteNames(nsg, verdict.opposite),
                   denies ? (plural ? "deny" : "denies")
                          : (plural ? "allow" : "allows"),
                   when);
  for (unsigned decider : verdict.deciders)
    finding.note(nsg.rules[decider].range,
                 "covered by rule '{0}' (priority {1})",
                 nsg.rules[decider].name, nsg.rules[decider].getPriorityText());
  finding.logicalLocation(nsg.getLogicalLocation(rule))
      .fingerprint(nsg.name)
      .fingerprint(rule.name)
      .fingerprint(nsg.condition)
      .fingerprint(verdict.condition);
}

void NsgShadowedRule::reportVerdict(const NsgInfo &nsg,
                                    const NsgRuleVerdict &verdict,
                                    CheckContext &ctx) const {
  const NsgSecurityRule &rule = nsg.rules[verdict.rule];
  std::string what = "whether security rule '" + rule.name + "'";
  switch (verdict.verdict) {
  case nsg::Verdict::Shadowed:
    reportShadowed(nsg, verdict, ctx);
    return;
  case nsg::Verdict::PossiblyCovered:
    reportUnknown(ctx, rule.range, what + " can match",
                  "it depends on " +
                      describeNsgDependencies(nsg, verdict.dependsOn) +
                      nsg.getWhen(verdict.condition));
    return;
  case nsg::Verdict::CoveredAmbiguous:
    reportUnknown(ctx, rule.range, what + " is shadowed or redundant",
                  "it can never match, but which access decides its traffic "
                  "depends on " +
                      describeNsgDependencies(nsg, verdict.dependsOn) +
                      nsg.getWhen(verdict.condition));
    return;
  case nsg::Verdict::NotChecked:
  case nsg::Verdict::Reachable:
  case nsg::Verdict::Redundant:
    return;
  }
  llvm_unreachable("covered switch");
}

void NsgShadowedRule::check(const ir::Module &module, CheckContext &ctx) const {
  const NsgCoverage &coverage =
      ctx.analyses.getResult<NsgCoverageAnalysis>(module);
  for (const NsgInfo &nsg : coverage.nsgs) {
    for (NsgDirection direction :
         {NsgDirection::Inbound, NsgDirection::Outbound})
      for (auto [first, second] : nsg.get(direction).duplicatePriorities)
        reportDuplicate(nsg, first, second, direction, ctx);
    // In declaration order: the verdicts of each rule, or why it has none.
    std::vector<NsgRuleVerdict> verdicts = getNsgRuleVerdicts(nsg);
    auto next = verdicts.begin();
    for (unsigned i = 0; i != nsg.rules.size(); ++i) {
      const NsgSecurityRule &rule = nsg.rules[i];
      bool decided = false;
      for (; next != verdicts.end() && next->rule == i; ++next) {
        decided = true;
        reportVerdict(nsg, *next, ctx);
      }
      if (!decided && !rule.isDefault && !rule.unknownParts.empty())
        reportUnknown(ctx, rule.range,
                      "whether security rule '" + rule.name +
                          "' is shadowed or redundant",
                      llvm::join(rule.unknownParts, "; ") + nsg.getWhen(""));
    }
  }
}
