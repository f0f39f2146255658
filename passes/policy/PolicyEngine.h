//===- PolicyEngine.h - The Azure Policy rule language over the IR -*- C++
//-*-===//
///
/// \file
/// Runs Azure Policy definitions against the resources of an ir::Module.
///
/// A definition is first *compiled* with its parameter values (what Azure
/// calls an assignment): the condition tree is checked, `field` names and
/// aliases are parsed (an unknown alias is an error naming it), and every
/// expression that depends only on parameters is folded, so
/// `[concat('tags[', parameters('tagName'), ']')]` becomes the field
/// `tags[owner]` and `[parameters('effect')]` the effect.
///
/// It is then *evaluated* per resource, three-valued: a condition on a
/// value that is not known is Unknown, and `allOf`/`anyOf`/`not` combine as
/// Kleene logic. Enumerated values (a parameter's allowedValues, both arms
/// of an `if()`) are explored: the rule is evaluated once per combination
/// of the alternatives it reads, and every combination for which the `if`
/// holds is a violation that names the alternatives it assumed. A
/// violation carries the conditions that made the `if` hold, with the
/// values found, and the exact range to report at.
///
/// Template functions inside policy expressions: `parameters`, `field`,
/// `current`, `if`, `and`, `or` and the context functions
/// (`resourceGroup`, `subscription`, `requestContext`, `policy`) are
/// implemented here; every other pure function (`concat`, `toLower`,
/// `split`, `contains`, `equals`, `length`, ...) is the evaluator's own
/// (passes/eval), applied to arguments evaluated in the policy's context.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_POLICY_POLICYENGINE_H
#define ARMOR_PASSES_POLICY_POLICYENGINE_H

#include "ir/Module.h"
#include "passes/policy/PolicyDefinition.h"
#include "passes/policy/PolicyField.h"
#include "passes/policy/PolicyOperators.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace armor::policy {

/// Parameter values of a definition, by lower-case name; all known.
using ParameterValues = std::map<std::string, ir::Value>;

struct Condition;

/// The operand of a `count` condition.
struct CountSpec {
  /// Field count: the array alias (ending in `[*]`) whose members count.
  std::optional<FieldRef> field;
  /// Value count: the array (may hold expressions).
  ir::Value value;
  std::string name; ///< value count: the name `current()` takes
  /// Null: every member counts.
  std::shared_ptr<const Condition> where;
};

/// A `field` operand: parsed when its name is static, else computed from
/// `expr` during evaluation (it uses `current()` or `field()`).
struct FieldSpec {
  std::optional<FieldRef> ref;
  ir::ExprPtr expr;
  std::string text;
};

/// A compiled condition of a policy rule.
struct Condition {
  enum class Kind : uint8_t { AllOf, AnyOf, Not, Field, Value, Count };
  Kind kind = Kind::AllOf;
  std::vector<Condition> children;        ///< AllOf, AnyOf; Not has one
  FieldSpec field;                        ///< Field
  ir::Value value;                        ///< Value: the operand
  std::shared_ptr<const CountSpec> count; ///< Count
  Operator op = Operator::Equals;
  /// The condition's value: a constant, or expressions left for
  /// evaluation where they use `field()` or `current()`.
  ir::Value operand;
  /// The parameters expressions left for evaluation read.
  std::shared_ptr<const ParameterValues> parameters;
  SourceRange range; ///< the condition object in the definition

  bool isLeaf() const {
    return kind == Kind::Field || kind == Kind::Value || kind == Kind::Count;
  }
  /// "field 'location' notIn ["westeurope"]", "not (...)", "(a and b)".
  std::string describe() const;
};

/// The `details` of auditIfNotExists and deployIfNotExists.
struct ExistenceCheck {
  std::string type; ///< the related resources' type
  std::string name; ///< empty: any name
  /// Null: any related resource of the type satisfies it.
  std::shared_ptr<const Condition> existenceCondition;
};

/// A definition with its parameter values, ready to evaluate.
class CompiledPolicy {
public:
  /// Binds \p parameterValues (an object: name -> value, or name ->
  /// {"value": v} as in an assignment) to the definition's parameters and
  /// compiles its rule. Problems (a missing or ill-typed parameter, an
  /// unknown alias, operator or effect, a malformed condition) are
  /// reported as `config` errors at the key, in the definition or at
  /// \p assignment; returns null if there was any.
  static std::shared_ptr<const CompiledPolicy>
  compile(std::shared_ptr<const PolicyDefinition> definition,
          const ir::Value &parameterValues, SourceRange assignment,
          DiagnosticEngine &diags);

