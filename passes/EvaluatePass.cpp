//===- EvaluatePass.cpp - Partial evaluation of the template language -----===//

#include "passes/EvaluatePass.h"

#include "passes/eval/Evaluator.h"

#include "llvm/Support/thread.h"

#if defined(__GLIBC__)
#include <pthread.h>
#endif

using namespace armor;

/// True if the calling thread has at least \p bytes of stack below this
/// frame. Where that cannot be found out, false.
static bool hasStackHeadroom(size_t bytes) {
#if defined(__GLIBC__)
  // The stack's lowest address, looked up once per thread: for the main
  // thread glibc reads /proc/self/maps to answer.
  thread_local uintptr_t stackLow = [] {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
      return uintptr_t(0);
    void *base = nullptr;
    size_t size = 0;
    int failed = pthread_attr_getstack(&attr, &base, &size);
    pthread_attr_destroy(&attr);
    return failed ? uintptr_t(0) : reinterpret_cast<uintptr_t>(base);
  }();
  char here;
  uintptr_t current = reinterpret_cast<uintptr_t>(&here);
  return stackLow != 0 && current > stackLow && current - stackLow >= bytes;
#else
  (void)bytes;
  return false;
#endif
}

void EvaluatePass::run(ir::Module &module, DiagnosticEngine &diags) const {
  auto evaluate = [&] {
    eval::Evaluator evaluator(diags);
    eval::ModuleScope scope(module, context, /*outer=*/nullptr,
                            /*outerExpressions=*/false, /*depth=*/0);
    evaluator.evaluateModule(scope);
  };
#if LLVM_ENABLE_THREADS
  if (!hasStackHeadroom(RequiredStackSize)) {
    llvm::thread worker(std::optional<unsigned>(RequiredStackSize), evaluate);
    worker.join();
    return;
  }
#endif
  evaluate();
}
