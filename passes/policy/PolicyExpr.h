//===- PolicyExpr.h - Template functions inside policy rules ----*- C++ -*-===//
///
/// \file
/// Evaluates the `"[...]"` expressions of a policy rule: `parameters()` reads
/// the assignment's values, `field()` and `current()` the resource being
/// evaluated (through FieldAccess), and pure functions come from the
/// evaluator's function library. Used while compiling (no resource: an
/// expression that needs one is marked dynamic and kept) and while
/// evaluating.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_POLICY_POLICYEXPR_H
#define ARMOR_PASSES_POLICY_POLICYEXPR_H

#include "passes/policy/PolicyEngine.h"

#include <memory>
#include <optional>
#include <string>

namespace armor::eval {
class Evaluator;
} // namespace armor::eval

namespace armor::policy {

/// What `field()` and `current()` read during evaluation.
class FieldAccess {
public:
  virtual ~FieldAccess();
  /// `field(name)`: the value, an array of values for a `[*]` alias, null
  /// if the field does not exist, Unknown if it is not known.
  virtual ir::Value getField(llvm::StringRef name, const ir::ExprPtr &call) = 0;
  /// `current(name)` / `current()` inside a `count`.
  virtual ir::Value getCurrent(std::optional<std::string> name,
                               const ir::ExprPtr &call) = 0;
};

/// Evaluates policy expressions in one context.
class PolicyExprEvaluator {
public:
  PolicyExprEvaluator(const ParameterValues *parameters, FieldAccess *fields,
                      const EvaluationOptions *options);
  ~PolicyExprEvaluator();

  /// Evaluates \p expr. Values that cannot be computed are Unknown.
  ir::Value eval(const ir::ExprPtr &expr);
  /// Evaluates every expression inside \p value; returns the result.
  ir::Value evalValue(const ir::Value &value);

  /// Without a FieldAccess: true once an expression needed the resource.
  bool isDynamic() const { return dynamic; }
  void resetDynamic() { dynamic = false; }
  /// The first problem found that makes the expression invalid in any
  /// context (an unknown function, an undeclared parameter, a wrong number
  /// of arguments), with where it is.
  const std::string &getError() const { return error; }
  SourceRange getErrorRange() const { return errorRange; }
  void clearError() { error.clear(); }

private:
  ir::Value evalCall(const ir::ExprPtr &call);
  ir::Value fail(const ir::ExprPtr &at, std::string message);
  ir::Value needsResource(const ir::ExprPtr &call);

  const ParameterValues *parameters;
  FieldAccess *fields;
  const EvaluationOptions *options;
  bool dynamic = false;
  std::string error;
  SourceRange errorRange;
  std::unique_ptr<DiagnosticEngine> scratch;
  std::unique_ptr<eval::Evaluator> library;
  unsigned depth = 0;
};

/// True if \p value holds an expression anywhere.
bool hasExpressions(const ir::Value &value);

} // namespace armor::policy

#endif // ARMOR_PASSES_POLICY_POLICYEXPR_H
