//===- EvaluatePass.h - Partial evaluation of templates ---------*- C++ -*-===//
///
/// \file
/// The transform that makes the IR's values true: it folds every expression
/// whose inputs are known (parameters from parameter files or defaults,
/// variables, context values from the config) and leaves the rest as
/// Unknown values with their provenance, or Enumerated values where a
/// finite set of constants is possible. Never invents placeholder values.
///
/// After the pass, in every module (nested ones included):
/// - resource names, locations, tags, properties, scopes, dependsOn and the
///   rest of the declaration (`body`) hold evaluated values; no Expression
///   values remain;
/// - a resource whose `condition` is known false is removed (it is not
///   deployed); a known true condition is reset to null; an unknown one is
///   kept, evaluated;
/// - a resource copy loop of known count is expanded into that many
///   resources, each keeping `copy` (with the evaluated count) to say which
///   loop it belongs to; a loop of unknown count stays one symbolic
///   instance whose copyIndex() is Unknown; a count of 0 removes it;
///   `parent` indices are renumbered accordingly;
/// - property and variable copy loops are expanded, output copy loops
///   become arrays;
/// - parameter default values are evaluated in place;
/// - nested deployments are evaluated in their own scope (`inner`) or in
///   the declaring module's (`outer`, ARM's default).
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_EVALUATEPASS_H
#define ARMOR_PASSES_EVALUATEPASS_H

#include "ir/Diagnostic.h"
#include "ir/Module.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace armor {

/// Deployment context values; what is absent evaluates to Unknown.
struct EvaluationContext {
  /// resourceGroup().location
  std::optional<std::string> resourceGroupLocation;
  /// resourceGroup().name
  std::optional<std::string> resourceGroupName;
  /// subscription().subscriptionId
  std::optional<std::string> subscriptionId;
  /// subscription().tenantId and tenant().tenantId
  std::optional<std::string> tenantId;
  /// managementGroup().name
  std::optional<std::string> managementGroupName;
  /// deployment().name
  std::optional<std::string> deploymentName;
  /// deployment().location (subscription and higher scopes)
  std::optional<std::string> deploymentLocation;
  /// environment() is known only for "AzureCloud".
  std::optional<std::string> environmentName;
  /// Loads the template a nested deployment links to through
  /// `templateLink.relativePath`, relative to the file \p from; returns null
  /// (after reporting) if it cannot. When unset, linked templates stay
  /// unevaluated.
  std::function<std::unique_ptr<ir::Module>(
      llvm::StringRef relativePath, FileId from, DiagnosticEngine &diags)>
      loadLinkedTemplate;
};

class EvaluatePass {
public:
  /// The stack evaluation needs: its recursion is bounded by the
  /// evaluator's depth limit, and this leaves room for that depth even in
  /// unoptimized builds. run() evaluates on the calling thread when that
  /// thread has this much stack left (drivers that run many files create
  /// their workers with it), else on a thread of its own.
  static constexpr unsigned RequiredStackSize = 64u << 20;
  /// The stack to create a thread with that runs evaluation among other
  /// work: what evaluation needs, and room for the frames that call it.
  static constexpr unsigned WorkerStackSize = RequiredStackSize + (8u << 20);

  explicit EvaluatePass(EvaluationContext context)
      : context(std::move(context)) {}

  /// Evaluates \p module and its nested modules in place. Problems in the
  /// template (a cycle among variables, a call with wrong arguments, a copy
  /// count above Azure's limit) are reported as `semantic-error`s at the
  /// offending expression.
  void run(ir::Module &module, DiagnosticEngine &diags) const;

private:
  EvaluationContext context;
};

} // namespace armor

#endif // ARMOR_PASSES_EVALUATEPASS_H
