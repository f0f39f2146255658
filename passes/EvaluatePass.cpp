//===- EvaluatePass.cpp - Partial evaluation of the template language -----===//

#include "passes/EvaluatePass.h"

#include "passes/eval/Evaluator.h"

#include "llvm/Support/thread.h"

using namespace armor;

/// The stack the evaluator runs on. Its recursion is bounded by
/// eval::Limits::MaxDepth; this leaves room for that depth even in
/// unoptimized builds, whatever stack the calling thread has.
static constexpr unsigned EvaluationStackSize = 64u << 20;

void EvaluatePass::run(ir::Module &module, DiagnosticEngine &diags) const {
  auto evaluate = [&] {
    eval::Evaluator evaluator(diags);
    eval::ModuleScope scope(module, context, /*outer=*/nullptr,
                            /*outerExpressions=*/false, /*depth=*/0);
    evaluator.evaluateModule(scope);
  };
#if LLVM_ENABLE_THREADS
  llvm::thread worker(std::optional<unsigned>(EvaluationStackSize), evaluate);
  worker.join();
#else
  evaluate();
#endif
}
