//===- NsgCoverageAnalysis.h - What each NSG's rules decide -----*- C++ -*-===//
///
/// \file
/// The analysis shared by nsg-shadowed-rule, nsg-redundant-rule and
/// nsg-internet-exposed-port. For every network security group of a module
/// it gathers the security rules (inline `properties.securityRules`, child
/// `Microsoft.Network/networkSecurityGroups/securityRules` resources attached
/// by parent or by name, and Azure's default rules), models each as exact
/// traffic sets (passes/NsgTrafficSet.h) with what is unknown or enumerated
/// about it, and runs the first-match analysis (passes/NsgFirstMatch.h) per
/// direction. `VirtualNetwork` contains the address space of the virtual
/// networks (and their peers) whose subnets use the NSG, when the
/// deployment proves it.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_NSGCOVERAGEANALYSIS_H
#define ARMOR_PASSES_NSGCOVERAGEANALYSIS_H

#include "ir/Module.h"
#include "passes/AnalysisManager.h"
#include "passes/NsgFirstMatch.h"
#include "passes/NsgTrafficSet.h"

#include "llvm/ADT/ArrayRef.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace armor {

enum class NsgDirection : uint8_t { Inbound, Outbound };
llvm::StringRef getNsgDirectionName(NsgDirection direction);

/// One security rule of an NSG, as the template writes it.
struct NsgSecurityRule {
  std::string name;  ///< as users read it
  SourceRange range; ///< where findings point: its name, else its object
  /// Set for rules declared as child resources.
  const ir::Resource *resource = nullptr;
  bool isDefault = false;
  /// Bit 0 inbound, bit 1 outbound; both when the direction is unknown.
  uint8_t directions = 3;
  /// The model; certain == false when it may not exist or not belong here.
  nsg::RuleModel model;
  /// Why it is not known, for notes ("its sourceAddressPrefix is ...").
  std::vector<std::string> unknownParts;
  /// One per model.variants: the enumerated values it stands for,
  /// "sourceAddressPrefix is '*' (parameter 'src' allows ...)".
  std::vector<std::string> variantDescriptions;
  /// The source address entries as written, with their sets: exposure
  /// messages name the ones that expose.
  std::vector<std::pair<std::string, nsg::IntervalSet>> sources;
  /// The same, one list per model.variants.
  std::vector<std::vector<std::pair<std::string, nsg::IntervalSet>>>
      variantSources;

  bool isKnown() const { return unknownParts.empty() && model.isKnown(); }
  std::string getPriorityText() const;
};

/// One direction of one NSG.
struct NsgDirectionResult {
  /// Analysis rule index -> NsgInfo::rules index.
  std::vector<unsigned> ruleIndices;
  /// Absent when the direction cannot be analyzed (equal priorities).
  std::optional<nsg::FirstMatchAnalysis> analysis;
  /// Pairs of NsgInfo::rules indices with the same priority.
  std::vector<std::pair<unsigned, unsigned>> duplicatePriorities;

  /// The analysis index of NSG rule \p rule, if it takes part.
  std::optional<unsigned> findAnalysisIndex(unsigned rule) const;
};

/// One network security group and its rules.
struct NsgInfo {
  const ir::Resource *resource = nullptr;
  std::string name;
  std::vector<NsgSecurityRule> rules; ///< declared rules, then defaults
  nsg::AtomTable atoms;
  nsg::AddressContext context;
  /// Empty, or why the NSG's rule list is not completely known.
  std::string incompleteReason;
  /// Empty, or the enumerated value of `securityRules` this NsgInfo stands
  /// for (one NsgInfo per value).
  std::string condition;
  std::array<NsgDirectionResult, 2> directions;

  const NsgDirectionResult &get(NsgDirection direction) const {
    return directions[static_cast<unsigned>(direction)];
  }
  /// "Microsoft.Network/networkSecurityGroups/securityRules/nsg/rule".
  std::string getLogicalLocation(const NsgSecurityRule &rule) const;
  /// " when <condition>, <extra>" for messages, or "" when unconditional.
  std::string getWhen(llvm::StringRef extra) const;
};

/// Inbound traffic from the Internet to a port that a rule surely allows.
struct NsgExposure {
  unsigned rule = 0; ///< NsgInfo::rules index of the allowing rule
  unsigned port = 0;
  std::vector<nsg::Protocol> protocols;
  /// The allowing rule's source entries that expose ("*", "Internet").
  std::vector<std::string> sources;
  /// Empty, or the enumerated values under which it happens.
  std::string condition;
};

/// Exposure that depends on rules with unknown parts.
struct NsgPossibleExposure {
  unsigned port = 0;
  std::vector<unsigned> dependsOn; ///< NsgInfo::rules indices
};

class NsgCoverage {
public:
  std::vector<NsgInfo> nsgs;

  /// Finds the inbound traffic from the Internet to \p ports that \p nsg
  /// allows after first-match processing, including what happens for each
  /// value of a rule with enumerated values.
  void findExposures(const NsgInfo &nsg, llvm::ArrayRef<unsigned> ports,
                     std::vector<NsgExposure> &exposures,
                     std::vector<NsgPossibleExposure> &possible) const;
};

/// The verdict about one candidate rule, possibly under enumerated values.
struct NsgRuleVerdict {
  unsigned rule = 0; ///< NsgInfo::rules index
  nsg::Verdict verdict = nsg::Verdict::NotChecked;
  std::vector<unsigned> deciders;  ///< NsgInfo::rules indices
  std::vector<unsigned> opposite;  ///< NsgInfo::rules indices
  std::vector<unsigned> dependsOn; ///< NsgInfo::rules indices
  /// Empty, or the enumerated values the verdict holds for.
  std::string condition;
};

/// The verdicts of the candidate rules of both directions, in declaration
/// order: one per known rule; for a rule with enumerated values one in
/// total when every value gets the same verdict, else one per value.
std::vector<NsgRuleVerdict> getNsgRuleVerdicts(const NsgInfo &nsg);

/// "rule 'deny-all' (priority 100)".
std::string describeNsgRule(const NsgSecurityRule &rule);
/// "rule 'a' (priority 100)" or "rules 'a' (priority 100), 'b' (priority
/// 200)", at most five and "N more".
std::string describeNsgRules(const NsgInfo &nsg,
                             llvm::ArrayRef<unsigned> rules);
/// Why a verdict depends on \p rules (NsgInfo::rules indices): their
/// unknown parts, or the tags they use.
std::string describeNsgDependencies(const NsgInfo &nsg,
                                    llvm::ArrayRef<unsigned> rules);

/// Builds an NsgCoverage per module (docs/rules/nsg-shadowed-rule.md,
/// nsg-redundant-rule.md, nsg-internet-exposed-port.md).
class NsgCoverageAnalysis : public AnalysisInfoMixin<NsgCoverageAnalysis> {
  friend AnalysisInfoMixin<NsgCoverageAnalysis>;
  static AnalysisKey key;

public:
  using Result = NsgCoverage;
  Result run(const ir::Module &module, AnalysisManager &am);
};

} // namespace armor

#endif // ARMOR_PASSES_NSGCOVERAGEANALYSIS_H
