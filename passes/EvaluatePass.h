//===- EvaluatePass.h - Partial evaluation of the template language -*- C++ -*-===//
///
/// \file
/// The transform that makes the IR's values true: it folds every expression
/// whose inputs are known (parameters from parameter files or defaults,
/// variables, context values from the config) and leaves the rest as
/// Unknown values with their provenance, or Enumerated values where a
/// finite set of constants is possible. Never invents placeholder values.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_EVALUATEPASS_H
#define ARMOR_PASSES_EVALUATEPASS_H

#include "ir/Diagnostic.h"
#include "ir/Module.h"

#include <optional>
#include <string>

namespace armor {

/// Deployment context values; what is absent evaluates to Unknown.
struct EvaluationContext {
  std::optional<std::string> resourceGroupLocation;
};

class EvaluatePass {
public:
  explicit EvaluatePass(EvaluationContext context)
      : context(std::move(context)) {}

  /// Evaluates \p module and its nested modules in place. Problems in the
  /// template (a cycle among variables, a call with wrong arguments) are
  /// reported as `semantic-error`s at the offending expression.
  void run(ir::Module &module, DiagnosticEngine &diags) const;

private:
  EvaluationContext context;
};

} // namespace armor

#endif // ARMOR_PASSES_EVALUATEPASS_H
