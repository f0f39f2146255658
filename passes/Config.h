//===- Config.h - .armor.json -----------------------------------*- C++ -*-===//
///
/// \file
/// The configuration of one analysis: rule levels and options, user policy
/// definitions, how unknown values are reported and context values such as
/// the resource group's location. Read from `.armor.json` (parsed by the
/// frontend's JSON reader, so errors carry line and column), then amended
/// by command-line flags.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_CONFIG_H
#define ARMOR_PASSES_CONFIG_H

#include "ir/Diagnostic.h"
#include "ir/Value.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace armor {

/// What a rule does when the verdict depends on a value that is unknown.
enum class UnknownPolicy { Ignore, Note };

struct RuleSettings {
  std::optional<Level> level;
  ir::Value options; ///< the rule's object in the config (null if none)
};

struct PolicyReference {
  std::string definition; ///< path, relative to the config file
  ir::Value parameters;
  SourceRange range;
};

/// A finding silenced by the configuration (SARIF suppression kind
/// "external"): every field given must match.
struct ConfigSuppression {
  std::string rule;     ///< rule id; a trailing '*' matches a prefix
  std::string path;     ///< glob over the input path as shown; "" = any
  std::string resource; ///< glob over the logical location; "" = any
  std::string justification;
};

struct Config {
  std::string path; ///< the file it came from; empty for the defaults
  std::map<std::string, RuleSettings> rules;
  std::vector<PolicyReference> policies;
  std::vector<ConfigSuppression> suppressions;
  UnknownPolicy unknown = UnknownPolicy::Ignore;
  std::optional<std::string> resourceGroupLocation;
  /// Other deployment context values (`subscriptionId`, `resourceGroupName`,
  /// `tenantId`, `managementGroupName`, `deploymentName`,
  /// `deploymentLocation`), by key; what is absent stays unknown.
  std::map<std::string, std::string> context;

  /// Settings of rule \p id; null if the config does not mention it.
  const RuleSettings *getRule(llvm::StringRef id) const;
  RuleSettings &getOrCreateRule(llvm::StringRef id);
};

/// Reads a parsed `.armor.json` into \p config. Reports every problem as a
/// diagnostic that names the key; returns false if there was any.
bool parseConfig(const ir::Value &root, Config &config,
                 DiagnosticEngine &diags);

} // namespace armor

#endif // ARMOR_PASSES_CONFIG_H
