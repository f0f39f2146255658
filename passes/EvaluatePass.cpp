//===- EvaluatePass.cpp - Partial evaluation of the template language -----===//

#include "passes/EvaluatePass.h"

#include "passes/eval/Evaluator.h"

using namespace armor;

void EvaluatePass::run(ir::Module &module, DiagnosticEngine &diags) const {
  eval::Evaluator evaluator(diags);
  eval::ModuleScope scope(module, context, /*outer=*/nullptr,
                          /*outerExpressions=*/false, /*depth=*/0);
  evaluator.evaluateModule(scope);
}
