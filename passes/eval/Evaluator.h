//===- Evaluator.h - Partial evaluator of the template language -*- C++ -*-===//
///
/// \file
/// The machinery behind EvaluatePass: evaluates ir::Expr trees and value
/// trees to three-valued ir::Values in the scope of one module (parameters,
/// variables, user-defined functions, copy loops, lambda variables), and
/// evaluates whole modules in place (resources with their copy loops and
/// conditions, nested deployments, outputs).
///
/// Results are never invented: a value the template cannot know before
/// deployment is an Unknown whose expression is the original one with every
/// known argument folded into a literal, and whose provenance says why. A
/// finite set of possible constants is an Enumerated value. Functions map
/// over enumerated arguments while the number of combinations stays small.
///
/// Everything hostile input could blow up is bounded: recursion depth,
/// value size, the total work per input (fuel), copy counts and the
/// alternatives of enumerated values. Exceeding a bound is reported once as
/// a `semantic-error` and yields Unknown values.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_EVAL_EVALUATOR_H
#define ARMOR_PASSES_EVAL_EVALUATOR_H

#include "ir/Diagnostic.h"
#include "ir/Module.h"
#include "passes/EvaluatePass.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/Twine.h"

#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace armor::eval {

/// The bounds of one evaluation (one input file and its nested modules).
struct Limits {
  /// Nested evaluations (expressions, variables, functions, lambdas).
  static constexpr unsigned MaxDepth = 400;
  /// Combinations of enumerated arguments a function is mapped over.
  static constexpr size_t MaxAlternatives = 64;
  /// Azure's limit on the iterations of one copy loop.
  static constexpr int64_t MaxCopyCount = 800;
  /// Nested deployments inside each other.
  static constexpr unsigned MaxModuleDepth = 32;
  /// The size of one value (see getValueSize): about 1M nodes or 16 MiB of
  /// text.
  static constexpr size_t MaxValueSize = 1u << 20;
  /// The total work of one evaluation, in the same units.
  static constexpr uint64_t Fuel = 60'000'000;
};

class Evaluator;

/// One evaluated call of a built-in function, as the function sees it.
class CallContext {
public:
  CallContext(Evaluator &evaluator, const ir::Expr &call,
              std::vector<ir::Value> args)
      : evaluator(evaluator), call(call), args(std::move(args)) {}

  Evaluator &evaluator;
  const ir::Expr &call;
  std::vector<ir::Value> args;

  llvm::StringRef name() const { return call.text(); }
  size_t size() const { return args.size(); }
  const ir::Value &operator[](size_t i) const { return args[i]; }

  /// Reports that the call fails at deployment (a `semantic-error` at the
  /// call, unless the evaluator is exploring a branch that may not be
  /// taken) and returns an Unknown.
  ir::Value fail(const llvm::Twine &message);
  /// Reports a wrong argument type.
  ir::Value failType(size_t index, llvm::StringRef expected);
  /// The call folded into an Unknown: known arguments become literals. The
  /// provenance is \p why, or that of the first argument that is not known.
  ir::Value unknown(std::string why = {});
};

/// A built-in function applied to evaluated arguments.
using EagerFn = ir::Value (*)(CallContext &);
/// A built-in function that evaluates its own arguments (if, lambdas, ...).
using LazyFn = ir::Value (*)(Evaluator &, const ir::Expr &call);

/// What a built-in accepts before it is called.
enum class ArgPolicy : uint8_t {
  /// Every argument fully known; enumerated arguments are mapped over.
  Strict,
  /// Every argument known at the top level (members of arrays and objects
  /// may be unknown); enumerated arguments are mapped over.
  Shallow,
  /// Anything: the function handles Unknown and Enumerated itself.
  Raw,
};

struct Builtin {
  const char *name;
  uint8_t minArgs;
  uint8_t maxArgs; ///< VarArgs: no limit
  ArgPolicy policy;
  EagerFn eager;
  LazyFn lazy;

  static constexpr uint8_t VarArgs = 255;
};

/// Finds a built-in by name, case-insensitively; null if there is none.
const Builtin *lookupBuiltin(llvm::StringRef name);

/// The tables of the function library, one per category.
llvm::ArrayRef<Builtin> getStringBuiltins();
llvm::ArrayRef<Builtin> getArrayBuiltins();
llvm::ArrayRef<Builtin> getLogicalBuiltins();
llvm::ArrayRef<Builtin> getNumericBuiltins();
llvm::ArrayRef<Builtin> getDateBuiltins();
llvm::ArrayRef<Builtin> getCidrBuiltins();
llvm::ArrayRef<Builtin> getDeploymentBuiltins();
llvm::ArrayRef<Builtin> getLambdaBuiltins();

