//===- NsgRedundantRule.cpp - nsg-redundant-rule --------------------------===//

#include "passes/NsgRedundantRule.h"

#include "passes/NsgCoverageAnalysis.h"

using namespace armor;

void NsgRedundantRule::check(const ir::Module &module,
                             CheckContext &ctx) const {
  const NsgCoverage &coverage =
      ctx.analyses.getResult<NsgCoverageAnalysis>(module);
  for (const NsgInfo &nsg : coverage.nsgs) {
    {
      for (const NsgRuleVerdict &verdict : getNsgRuleVerdicts(nsg)) {
        if (verdict.verdict != nsg::Verdict::Redundant)
          continue;
        const NsgSecurityRule &rule = nsg.rules[verdict.rule];
        // The deciders' access, which an enumerated access may not show.
        bool allows = nsg.rules[verdict.deciders.front()].model.access ==
                      nsg::accessAllow;
        bool plural = verdict.deciders.size() > 1;
        auto finding = report(
            ctx, rule.range,
            "security rule '{0}' is redundant: {1} already {2} all of its "
            "traffic{3}",
            rule.name, describeNsgRules(nsg, verdict.deciders),
            allows ? (plural ? "allow" : "allows")
                   : (plural ? "deny" : "denies"),
            nsg.getWhen(verdict.condition));
        for (unsigned decider : verdict.deciders)
          finding.note(
              nsg.rules[decider].range, "covered by rule '{0}' (priority {1})",
              nsg.rules[decider].name, nsg.rules[decider].getPriorityText());
        finding.logicalLocation(nsg.getLogicalLocation(rule))
            .fingerprint(nsg.name)
            .fingerprint(rule.name)
            .fingerprint(nsg.condition)
            .fingerprint(verdict.condition);
      }
    }
  }
}
