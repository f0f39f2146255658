//===- EvaluatePass.cpp - Partial evaluation of the template language -----===//

#include "passes/EvaluatePass.h"

using namespace armor;

void EvaluatePass::run(ir::Module &module, DiagnosticEngine &diags) const {
  // The evaluator proper arrives with the template-language issue; until
  // then values stay as lowered.
  (void)module;
  (void)diags;
}
