//===- Evaluator.cpp - Partial evaluator of the ARM template language -----===//
///
/// \file
/// Expressions, value trees, parameters, variables, copy indexes, lambdas
/// and user-defined functions. Module-level evaluation (resources, outputs,
/// nested deployments) lives in ModuleEvaluation.cpp.
///
//===----------------------------------------------------------------------===//

#include "passes/eval/Evaluator.h"

#include "passes/eval/ValueUtil.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>

using namespace armor;
using namespace armor::eval;
using ir::Expr;
using ir::ExprPtr;
using ir::Member;
using ir::Value;

//===----------------------------------------------------------------------===//
// CallContext
//===----------------------------------------------------------------------===//

Value CallContext::fail(const llvm::Twine &message) {
  std::string text =
      (llvm::Twine("function '") + call.text() + "' fails: " + message).str();
  evaluator.reportError(call.getRange(), text);
  return evaluator.foldCall(call, args, text);
}

Value CallContext::failType(size_t index, llvm::StringRef expected) {
  return fail(llvm::Twine("argument ") + llvm::Twine(index + 1) + " must be " +
              expected + ", not " +
              (index < args.size() ? getTypeName(args[index]) : "missing"));
}

Value CallContext::unknown(std::string why) {
  if (why.empty())
    for (const Value &arg : args)
      if (!arg.isFullyKnown()) {
        why = Evaluator::getProvenance(arg);
        break;
      }
  return evaluator.foldCall(call, args, std::move(why));
}

//===----------------------------------------------------------------------===//
// ModuleScope and FrameSaver
//===----------------------------------------------------------------------===//

ModuleScope::ModuleScope(ir::Module &module, EvaluationContext context,
                         ModuleScope *outer, bool outerExpressions,
                         unsigned depth)
    : module(module), context(std::move(context)), outer(outer),
      outerExpressions(outerExpressions), depth(depth) {
  for (const ir::Variable &var : module.variables) {
    if (llvm::StringRef(var.name).equals_insensitive("copy") &&
        var.value.isArray()) {
      // `variables.copy`: each entry declares one array variable.
      for (const Value &loop : var.value.elements()) {
        const Value *name = loop.get("name");
        if (!name || !name->isString())
          continue;
        VariableDecl decl;
        decl.name = name->getString();
        decl.range = name->getRange();
        decl.loop = &loop;
        decl.index = variableDecls.size();
        variableDecls.try_emplace(llvm::StringRef(decl.name).lower(),
                                  std::move(decl));
      }
      continue;
    }
    VariableDecl decl;
    decl.name = var.name;
    decl.range = var.range;
    decl.value = &var.value;
    decl.index = variableDecls.size();
    variableDecls.try_emplace(llvm::StringRef(var.name).lower(),
                              std::move(decl));
  }
}

FrameSaver::FrameSaver(Evaluator &ev, ModuleScope *newScope,
                       bool keepCopyFrames)
    : ev(ev), savedScope(ev.scope), savedArgs(ev.functionArgs),
      savedArgsAssumed(ev.functionArgsAssumed) {
  if (newScope)
    ev.scope = newScope;
  if (!keepCopyFrames)
    savedCopy = std::move(ev.copyFrames);
  else
    savedCopy = ev.copyFrames;
  ev.copyFrames = keepCopyFrames ? savedCopy : std::vector<CopyFrame>();
  savedLambda = std::move(ev.lambdaFrames);
  ev.lambdaFrames.clear();
  ev.functionArgs = nullptr;
  ev.functionArgsAssumed = false;
}

FrameSaver::~FrameSaver() {
  ev.scope = savedScope;
  ev.copyFrames = std::move(savedCopy);
  ev.lambdaFrames = std::move(savedLambda);
  ev.functionArgs = savedArgs;
  ev.functionArgsAssumed = savedArgsAssumed;
}

//===----------------------------------------------------------------------===//
// Diagnostics, budget and folding
//===----------------------------------------------------------------------===//

void Evaluator::reportStaticError(SourceRange range,
                                  const llvm::Twine &message) {
  if (!range.isValid())
    range = fallbackRange;
  std::string text = message.str();
  if (!reported.insert({range.file, range.begin, text}).second)
    return;
  diags.semanticError(range, "{0}", text);
}

void Evaluator::reportError(SourceRange range, const llvm::Twine &message) {
  if (speculative || assumed)
    return;
  reportStaticError(range, message);
}

bool Evaluator::enter(SourceRange range) {
  if (depth >= Limits::MaxDepth) {
    if (!depthExceeded) {
      depthExceeded = true;
      reportStaticError(range, llvm::Twine("evaluation is nested more than ") +
                                   llvm::Twine(Limits::MaxDepth) +
                                   " levels deep");
    }
    return false;
  }
  ++depth;
  return true;
}

