//===- PolicyDefinition.h - Azure Policy definitions ------------*- C++ -*-===//
///
/// \file
/// Policy definitions and initiatives (policy set definitions) in the JSON
/// format Azure exports, with or without the `properties` wrapper, read from
/// an ir::Value tree (the JSON reader's, so every key has its range). The
/// `"[...]"` strings of a policy rule become expression values. Problems are
/// reported as `config` diagnostics at the offending key.
///
/// The three built-in definitions armor ships (policies/builtin/*.json,
/// embedded in the binary) are available by file name.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_POLICY_POLICYDEFINITION_H
#define ARMOR_PASSES_POLICY_POLICYDEFINITION_H

#include "ir/Diagnostic.h"
#include "ir/Value.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace armor::policy {

enum class Effect : uint8_t {
  Deny,
  Audit,
  AuditIfNotExists,
  Append,
  Modify,
  DeployIfNotExists,
  DenyAction,
  Manual,
  Disabled,
};

/// Parses an effect name, case-insensitively.
std::optional<Effect> parseEffect(llvm::StringRef name);
/// The effect as Azure spells it: "auditIfNotExists".
llvm::StringRef getEffectName(Effect effect);
/// deny -> error; audit, auditIfNotExists -> warning; append, modify,
/// deployIfNotExists, manual -> note; disabled and denyAction (which only
/// blocks deletions, never a deployment) -> off.
Level getEffectLevel(Effect effect);

/// Which resources a definition evaluates.
enum class Mode : uint8_t {
  All,     ///< every resource
  Indexed, ///< resources that support tags and location
  /// A resource provider mode (Microsoft.Kubernetes.Data, ...): evaluates
  /// data-plane objects that templates do not declare.
  DataPlane,
};

/// A declared parameter of a definition or an initiative.
struct ParameterDecl {
  std::string name;
  std::string type; ///< String, Array, Object, Boolean, Integer, Float, ...
  std::optional<ir::Value> defaultValue;
  std::optional<ir::Value> allowedValues;
  SourceRange range; ///< the parameter's key
};

/// A policy definition (Microsoft.Authorization/policyDefinitions).
struct PolicyDefinition {
  std::string name;        ///< `name`, else the file name without .json
  std::string displayName; ///< `displayName`, else the name
  std::string description;
  Mode mode = Mode::All;
  std::string modeName; ///< as written
  std::vector<ParameterDecl> parameters;
  /// `policyRule`, with `"[...]"` strings lowered to expression values.
  ir::Value rule;
  SourceRange range; ///< the definition object
  bool builtin = false;
  /// A bare policy rule (`{"if": ..., "then": ...}`) without the definition
  /// around it: it declares no parameters, so it takes those the
  /// assignment gives.
  bool bareRule = false;

  const ParameterDecl *findParameter(llvm::StringRef name) const;
};

/// An initiative (Microsoft.Authorization/policySetDefinitions).
struct PolicySetDefinition {
  struct Member {
    std::string definitionId;   ///< `policyDefinitionId` as written
    std::string definitionName; ///< its last segment
    std::string referenceId;    ///< `policyDefinitionReferenceId`
    /// `parameters`: name -> { "value": ... }, expressions lowered (they
    /// refer to the initiative's parameters).
    ir::Value parameters;
    SourceRange range; ///< the `policyDefinitionId` value
    /// The definition, once resolved (built-in or loaded from a file).
    std::shared_ptr<const PolicyDefinition> definition;
  };

  std::string name;
  std::string displayName;
  std::string description;
  std::vector<ParameterDecl> parameters;
  std::vector<Member> members;
  SourceRange range;

  const ParameterDecl *findParameter(llvm::StringRef name) const;
};

/// The content of one policy file: a definition or an initiative.
struct PolicyDocument {
  std::shared_ptr<const PolicyDefinition> definition;
  std::shared_ptr<const PolicySetDefinition> set;
};

/// Reads a parsed policy file. \p fallbackName names a definition without
/// a `name` (the file name without extension). Reports every problem to
/// \p diags (rule id `config`, at the key) and returns nullopt if there was
/// any.
std::optional<PolicyDocument> parsePolicyDocument(const ir::Value &root,
                                                  llvm::StringRef fallbackName,
                                                  DiagnosticEngine &diags);

/// Reads a policy file through \p read (which returns the parsed JSON, or
/// nullopt after reporting; with `optional` set a missing file is nullopt
/// without a report). For an initiative, resolves each member that is not
/// built in from `<name>.json` next to the file; members it cannot resolve
/// are left for the caller (another loaded definition of that name).
std::optional<PolicyDocument>
loadPolicyFile(llvm::StringRef path,
               llvm::function_ref<std::optional<ir::Value>(llvm::StringRef path,
                                                           bool optional)>
                   read,
               DiagnosticEngine &diags);

/// A built-in definition by the name of its file in policies/builtin
/// ("require-tag", "require-tag-and-value", "allowed-locations"); null if
/// there is none.
std::shared_ptr<const PolicyDefinition>
getBuiltinDefinition(llvm::StringRef file);
/// A built-in definition by its Azure name (a GUID) or display name, for
/// initiatives that reference it; null if armor does not ship it.
std::shared_ptr<const PolicyDefinition>
findBuiltinDefinition(llvm::StringRef nameOrDisplayName);

/// The frontend services the policy library uses: reading JSON with source
/// ranges and reading the `"[...]"` strings of a policy as expressions.
/// Passes do not depend on frontends, so the driver (or a test) provides
/// them once, before policies are loaded or rules created.
struct PolicyFrontend {
  std::function<std::optional<ir::Value>(const SourceManager &, FileId,
                                         DiagnosticEngine &)>
      readJson;
  std::function<bool(ir::Value &, DiagnosticEngine &)> lowerStrings;
};
void setPolicyFrontend(PolicyFrontend frontend);

/// Turns every `"[...]"` string in \p value into an expression value and
/// unescapes `"[[..."`; reports syntax errors. Returns false if any.
bool lowerPolicyStrings(ir::Value &value, DiagnosticEngine &diags);
/// Reads \p file as JSON through the frontend set by setPolicyFrontend.
std::optional<ir::Value> readPolicyJson(const SourceManager &sources,
                                        FileId file, DiagnosticEngine &diags);

} // namespace armor::policy

#endif // ARMOR_PASSES_POLICY_POLICYDEFINITION_H