  const PolicyDefinition &getDefinition() const { return *definition; }
  Effect getEffect() const { return effect; }
  const Condition &getCondition() const { return condition; }
  const ParameterValues &getParameters() const { return *parameters; }
  /// Set for auditIfNotExists and deployIfNotExists.
  const std::optional<ExistenceCheck> &getExistenceCheck() const {
    return existence;
  }
  /// False for `existing` references (not deployed), for resources outside
  /// mode Indexed when the mode is Indexed, and for data-plane modes.
  bool appliesTo(const ir::Resource &resource) const;

private:
  std::shared_ptr<const PolicyDefinition> definition;
  std::shared_ptr<const ParameterValues> parameters;
  Condition condition;
  Effect effect = Effect::Deny;
  std::optional<ExistenceCheck> existence;
};

/// Binds the parameter values given for an initiative or a definition:
/// \p given maps names to values (or to {"value": v}); declared parameters
/// without a value take their default. Reports unknown names, missing
/// values, wrong types and values outside allowedValues; null on error.
std::shared_ptr<const ParameterValues>
bindParameters(llvm::ArrayRef<ParameterDecl> declared, const ir::Value &given,
               llvm::StringRef owner, SourceRange at, DiagnosticEngine &diags);

/// Evaluates the parameter mapping of an initiative member (name ->
/// {"value": expression over the initiative's parameters}) to constants.
/// Reports expressions that are not constant; nullopt on error.
std::optional<ir::Value>
resolveMemberParameters(const ir::Value &mapping,
                        const ParameterValues &setParameters,
                        llvm::StringRef owner, DiagnosticEngine &diags);

//===----------------------------------------------------------------------===//
// Evaluation
//===----------------------------------------------------------------------===//

/// What the policy language needs from the deployment context.
struct EvaluationOptions {
  std::optional<std::string> resourceGroupLocation;
};

/// An alternative of an enumerated value that a violation assumes.
struct Assumption {
  /// What the value is: the expression it comes from
  /// ("parameters('location')") or the field read.
  std::string subject;
  ir::Value value;        ///< the alternative
  std::string provenance; ///< why it is one of several values
  /// The alternative's own range (in a parameter's allowedValues) if it
  /// has one, else the enumerated value's.
  SourceRange range;
  /// The template parameter the alternatives come from, if any.
  std::string parameter;
};

/// A leaf condition of the rule and what it found on the resource.
struct Reason {
  std::string condition; ///< Condition::describe()
  bool holds = true;     ///< false: the leaf is false (under a `not`)
  /// The value found, as JSON; "" if the field does not exist.
  std::string found;
  bool absent = false;
  SourceRange range;        ///< the value, or where it would be
  bool isTypeGuard = false; ///< a condition on `type` alone
  std::vector<Assumption> assumptions;

  /// "not (field 'tags[env]' equals "prod"), found "dev"".
  std::string str() const;
};

/// One way the resource makes the policy's `if` hold.
struct Violation {
  std::vector<Reason> reasons;
  /// The enumerated alternatives the reasons assume (deduplicated).
  std::vector<Assumption> assumptions;
  SourceRange range; ///< where to report: the first reason's range

  /// The reasons joined (conditions on `type` left out when others
  /// exist), then the assumptions.
  std::string explain() const;
};

/// Why the verdict on a resource is not known.
struct UnknownVerdict {
  std::string subject; ///< "field 'tags[owner]'"
  std::string why;     ///< the provenance of the value
  SourceRange range;
};

struct Verdict {
  std::vector<Violation> violations;
  /// Set when some combination of values leaves the `if` unknown.
  std::optional<UnknownVerdict> unknown;
};

/// Evaluates \p policy on \p resource (a resource of \p module). The caller
/// checks appliesTo() first. For the *IfNotExists effects, a resource that
/// satisfies the `if` violates only if no related resource of the
/// deployment satisfies the existence condition.
Verdict evaluate(const CompiledPolicy &policy, const ir::Resource &resource,
                 const ir::Module &module, const EvaluationOptions &options);

/// Evaluates one condition on \p resource (for rules that combine the
/// conditions of several assignments).
Verdict evaluateCondition(const Condition &condition,
                          const ir::Resource &resource,
                          const ir::Module &module,
                          const EvaluationOptions &options);

/// Resources that Azure Policy evaluates in mode Indexed: those that
/// support tags and location. Not child resources without a location
/// (subnets, security rules), not extension resources (diagnostic settings,
/// locks, role assignments), not deployments.
bool isIndexedResource(const ir::Resource &resource);

} // namespace armor::policy

#endif // ARMOR_PASSES_POLICY_POLICYENGINE_H
