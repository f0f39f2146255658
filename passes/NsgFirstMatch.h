//===- NsgFirstMatch.h - First-match semantics of one rule list -*- C++ -*-===//
///
/// \file
/// The exact first-match analysis of the security rules of one NSG and one
/// direction. Rules are processed by priority; for every packet the first
/// rule that matches it decides. The analysis builds a decision diagram over
/// the five traffic dimensions on coordinates compressed to the endpoints of
/// every rule's sets (a node splits one dimension into intervals, a leaf
/// says which rule decides), inserting the rules one by one in priority
/// order. Before a rule is inserted, the part of the diagram inside the
/// rule's traffic says exactly which higher-priority rules decide that
/// traffic: nothing is enumerated packet by packet, and equal subtrees are
/// shared, so 1000 overlapping rules stay fast.
///
/// Uncertainty is tracked, never guessed:
/// - a rule with unknown parts decides only the traffic it matches whatever
///   the unknown values are, and may intercept the traffic it may match;
/// - a rule whose position is unknown only may intercept;
/// - service tags and ASGs are atoms: only themselves and `*` contain them.
///   With Options::tagOverlap, a rule that may share real traffic with a
///   tag (a CIDR and a tag, two tags) may intercept that traffic too, so a
///   verdict that depends on what a tag contains is not claimed.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_NSGFIRSTMATCH_H
#define ARMOR_PASSES_NSGFIRSTMATCH_H

#include "passes/NsgTrafficSet.h"

#include "llvm/ADT/ArrayRef.h"

#include <memory>
#include <optional>
#include <vector>

namespace armor::nsg {

/// A set of accesses, as bits.
using AccessMask = uint8_t;
constexpr AccessMask accessAllow = 1;
constexpr AccessMask accessDeny = 2;
constexpr AccessMask accessAny = accessAllow | accessDeny;

/// One alternative of a rule with enumerated values, fully known.
struct RuleVariant {
  AccessMask access = 0;
  TrafficSet traffic;
};

/// A security rule as the first-match analysis sees it.
struct RuleModel {
  /// Unknown: the rule's position is unknown, so it only may intercept.
  std::optional<int64_t> priority;
  /// The possible accesses: one bit when known, both when unknown.
  AccessMask access = accessAny;
  /// False when the rule may not exist (an unknown condition, a child
  /// resource that may belong to another NSG): then it only may intercept.
  bool certain = true;
  /// The traffic it matches whatever its unknown values are.
  TrafficSet must;
  /// The traffic it may match; contains must.
  TrafficSet may;
  /// When its values are enumerated: every combination of them (fully
  /// known). Checked as candidates one by one.
  std::vector<RuleVariant> variants;
  /// Azure's default rules: they decide, but are never candidates.
  bool isDefault = false;

  /// A rule known completely: certain, positioned, one access, must == may.
  bool isKnown() const;
};

/// Builds a known rule.
RuleModel makeKnownRule(int64_t priority, AccessMask access,
                        const TrafficSet &traffic);

enum class Verdict : uint8_t {
  NotChecked,      ///< a default rule, or one with unknown values
  Reachable,       ///< some of its traffic reaches it
  PossiblyCovered, ///< covered if rules with unknown parts match enough
  Shadowed,        ///< covered; some of it surely decided by the opposite
  Redundant,       ///< covered; all of it surely decided by its own access
  CoveredAmbiguous ///< covered; which access decides depends on unknowns
};

struct RuleVerdict {
  Verdict verdict = Verdict::NotChecked;
  /// The rules that decide the candidate's traffic, in processing order.
  std::vector<unsigned> deciders;
  /// The deciders of the opposite access that surely decide some of it.
  std::vector<unsigned> opposite;
  /// For PossiblyCovered and CoveredAmbiguous: earlier rules whose unknown
  /// parts (or tags) the verdict depends on, at most three.
  std::vector<unsigned> dependsOn;
};

/// What happens to a region of traffic after every rule.
struct Outcome {
  int decider = -1; ///< the deciding rule's index, or -1 (nothing matches)
  /// Accesses of rules with unknown parts that may match it first.
  AccessMask unknownAccess = 0;
  /// Accesses of rules that may match it first through tag overlap.
  AccessMask overlapAccess = 0;

  friend bool operator==(const Outcome &a, const Outcome &b) {
    return a.decider == b.decider && a.unknownAccess == b.unknownAccess &&
           a.overlapAccess == b.overlapAccess;
  }
};

struct FirstMatchOptions {
  /// Treat tags and ASGs as possibly sharing addresses with CIDRs and
  /// other tags when deciding which access wins (see the file comment).
  bool tagOverlap = true;
  /// Compute the candidates' verdicts (off when only decide() is needed).
  bool computeVerdicts = true;
  /// Collect unreachable diagram nodes once the diagram holds this many
  /// segments and three times what is live (tests set it low).
  size_t compactionThreshold = size_t(1) << 20;
};

class FirstMatchAnalysis {
public:
  /// Analyzes \p rules (one NSG, one direction, in declaration order).
  explicit FirstMatchAnalysis(std::vector<RuleModel> rules,
                              FirstMatchOptions options = {});
  FirstMatchAnalysis(FirstMatchAnalysis &&);
  FirstMatchAnalysis &operator=(FirstMatchAnalysis &&);
  ~FirstMatchAnalysis();

  const std::vector<RuleModel> &getRules() const { return rules; }
  /// Rule indices in processing order: rules with an unknown position
  /// first, then by priority, then by declaration.
  llvm::ArrayRef<unsigned> getOrder() const { return order; }

  /// The verdict of a candidate rule. For a rule with unknown values (and
  /// a known position and access) it is Shadowed, Redundant or
  /// CoveredAmbiguous only if that holds for every value, else NotChecked.
  const RuleVerdict &getVerdict(unsigned rule) const { return verdicts[rule]; }
  /// The verdicts of an enumerated rule's variants, one per variant.
  llvm::ArrayRef<RuleVerdict> getVariantVerdicts(unsigned rule) const {
    return variantVerdicts[rule];
  }

  /// The outcomes of the traffic in \p region after all rules, without
  /// duplicates. A region dimension need not align with the rules' sets.
  std::vector<Outcome> decide(const TrafficSet &region) const;

  /// Diagram size and the bytes it holds, for benchmarks.
  size_t getNodeCount() const;
  size_t getMemoryBytes() const;
  size_t getPeakMemoryBytes() const;

private:
  class Diagram;
  std::vector<RuleModel> rules;
  FirstMatchOptions options;
  std::vector<unsigned> order;
  std::vector<RuleVerdict> verdicts;
  std::vector<std::vector<RuleVerdict>> variantVerdicts;
  std::unique_ptr<Diagram> diagram;
};

} // namespace armor::nsg

#endif // ARMOR_PASSES_NSGFIRSTMATCH_H