/// An active copy loop.
struct CopyFrame {
  enum Kind : uint8_t { Resource, Property, Variable, Output };
  std::string name;
  ir::Value index; ///< an integer, or Unknown for a loop of unknown count
  Kind kind;
};

/// What one module evaluates in: its declarations, the context values and
/// the memoized parameters and variables.
class ModuleScope {
public:
  ModuleScope(ir::Module &module, EvaluationContext context, ModuleScope *outer,
              bool outerExpressions, unsigned depth);

  ir::Module &module;
  EvaluationContext context;
  /// The module that declares this one as a nested deployment.
  ModuleScope *outer;
  /// True for a nested template with `expressionEvaluationOptions.scope`
  /// outer (the default): parameters and variables are the outer module's.
  bool outerExpressions;
  unsigned depth;

  struct Cached {
    bool inProgress = false;
    bool done = false;
    bool fromDefault = false; ///< parameters: the evaluated defaultValue
    bool assumed = false;     ///< depends on assumed parameter values
    ir::Value value;
  };
  /// A variable by lowercase name: plain or one loop of `variables.copy`.
  struct VariableDecl {
    std::string name;
    SourceRange range;
    const ir::Value *value = nullptr; ///< plain
    const ir::Value *loop = nullptr;  ///< the copy entry {name,count,input}
    size_t index = 0;                 ///< declaration order
  };
  llvm::StringMap<Cached> parameters;
  llvm::StringMap<Cached> variables;
  llvm::StringMap<VariableDecl> variableDecls;
  /// Variables being evaluated, outermost first (for cycle messages).
  std::vector<std::string> variableStack;
  /// Copy frames the module's expressions start from: those of the
  /// deployment loop for a nested template in outer scope.
  std::vector<CopyFrame> baseFrames;
  /// Parameters (lowercase) whose supplied values a declaring module
  /// computed from assumed parameter values of its own.
  std::set<std::string> assumedParameters;
  /// Evaluated nested deployments of this module by lowercase name and by
  /// symbolic name (null when a name is ambiguous), for reference().
  llvm::StringMap<const ir::Module *> deploymentsByName;
  llvm::StringMap<const ir::Module *> deploymentsBySymbol;
};

class Evaluator {
public:
  Evaluator(DiagnosticEngine &diags) : diags(diags) {}

  /// Evaluates \p module and its nested modules in place.
  void evaluateModule(ModuleScope &scope);

  /// Evaluates \p expr in \p scope from outside any evaluation (for
  /// tests and for clients that evaluate expressions of their own).
  ir::Value evaluateIn(ModuleScope &scope, const ir::ExprPtr &expr);

  /// Evaluates an expression in the current scope.
  ir::Value eval(const ir::ExprPtr &expr);
  /// Evaluates a value tree: expressions inside are replaced by their
  /// values, property copy loops are expanded. \p range is given to the
  /// result when it has none.
  ir::Value evalValue(const ir::Value &value);
  /// Evaluates \p value where it is: constant parts are left untouched
  /// rather than copied, which is what makes evaluating large resources
  /// cheap. The result is what evalValue() would return.
  void evalInPlace(ir::Value &value);

  //===--------------------------------------------------------------------===//
  // For the function library
  //===--------------------------------------------------------------------===//

  ModuleScope &getScope() const { return *scope; }
  /// The scope parameters and variables resolve in.
  ModuleScope &getExpressionScope() const;

  ir::Value getParameter(const ir::Expr &call, llvm::StringRef name);
  /// The memoized value of `variables('x')` or `parameters('x')` (literal
  /// name), evaluated first if needed; null for any other expression.
  const ir::Value *lookupReference(const ir::Expr &operand);
  ir::Value getVariable(const ir::Expr &call, llvm::StringRef name);
  ir::Value getCopyIndex(const ir::Expr &call, llvm::StringRef loop, bool named,
                         int64_t offset);
  ir::Value getLambdaVariable(const ir::Expr &call, llvm::StringRef name);
  /// Calls a lambda (`lambda('x', body)`) with \p args bound to its
  /// variables; returns the body's value.
  ir::Value callLambda(const ir::Expr &lambda, llvm::ArrayRef<ir::Value> args);
  /// Checks that \p expr is `lambda(...)` with between \p minParams and
  /// \p maxParams variables; reports otherwise.
  bool checkLambda(const ir::Expr &call, const ir::Expr &expr,
                   unsigned minParams, unsigned maxParams);