bool Evaluator::consume(uint64_t amount) {
  fuelUsed += amount;
  if (fuelUsed <= Limits::Fuel || fuelExhausted)
    return !fuelExhausted;
  fuelExhausted = true;
  reportStaticError(fallbackRange,
                    "evaluation stopped: the template needs more work to "
                    "evaluate than armor allows; the remaining values are "
                    "unknown");
  return false;
}

Value Evaluator::checkSize(Value value, const Expr &at) {
  size_t size = getValueSize(value, Limits::MaxValueSize);
  consume(size);
  if (size <= Limits::MaxValueSize)
    return value;
  reportStaticError(at.getRange(),
                    llvm::Twine("this call of '") + at.text() +
                        "' builds a value larger than armor's evaluation "
                        "limit (16 MiB of text or 1M elements)");
  // The arguments are huge: keep the unevaluated call, not the values.
  return Value::unknown(Expr::makeCall(at.text(), at.args(), at.getRange()),
                        "the value is larger than armor's evaluation limit");
}

std::string Evaluator::getProvenance(const Value &value) {
  switch (value.getKind()) {
  case Value::Kind::Unknown:
  case Value::Kind::Enumerated:
    return value.provenance();
  case Value::Kind::Expression:
    return "the expression was not evaluated";
  case Value::Kind::Array:
    for (const Value &e : value.elements())
      if (!e.isFullyKnown())
        return getProvenance(e);
    return {};
  case Value::Kind::Object:
    for (const Member &m : value.members())
      if (!m.value.isFullyKnown())
        return getProvenance(m.value);
    return {};
  default:
    return {};
  }
}

/// True for `parameters('x')` and `variables('x')` with literal arguments.
static bool isPlainReference(const Expr &e) {
  if (!e.isCallTo("parameters") && !e.isCallTo("variables"))
    return false;
  return e.args().size() == 1 && e.args()[0]->getKind() == Expr::Kind::String;
}

ExprPtr Evaluator::argumentExpr(const Expr *original, const Value &value) {
  // A large known array or object reads better as the reference it came
  // from than inlined as createArray(...)/createObject(...).
  if ((value.isArray() || value.isObject()) && original &&
      isPlainReference(*original) && !functionArgs)
    return Expr::makeCall(original->text(), original->args(),
                          original->getRange());
  return toExpr(value);
}

Value Evaluator::foldCall(const Expr &call, llvm::ArrayRef<Value> args,
                          std::string provenance) {
  std::vector<ExprPtr> exprs;
  exprs.reserve(args.size());
  for (size_t i = 0; i != args.size(); ++i)
    exprs.push_back(argumentExpr(
        i < call.args().size() ? call.args()[i].get() : nullptr, args[i]));
  return Value::unknown(
      Expr::makeCall(call.text(), std::move(exprs), call.getRange()),
      std::move(provenance));
}

std::optional<Value> Evaluator::combineAlternatives(std::vector<Value> values,
                                                    std::string provenance,
                                                    ExprPtr origin) {
  std::vector<Value> alternatives;
  for (Value &v : values) {
    if (v.isEnumerated()) {
      for (const Value &alt : v.alternatives())
        alternatives.push_back(alt);
      continue;
    }
    if (!v.isFullyKnown())
      return std::nullopt;
    alternatives.push_back(std::move(v));
  }
  dedupeAlternatives(alternatives);
  if (alternatives.empty())
    return std::nullopt;
  if (alternatives.size() == 1)
    return std::move(alternatives.front());
  if (alternatives.size() > Limits::MaxAlternatives)
    return std::nullopt;
  return Value::enumerated(std::move(alternatives), std::move(provenance), {},
                           std::move(origin));
}

ModuleScope &Evaluator::getExpressionScope() const {
  ModuleScope *s = scope;
  while (s->outerExpressions && s->outer)
    s = s->outer;
  return *s;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

Value Evaluator::eval(const ExprPtr &exprPtr) {
  const Expr &expr = *exprPtr;
  if (fuelExhausted || depthExceeded)
    return Value::unknown(exprPtr, "evaluation stopped at armor's limits");
  if (!consume(1))
    return Value::unknown(exprPtr, "evaluation stopped at armor's limits");
  if (std::optional<Value> literal = getLiteralValue(expr))
    return std::move(*literal);
  if (!enter(expr.getRange()))
    return Value::unknown(exprPtr, "evaluation stopped at armor's limits");
  // What this node's errors depend on: its own operands only.
  bool outerAssumed = assumed;
  assumed = false;
  Value result;
  if (expr.getKind() == Expr::Kind::Call) {
    result = evalCall(exprPtr);
  } else if (expr.getKind() == Expr::Kind::Member) {
    // `variables('big').x` reads the memoized value without copying it.
    if (const Value *base = lookupReference(expr.operand()))
      result = applyMember(*base, exprPtr);
    else
      result = applyMember(eval(expr.operandPtr()), exprPtr);
  } else if (const Value *cached = lookupReference(expr.operand())) {
    result = applyIndex(*cached, eval(expr.indexPtr()), exprPtr);
  } else {
    Value base = eval(expr.operandPtr());
    result = applyIndex(base, eval(expr.indexPtr()), exprPtr);
  }
  assumed = assumed || outerAssumed;
  leave();
  return result;
}

static std::string describeArity(const Builtin &b) {
  if (b.maxArgs == Builtin::VarArgs)
    return (llvm::Twine("at least ") + llvm::Twine(unsigned(b.minArgs)) +
            " argument" + (b.minArgs == 1 ? "" : "s"))
        .str();
  if (b.minArgs == b.maxArgs)
    return (llvm::Twine(unsigned(b.minArgs)) + " argument" +
            (b.minArgs == 1 ? "" : "s"))
        .str();
  return (llvm::Twine(unsigned(b.minArgs)) + " to " +
          llvm::Twine(unsigned(b.maxArgs)) + " arguments")
      .str();
}

Value Evaluator::evalCall(const ExprPtr &callPtr) {
  const Expr &call = *callPtr;
  llvm::StringRef name = call.text();
  if (name.contains('.'))
    return callUserFunction(callPtr);
  const Builtin *builtin = lookupBuiltin(name);
  if (!builtin) {
    reportStaticError(call.getRange(),
                      llvm::Twine("unknown function '") + name + "'");
    return Value::unknown(callPtr, ("unknown function '" + name + "'").str());
  }
  size_t count = call.args().size();
  if (count < builtin->minArgs ||
      (builtin->maxArgs != Builtin::VarArgs && count > builtin->maxArgs)) {
    std::string message =
        (llvm::Twine("function '") + name + "' expects " +
         describeArity(*builtin) + ", got " + llvm::Twine(count))
            .str();
    reportStaticError(call.getRange(), message);
    return Value::unknown(callPtr, message);
  }
  if (builtin->lazy)
    return builtin->lazy(*this, call);
  std::vector<Value> args;
  args.reserve(count);
  for (const ExprPtr &arg : call.args())
    args.push_back(eval(arg));
  return applyBuiltin(*builtin, call, std::move(args));
}

/// The key under which enumerated arguments vary together: two uses of
/// the same parameter take the same alternative.
static std::string enumerationKey(const Value &value, size_t index) {
  if (value.expr())
    return value.expr()->str();
  return (llvm::Twine("#") + llvm::Twine(index)).str();
}

Value Evaluator::applyBuiltin(const Builtin &builtin, const Expr &call,
                              std::vector<Value> args) {
  if (builtin.policy != ArgPolicy::Raw) {
    for (const Value &arg : args) {
      if (arg.isUnknown() || arg.isExpression())
        return foldCall(call, args, getProvenance(arg));
      if (arg.isEnumerated())
        continue;
      if (builtin.policy == ArgPolicy::Strict && !arg.isFullyKnown())
        return foldCall(call, args, getProvenance(arg));
    }
  }
  // Group the enumerated arguments; Raw functions see them as they are.
  std::vector<std::pair<std::string, std::vector<size_t>>> groups;
  if (builtin.policy != ArgPolicy::Raw)
    for (size_t i = 0; i != args.size(); ++i) {
      if (!args[i].isEnumerated())
        continue;
      std::string key = enumerationKey(args[i], i);
      auto it = llvm::find_if(groups, [&](const auto &g) {
        return g.first == key && args[g.second.front()].alternatives().size() ==
                                     args[i].alternatives().size();
      });
      if (it == groups.end())
        groups.push_back({key, {i}});
      else
        it->second.push_back(i);
    }
  if (groups.empty()) {
    CallContext ctx(*this, call, std::move(args));
    return checkSize(builtin.eager(ctx), call);
  }

  std::string provenance = getProvenance(args[groups.front().second.front()]);
  size_t total = 1;
  for (const auto &group : groups) {
    total *= args[group.second.front()].alternatives().size();
    if (total > Limits::MaxAlternatives)
      return foldCall(call, args,
                      provenance + "; too many combinations of possible "
                                   "values to evaluate");
  }
  std::vector<Value> results;
  for (size_t combo = 0; combo != total; ++combo) {
    std::vector<Value> concrete = args;
    size_t rest = combo;
    for (const auto &group : groups) {
      const auto &alternatives = args[group.second.front()].alternatives();
      size_t pick = rest % alternatives.size();
      rest /= alternatives.size();
      for (size_t index : group.second)
        concrete[index] = alternatives[pick];
    }
    CallContext ctx(*this, call, std::move(concrete));
    ++speculative;
    Value result = checkSize(builtin.eager(ctx), call);
    --speculative;
    if (result.isEnumerated()) {
      for (const Value &alt : result.alternatives())
        results.push_back(alt);
      continue;
    }
    if (!result.isFullyKnown())
      return foldCall(call, args, provenance);
    results.push_back(std::move(result));
  }
  std::vector<ExprPtr> exprs;
  for (size_t i = 0; i != args.size(); ++i)
    exprs.push_back(argumentExpr(call.args()[i].get(), args[i]));
  ExprPtr origin =
      Expr::makeCall(call.text(), std::move(exprs), call.getRange());
  if (std::optional<Value> combined =
          combineAlternatives(std::move(results), provenance, origin))
    return std::move(*combined);
  return Value::unknown(origin, provenance);
}

/// Object member lookup as ARM does it: case-insensitive.
static const Value *findMember(const Value &object, llvm::StringRef name) {
  return object.get(name);
}

/// "'a, b'" or "no properties", for messages.
static std::string describeMembers(const Value &object) {
  if (object.members().empty())
    return "no properties";
  std::string names = "'";
  for (const Member &m : object.members()) {
    if (names.size() > 200) {
      names += ", ...";
      break;
    }
    if (names.size() > 1)
      names += ", ";
    names += m.key;
  }
  return names + "'";
}

Value Evaluator::applyMember(const Value &base, const ExprPtr &exprPtr) {
  const Expr &expr = *exprPtr;
  llvm::StringRef name = expr.text();
  switch (base.getKind()) {
  case Value::Kind::Object: {
    if (const Value *member = findMember(base, name))
      return *member;
    std::string message =
        (llvm::Twine("property '") + name +
         "' does not exist; the object has " + describeMembers(base))
            .str();
    reportError(expr.getRange(), message);
    return Value::unknown(Expr::makeMember(argumentExpr(&expr.operand(), base),
                                           name.str(), expr.getRange()),
                          message);
  }
  case Value::Kind::Unknown:
  case Value::Kind::Expression:
    return Value::unknown(
        Expr::makeMember(toExpr(base), name.str(), expr.getRange()),
        getProvenance(base));
  case Value::Kind::Enumerated: {
    std::vector<Value> results;
    for (const Value &alt : base.alternatives())
      results.push_back(speculate([&] { return applyMember(alt, exprPtr); }));
    ExprPtr origin =
        Expr::makeMember(toExpr(base), name.str(), expr.getRange());
    if (std::optional<Value> combined =
            combineAlternatives(std::move(results), base.provenance(), origin))
      return std::move(*combined);
    return Value::unknown(origin, base.provenance());
  }
  default: {
    std::string message = (llvm::Twine("cannot read property '") + name +
                           "' of a value of type " + getTypeName(base))
                              .str();
    reportError(expr.getRange(), message);
    return Value::unknown(
        Expr::makeMember(toExpr(base), name.str(), expr.getRange()), message);
  }
  }
}

Value Evaluator::applyIndex(const Value &base, const Value &index,
                            const ExprPtr &exprPtr) {
  const Expr &expr = *exprPtr;
  auto fold = [&](std::string why) {
    return Value::unknown(Expr::makeIndex(argumentExpr(&expr.operand(), base),
                                          argumentExpr(&expr.index(), index),
                                          expr.getRange()),
                          std::move(why));
  };
  if (!base.isKnown() && !base.isEnumerated())
    return fold(getProvenance(base));
  if (!index.isKnown() && !index.isEnumerated())
    return fold(getProvenance(index));
  if (base.isEnumerated() || index.isEnumerated()) {
    const std::vector<Value> single[2] = {{base}, {index}};
    const auto &bases = base.isEnumerated() ? base.alternatives() : single[0];
    const auto &indexes =
        index.isEnumerated() ? index.alternatives() : single[1];
    std::string why = getProvenance(base.isEnumerated() ? base : index);
    if (bases.size() * indexes.size() > Limits::MaxAlternatives)
      return fold(why);
    std::vector<Value> results;
    for (const Value &b : bases)
      for (const Value &i : indexes)
        results.push_back(speculate([&] { return applyIndex(b, i, exprPtr); }));
    Value folded = fold(why);
    if (std::optional<Value> combined =
            combineAlternatives(std::move(results), why, folded.expr()))
      return std::move(*combined);
    return folded;
  }
  auto fail = [&](const llvm::Twine &message) {
    std::string text = message.str();
    reportError(expr.getRange(), text);
    return fold(text);
  };
  if (base.isArray()) {
    if (!index.isInteger())
      return fail(llvm::Twine("an array index must be an integer, not ") +
                  getTypeName(index));
    int64_t i = index.getInteger();
    if (i < 0 || static_cast<uint64_t>(i) >= base.elements().size())
      return fail(llvm::Twine("index ") + llvm::Twine(i) +
                  " is out of bounds of an array of length " +
                  llvm::Twine(base.elements().size()));
    return base.elements()[i];
  }
  if (base.isObject()) {
    if (!index.isString())
      return fail(llvm::Twine("an object index must be a string, not ") +
                  getTypeName(index));
    if (const Value *member = findMember(base, index.getString()))
      return *member;
    return fail(llvm::Twine("property '") + index.getString() +
                "' does not exist; the object has " + describeMembers(base));
  }
  return fail(llvm::Twine("cannot index a value of type ") + getTypeName(base));
}

//===----------------------------------------------------------------------===//
// Value trees
//===----------------------------------------------------------------------===//

Value Evaluator::evalValue(const Value &value) {
  switch (value.getKind()) {
  case Value::Kind::Expression: {
    SourceRange saved = fallbackRange;
    if (value.getRange().isValid())
      fallbackRange = value.getRange();
    Value result = eval(value.expr());
    fallbackRange = saved;
    if (value.getRange().isValid())
      result.setRange(value.getRange());
    return result;
  }
  case Value::Kind::Array: {
    if (!enter(value.getRange()))
      return Value::unknown(toExpr(value),
                            "evaluation stopped at armor's limits",
                            value.getRange());
    std::vector<Value> elements;
    elements.reserve(value.elements().size());
    for (const Value &e : value.elements())
      elements.push_back(evalValue(e));
    leave();
    return Value::array(std::move(elements), value.getRange());
  }
  case Value::Kind::Object: {
    if (!enter(value.getRange()))
      return Value::unknown(toExpr(value),
                            "evaluation stopped at armor's limits",
                            value.getRange());
    Value result = evalObject(value);
    leave();
    return result;
  }
  default:
    return value;
  }
}

/// True for `copy: [{name, count, input}, ...]`, ARM's property iteration.
static bool isPropertyCopy(const Member &member) {
  if (!llvm::StringRef(member.key).equals_insensitive("copy") ||
      !member.value.isArray() || member.value.elements().empty())
    return false;
  return llvm::all_of(member.value.elements(), [](const Value &loop) {
    const Value *name = loop.get("name");
    return loop.isObject() && name && name->isString() && loop.get("count") &&
           loop.get("input");
  });
}

void Evaluator::evalInPlace(Value &value) {
  switch (value.getKind()) {
  case Value::Kind::Expression:
    value = evalValue(value);
    return;
  case Value::Kind::Array:
    if (!enter(value.getRange())) {
      value = evalValue(value);
      return;
    }
    for (Value &e : value.elements())
      evalInPlace(e);
    leave();
    return;
  case Value::Kind::Object:
    if (llvm::any_of(value.members(), isPropertyCopy)) {
      value = evalValue(value);
      return;
    }
    if (!enter(value.getRange())) {
      value = evalValue(value);
      return;
    }
    for (Member &m : value.members())
      evalInPlace(m.value);
    leave();
    return;
  default:
    return;
  }
}

Value Evaluator::evalObject(const Value &value) {
  std::vector<Member> members;
  members.reserve(value.members().size());
  for (const Member &m : value.members()) {
    if (isPropertyCopy(m)) {
      for (const Value &loop : m.value.elements())
        members.push_back({loop.get("name")->getString(),
                           loop.get("name")->getRange(),
                           expandLoop(loop.get("name")->getString(),
                                      loop.get("count"), loop.get("input"),
                                      CopyFrame::Property, loop.getRange())});
      continue;
    }
    members.push_back({m.key, m.keyRange, evalValue(m.value)});
  }
  return Value::object(std::move(members), value.getRange());
}

Value Evaluator::expandLoop(llvm::StringRef name, const Value *countDecl,
                            const Value *input, CopyFrame::Kind kind,
                            SourceRange range) {
  // Errors about the count depend on the count's inputs only.
  bool outerAssumed = assumed;
  assumed = false;
  Value count = countDecl ? evalValue(*countDecl) : Value::null();
  bool countAssumed = assumed;
  SourceRange countRange = countDecl && countDecl->getRange().isValid()
                               ? countDecl->getRange()
                               : range;
  auto unknownLoop = [&](std::string why) {
    assumed = outerAssumed || countAssumed;
    return Value::unknown(
        Expr::makeCall("copy", {Expr::makeString(name.str()), toExpr(count)},
                       countRange),
        std::move(why), range);
  };
  if (!count.isInteger()) {
    if (count.isKnown()) {
      std::string message = (llvm::Twine("the count of copy loop '") + name +
                             "' must be an integer, not " + getTypeName(count))
                                .str();
      reportError(countRange, message);
      return unknownLoop(message);
    }
    return unknownLoop(("the count of copy loop '" + name +
                        "' is unknown: " + getProvenance(count))
                           .str());
  }
  int64_t n = count.getInteger();
  if (n < 0 || n > Limits::MaxCopyCount) {
    std::string message =
        n < 0 ? (llvm::Twine("copy loop '") + name + "' has a negative count")
                    .str()
              : (llvm::Twine("copy loop '") + name + "' has count " +
                 llvm::Twine(n) + "; Azure allows at most " +
                 llvm::Twine(Limits::MaxCopyCount))
                    .str();
    reportError(countRange, message);
    return unknownLoop(message);
  }
  assumed = outerAssumed || countAssumed;
  if (!input)
    return unknownLoop(("copy loop '" + name + "' has no 'input'").str());
  std::vector<Value> elements;
  elements.reserve(n);
  for (int64_t i = 0; i != n; ++i) {
    copyFrames.push_back({name.str(), Value::integer(i), kind});
    elements.push_back(evalValue(*input));
    copyFrames.pop_back();
    if (fuelExhausted)
      break;
  }
  return Value::array(std::move(elements), range);
}

//===----------------------------------------------------------------------===//
// Parameters and variables
//===----------------------------------------------------------------------===//

/// A parameter file's value is a literal: "[...]" strings there are not
/// expressions, so the lowering's Expression values become strings again.
static Value literalize(const Value &value) {
  switch (value.getKind()) {
  case Value::Kind::Expression: {
    std::string text = "[";
    if (value.expr())
      value.expr()->print(text);
    text += ']';
    return Value::string(std::move(text), value.getRange());
  }
  case Value::Kind::Array: {
    std::vector<Value> elements;
    for (const Value &e : value.elements())
      elements.push_back(literalize(e));
    return Value::array(std::move(elements), value.getRange());
  }
  case Value::Kind::Object: {
    std::vector<Member> members;
    for (const Member &m : value.members())
      members.push_back({m.key, m.keyRange, literalize(m.value)});
    return Value::object(std::move(members), value.getRange());
  }
  default:
    return value;
  }
}

/// True for `parameters('x')`/`variables('x')` with the name as a literal:
/// a missing declaration is then an error on every deployment.
static bool hasLiteralName(const Expr &call) {
  return call.args().size() == 1 &&
         call.args()[0]->getKind() == Expr::Kind::String;
}

static bool isNullable(const ir::Parameter &p) {
  const Value *nullable = p.declaration.get("nullable");
  return nullable && nullable->isBoolean() && nullable->getBoolean();
}

Value Evaluator::getParameter(const Expr &call, llvm::StringRef name) {
  if (functionArgs) {
    assumed |= functionArgsAssumed;
    for (const auto &[argName, value] : *functionArgs)
      if (llvm::StringRef(argName).equals_insensitive(name))
        return value;
    std::string message = (llvm::Twine("'") + name +
                           "' is not a parameter of the user-defined function")
                              .str();
    reportStaticError(call.getRange(), message);
    return Value::unknown(Expr::makeCall("parameters",
                                         {Expr::makeString(name.str())},
                                         call.getRange()),
                          message);
  }
  ModuleScope &where = getExpressionScope();
  // The expression an unknown value keeps; not built for cached values.
  auto reference = [&] {
    return Expr::makeCall("parameters", {Expr::makeString(name.str())},
                          call.getRange());
  };
  ir::Parameter *param = where.module.findParameter(name);
  if (!param) {
    std::string message =
        (llvm::Twine("parameter '") + name + "' is not declared").str();
    if (hasLiteralName(call))
      reportStaticError(call.getRange(), message);
    else
      reportError(call.getRange(), message);
    return Value::unknown(reference(), message);
  }
  std::string key = llvm::StringRef(param->name).lower();
  {
    ModuleScope::Cached &cached = where.parameters[key];
    if (cached.done) {
      assumed |= cached.assumed;
      return cached.value;
    }
    if (cached.inProgress) {
      std::string message = (llvm::Twine("the default value of parameter '") +
                             param->name + "' refers to itself")
                                .str();
      reportStaticError(param->range, message);
      return Value::unknown(reference(), message);
    }
    cached.inProgress = true;
  }
  Value value;
  bool fromDefault = false;
  // A null value counts as none: the default applies.
  bool supplied = param->suppliedValue &&
                  !(param->suppliedValue->isNull() && param->defaultValue);
  // Only a value the deployment supplies is certain; a default, allowed
  // values or null are what we assume.
  bool valueAssumed = !supplied || where.assumedParameters.count(key);
  bool outerAssumed = assumed;
  assumed = false;
  if (supplied) {
    value = literalize(*param->suppliedValue);
  } else if (param->defaultValue) {
    FrameSaver saver(*this, &where);
    value = evalValue(*param->defaultValue);
    fromDefault = true;
  } else if (isNullable(*param)) {
    value = Value::null(param->range);
  } else if (param->allowedValues && param->allowedValues->isArray() &&
             param->allowedValues->isFullyKnown() &&
             !param->allowedValues->elements().empty() &&
             !llvm::StringRef(param->type).equals_insensitive("array")) {
    std::vector<Value> alternatives = param->allowedValues->elements();
    dedupeAlternatives(alternatives);
    if (alternatives.size() == 1)
      value = alternatives.front();
    else
      value = Value::enumerated(std::move(alternatives),
                                "parameter '" + param->name +
                                    "' has no value; its allowedValues",
                                param->range, reference());
  } else {
    value = Value::unknown(reference(),
                           "parameter '" + param->name + "' has no value",
                           param->range);
  }
  ModuleScope::Cached &cached = where.parameters[key];
  cached.inProgress = false;
  cached.done = true;
  cached.fromDefault = fromDefault;
  cached.assumed = valueAssumed || assumed;
  cached.value = value;
  assumed = outerAssumed || cached.assumed;
  return value;
}

const Value *Evaluator::lookupReference(const Expr &operand) {
  if (!isPlainReference(operand) || functionArgs)
    return nullptr;
  bool isVariable = operand.isCallTo("variables");
  llvm::StringRef name = operand.args()[0]->text();
  ModuleScope &where = getExpressionScope();
  llvm::StringMap<ModuleScope::Cached> &cache =
      isVariable ? where.variables : where.parameters;
  std::string key = name.lower();
  auto it = cache.find(key);
  if (it == cache.end() || !it->second.done) {
    // Evaluate it the usual way once; the memoized value is read after.
    if (isVariable)
      (void)getVariable(operand, name);
    else
      (void)getParameter(operand, name);
    it = cache.find(key);
    if (it == cache.end() || !it->second.done)
      return nullptr;
    return &it->second.value;
  }
  consume(1);
  assumed |= it->second.assumed;
  return &it->second.value;
}

Value Evaluator::getVariable(const Expr &call, llvm::StringRef name) {
  ModuleScope &where = getExpressionScope();
  std::string key = name.lower();
  auto reference = [&] {
    return Expr::makeCall("variables", {Expr::makeString(name.str())},
                          call.getRange());
  };
  auto declIt = where.variableDecls.find(key);
  if (declIt == where.variableDecls.end()) {
    std::string message =
        (llvm::Twine("variable '") + name + "' is not declared").str();
    if (hasLiteralName(call))
      reportStaticError(call.getRange(), message);
    else
      reportError(call.getRange(), message);
    return Value::unknown(reference(), message);
  }
  const ModuleScope::VariableDecl &decl = declIt->second;
  {
    ModuleScope::Cached &cached = where.variables[key];
    if (cached.done) {
      assumed |= cached.assumed;
      return cached.value;
    }
    if (cached.inProgress) {
      // The cycle is the tail of the stack from this variable on. It is
      // reported from the variable declared first, whatever the order of
      // evaluation, so the message is the same on every run.
      auto start = llvm::find_if(where.variableStack, [&](const auto &v) {
        return llvm::StringRef(v).equals_insensitive(decl.name);
      });
      std::vector<std::string> members(start, where.variableStack.end());
      size_t first = 0;
      for (size_t i = 1; i < members.size(); ++i)
        if (where.variableDecls.lookup(llvm::StringRef(members[i]).lower())
                .index <
            where.variableDecls.lookup(llvm::StringRef(members[first]).lower())
                .index)
          first = i;
      std::rotate(members.begin(), members.begin() + first, members.end());
      std::string cycle;
      for (const std::string &name : members)
        cycle += name + " -> ";
      cycle += members.front();
      reportStaticError(
          where.variableDecls.lookup(llvm::StringRef(members.front()).lower())
              .range,
          llvm::Twine("variables form a cycle: ") + cycle);
      return Value::unknown(reference(), "variable '" + decl.name +
                                             "' is part of a cycle: " + cycle);
    }
    cached.inProgress = true;
  }
  where.variableStack.push_back(decl.name);
  Value value;
  bool outerAssumed = assumed;
  assumed = false;
  {
    FrameSaver saver(*this, &where);
    value = evalVariableDecl(where, decl);
  }
  where.variableStack.pop_back();
  ModuleScope::Cached &cached = where.variables[key];
  cached.inProgress = false;
  cached.done = true;
  cached.assumed = assumed;
  cached.value = value;
  assumed = outerAssumed || cached.assumed;
  return value;
}

Value Evaluator::evalVariableDecl(ModuleScope &,
                                  const ModuleScope::VariableDecl &decl) {
  if (decl.loop)
    return expandLoop(decl.name, decl.loop->get("count"),
                      decl.loop->get("input"), CopyFrame::Variable,
                      decl.loop->getRange());
  return evalValue(*decl.value);
}

Value Evaluator::getCopyIndex(const Expr &call, llvm::StringRef loop,
                              bool named, int64_t offset) {
  const CopyFrame *frame = nullptr;
  for (auto it = copyFrames.rbegin(); it != copyFrames.rend(); ++it) {
    if (named ? llvm::StringRef(it->name).equals_insensitive(loop)
              : (it->kind == CopyFrame::Resource ||
                 it->kind == CopyFrame::Output)) {
      frame = &*it;
      break;
    }
  }
  if (!frame && !named && !copyFrames.empty())
    frame = &copyFrames.back();
  ExprPtr folded = Expr::makeCall(call.text(), call.args(), call.getRange());
  if (!frame) {
    std::string message =
        named ? (llvm::Twine("copyIndex('") + loop +
                 "') is used outside of a copy loop named '" + loop + "'")
                    .str()
              : std::string("copyIndex() is used outside of a copy loop");
    reportError(call.getRange(), message);
    return Value::unknown(folded, message);
  }
  if (!frame->index.isInteger()) {
    // The loop's own symbolic index, plus the offset if any.
    ExprPtr index = frame->index.expr() ? frame->index.expr() : folded;
    if (offset != 0)
      index = Expr::makeCall("add", {index, Expr::makeInteger(offset)},
                             call.getRange());
    return Value::unknown(index, getProvenance(frame->index));
  }
  int64_t result = 0;
  if (__builtin_add_overflow(frame->index.getInteger(), offset, &result)) {
    reportError(call.getRange(), "copyIndex() overflows");
    return Value::unknown(folded, "copyIndex() overflows");
  }
  return Value::integer(result);
}

Value Evaluator::getLambdaVariable(const Expr &call, llvm::StringRef name) {
  for (auto it = lambdaFrames.rbegin(); it != lambdaFrames.rend(); ++it)
    if (llvm::StringRef(it->name).equals_insensitive(name)) {
      assumed |= it->assumed;
      return it->value;
    }
  std::string message =
      (llvm::Twine("lambda variable '") + name + "' is not defined").str();
  reportStaticError(call.getRange(), message);
  return Value::unknown(
      Expr::makeCall(call.text(), call.args(), call.getRange()), message);
}

bool Evaluator::checkLambda(const Expr &call, const Expr &expr,
                            unsigned minParams, unsigned maxParams) {
  bool ok = expr.isCallTo("lambda") && expr.args().size() >= 2;
  if (ok) {
    size_t params = expr.args().size() - 1;
    ok = params >= minParams && params <= maxParams;
    for (size_t i = 0; ok && i != params; ++i)
      ok = expr.args()[i]->getKind() == Expr::Kind::String;
  }
  if (ok)
    return true;
  std::string arity =
      minParams == maxParams
          ? (llvm::Twine(minParams) + " variable" + (minParams == 1 ? "" : "s"))
                .str()
          : (llvm::Twine(minParams) + " to " + llvm::Twine(maxParams) +
             " variables")
                .str();
  reportStaticError(expr.getRange().isValid() ? expr.getRange()
                                              : call.getRange(),
                    llvm::Twine("function '") + call.text() +
                        "' expects a lambda with " + arity);
  return false;
}

Value Evaluator::callLambda(const Expr &lambda, llvm::ArrayRef<Value> args) {
  size_t params = lambda.args().size() - 1;
  if (!enter(lambda.getRange()))
    return Value::unknown(lambda.args().back(),
                          "evaluation stopped at armor's limits");
  // The arguments come from the input evaluated so far.
  bool argsAssumed = assumed;
  size_t pushed = 0;
  for (size_t i = 0; i != params && i != args.size(); ++i) {
    lambdaFrames.push_back({lambda.args()[i]->text(), args[i], argsAssumed});
    ++pushed;
  }
  Value result = eval(lambda.args().back());
  lambdaFrames.resize(lambdaFrames.size() - pushed);
  leave();
  return result;
}

//===----------------------------------------------------------------------===//
// User-defined functions
//===----------------------------------------------------------------------===//

Value Evaluator::callUserFunction(const ExprPtr &callPtr) {
  const Expr &call = *callPtr;
  llvm::StringRef name = call.text();
  const ir::Function *function = nullptr;
  for (ModuleScope *s = scope; s && !function; s = s->outer) {
    for (const ir::Function &f : s->module.functions)
      if (llvm::StringRef(f.qualifiedName).equals_insensitive(name)) {
        function = &f;
        break;
      }
    if (!s->outerExpressions)
      break;
  }
  if (!function) {
    std::string message =
        (llvm::Twine("unknown function '") + name + "'").str();
    reportStaticError(call.getRange(), message);
    return Value::unknown(callPtr, message);
  }
  if (call.args().size() != function->parameters.size()) {
    std::string message =
        (llvm::Twine("function '") + name + "' expects " +
         llvm::Twine(function->parameters.size()) + " argument" +
         (function->parameters.size() == 1 ? "" : "s") + ", got " +
         llvm::Twine(call.args().size()))
            .str();
    reportStaticError(call.getRange(), message);
    return Value::unknown(callPtr, message);
  }
  std::string key = name.lower();
  if (llvm::is_contained(activeFunctions, key)) {
    std::string message =
        (llvm::Twine("user-defined function '") + name + "' calls itself")
            .str();
    reportStaticError(call.getRange(), message);
    return Value::unknown(callPtr, message);
  }
  std::vector<std::pair<std::string, Value>> args;
  for (size_t i = 0; i != call.args().size(); ++i)
    args.emplace_back(function->parameters[i].first, eval(call.args()[i]));
  bool argsAssumed = assumed;
  Value result;
  {
    FrameSaver saver(*this);
    functionArgs = &args;
    functionArgsAssumed = argsAssumed;
    activeFunctions.push_back(key);
    if (enter(call.getRange())) {
      result = evalValue(function->output);
      leave();
    } else {
      result = Value::unknown(callPtr, "evaluation stopped at armor's limits");
    }
    activeFunctions.pop_back();
  }
  result.setRange({});
  return result;
}