  /// Applies a built-in to evaluated arguments (maps over enumerated ones).
  ir::Value applyBuiltin(const Builtin &builtin, const ir::Expr &call,
                         std::vector<ir::Value> args);
  /// Reports an error in the input at \p range. Errors found while
  /// exploring a branch that may not be taken are dropped, and so are
  /// errors whose inputs depend on assumed parameter values (defaults,
  /// allowedValues, nullable): a deployment may supply other values.
  void reportError(SourceRange range, const llvm::Twine &message);
  /// Reports an error that holds on every path (a cycle, an unknown
  /// function), even while exploring.
  void reportStaticError(SourceRange range, const llvm::Twine &message);
  /// Runs \p fn while exploring a branch that may not be taken.
  template <typename Fn> ir::Value speculate(Fn fn) {
    ++speculative;
    ir::Value v = fn();
    --speculative;
    return v;
  }
  bool isSpeculative() const { return speculative != 0; }
  /// Whether what was evaluated since the enclosing call began depends on
  /// assumed parameter values; see reportError().
  bool dependsOnAssumptions() const { return assumed; }

  /// Folds a call into an Unknown with the given arguments.
  ir::Value foldCall(const ir::Expr &call, llvm::ArrayRef<ir::Value> args,
                     std::string provenance);
  /// An expression for an argument: a literal if known, else folded.
  ir::ExprPtr argumentExpr(const ir::Expr *original, const ir::Value &value);
  /// Charges \p amount of work; false once the budget is exhausted.
  bool consume(uint64_t amount);
  /// Checks the size of a freshly computed value; reports and returns an
  /// Unknown in its place if it is too large.
  ir::Value checkSize(ir::Value value, const ir::Expr &at);

  /// The first reason a value is not known, for provenance strings.
  static std::string getProvenance(const ir::Value &value);

  /// Combines possible values (the arms of `if()` on an unknown condition)
  /// into one: the value if all are equal, else an Enumerated value from
  /// \p origin. Nullopt if one is not fully known or there are too many.
  std::optional<ir::Value> combineAlternatives(std::vector<ir::Value> values,
                                               std::string provenance,
                                               ir::ExprPtr origin);

private:
  ir::Value evalCall(const ir::ExprPtr &call);
  ir::Value applyMember(const ir::Value &base, const ir::ExprPtr &expr);
  ir::Value applyIndex(const ir::Value &base, const ir::Value &index,
                       const ir::ExprPtr &expr);
  ir::Value callUserFunction(const ir::ExprPtr &call);
  ir::Value evalObject(const ir::Value &value);
  /// Evaluates a property, variable or output copy loop into an array.
  ir::Value expandLoop(llvm::StringRef name, const ir::Value *count,
                       const ir::Value *input, CopyFrame::Kind kind,
                       SourceRange range);
  ir::Value evalVariableDecl(ModuleScope &where,
                             const ModuleScope::VariableDecl &decl);
  bool enter(SourceRange range);
  void leave() { --depth; }

  // Module evaluation (ModuleEvaluation.cpp).
  void evaluateParameters(ModuleScope &scope);
  void evaluateResources(ModuleScope &scope);
  void evaluateOutputs(ModuleScope &scope);
  bool evaluateResource(ModuleScope &scope, ir::Resource &resource);
  void evaluateNested(ModuleScope &scope, ir::Resource &resource,
                      const std::set<std::string> &assumedParameters);

  DiagnosticEngine &diags;
  ModuleScope *scope = nullptr;
  std::vector<CopyFrame> copyFrames;
  struct LambdaFrame {
    std::string name;
    ir::Value value;
    bool assumed; ///< the value depends on assumed parameter values
  };
  std::vector<LambdaFrame> lambdaFrames;
  /// The arguments of the user-defined function being evaluated depend on
  /// assumed parameter values.
  bool functionArgsAssumed = false;
  /// See dependsOnAssumptions().
  bool assumed = false;
  /// Arguments of the user-defined function being evaluated, if any.
  const std::vector<std::pair<std::string, ir::Value>> *functionArgs = nullptr;
  std::vector<std::string> activeFunctions;
  unsigned depth = 0;
  unsigned speculative = 0;
  /// Where errors in expressions without an exact range are reported.
  SourceRange fallbackRange;
  uint64_t fuelUsed = 0;
  bool fuelExhausted = false;
  bool depthExceeded = false;
  std::set<std::tuple<FileId, uint32_t, std::string>> reported;

  friend class FrameSaver;
};

/// Saves and clears the per-expression state (copy frames, lambda
/// variables, function arguments) for evaluating something that lives at
/// module level, such as a variable; restores it when destroyed.
class FrameSaver {
public:
  explicit FrameSaver(Evaluator &ev, ModuleScope *newScope = nullptr,
                      bool keepCopyFrames = false);
  ~FrameSaver();

private:
  Evaluator &ev;
  ModuleScope *savedScope;
  std::vector<CopyFrame> savedCopy;
  std::vector<Evaluator::LambdaFrame> savedLambda;
  const std::vector<std::pair<std::string, ir::Value>> *savedArgs;
  bool savedArgsAssumed;
};

} // namespace armor::eval

#endif // ARMOR_PASSES_EVAL_EVALUATOR_H
