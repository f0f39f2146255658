//===- LambdaFunctions.cpp - ARM lambda functions -------------------------===//
///
/// \file
/// filter, groupBy, map, mapValues, reduce, sort, toObject, and the lambda
/// syntax itself: `lambda('x', ..., body)` and `lambdaVariables('x')`.
///
/// The input is evaluated first; an unknown input folds the whole call
/// (the lambda stays as written). Elements may be unknown: map() keeps an
/// unknown result for such an element, while a predicate, comparator or key
/// that cannot be decided makes the whole result unknown. sort() is a
/// stable merge sort that tolerates inconsistent comparators.
///
//===----------------------------------------------------------------------===//

#include "passes/eval/Evaluator.h"
#include "passes/eval/ValueUtil.h"

#include "llvm/ADT/StringExtras.h"

using namespace armor;
using namespace armor::eval;
using ir::Expr;
using ir::ExprPtr;
using ir::Member;
using ir::Value;

namespace {

/// What a lambda function does with a known input.
using Body = llvm::function_ref<Value(const Value &input, std::string &why)>;

} // namespace

/// The call folded with its evaluated input and lambdas as written.
static Value foldLambdaCall(Evaluator &ev, const Expr &call, const Value &input,
                            std::string why) {
  std::vector<ExprPtr> args = call.args();
  args[0] = ev.argumentExpr(call.args()[0].get(), input);
  return Value::unknown(
      Expr::makeCall(call.text(), std::move(args), call.getRange()),
      std::move(why));
}

/// Evaluates the input and applies \p body to it, mapping over an
/// enumerated input and folding an unknown one. \p body sets \p why and
/// returns an Unknown... when the result cannot be decided.
static Value applyToInput(Evaluator &ev, const Expr &call, const char *what,
                          bool (*accepts)(const Value &), Body body) {
  Value input = ev.eval(call.args()[0]);
  auto apply = [&](const Value &known) -> Value {
    if (!accepts(known)) {
      std::string message =
          (llvm::Twine("function '") + call.text() + "' fails: argument 1 " +
           "must be " + what + ", not " + getTypeName(known))
              .str();
      ev.reportError(call.getRange(), message);
      return foldLambdaCall(ev, call, known, message);
    }
    std::string why;
    Value result = body(known, why);
    if (!why.empty())
      return foldLambdaCall(ev, call, known, why);
    return result;
  };
  if (input.isKnown())
    return apply(input);
  if (input.isEnumerated()) {
    std::vector<Value> results;
    for (const Value &alt : input.alternatives())
      results.push_back(ev.speculate([&] { return apply(alt); }));
    Value folded = foldLambdaCall(ev, call, input, input.provenance());
    if (std::optional<Value> combined = ev.combineAlternatives(
            std::move(results), input.provenance(), folded.expr()))
      return std::move(*combined);
    return folded;
  }
  return foldLambdaCall(ev, call, input, Evaluator::getProvenance(input));
}

static bool isArray(const Value &v) { return v.isArray(); }
static bool isObject(const Value &v) { return v.isObject(); }

/// A lambda result that must be a bool: true/false, or nullopt with \p why
/// set (unknown) or after reporting (wrong type).
static std::optional<bool> asBool(Evaluator &ev, const Expr &call,
                                  const Value &v, std::string &why) {
  if (v.isBoolean())
    return v.getBoolean();
  if (!v.isKnown()) {
    why = Evaluator::getProvenance(v);
    return std::nullopt;
  }
  why = (llvm::Twine("function '") + call.text() +
         "' fails: its lambda must return a bool, not " + getTypeName(v))
            .str();
  ev.reportError(call.getRange(), why);
  return std::nullopt;
}

static Value lazyMap(Evaluator &ev, const Expr &call) {
  const Expr &lambda = *call.args()[1];
  if (!ev.checkLambda(call, lambda, 1, 2))
    return foldLambdaCall(ev, call, Value::null(), "malformed lambda");
  return applyToInput(
      ev, call, "an array", isArray, [&](const Value &input, std::string &) {
        std::vector<Value> out;
        const auto &elements = input.elements();
        for (size_t i = 0; i != elements.size(); ++i)
          out.push_back(ev.callLambda(
              lambda, {elements[i], Value::integer(static_cast<int64_t>(i))}));
        return Value::array(std::move(out));
      });
}

static Value lazyFilter(Evaluator &ev, const Expr &call) {
  const Expr &lambda = *call.args()[1];
  if (!ev.checkLambda(call, lambda, 1, 2))
    return foldLambdaCall(ev, call, Value::null(), "malformed lambda");
  return applyToInput(
      ev, call, "an array", isArray, [&](const Value &input, std::string &why) {
        std::vector<Value> out;
        const auto &elements = input.elements();
        for (size_t i = 0; i != elements.size(); ++i) {
          Value keep = ev.callLambda(
              lambda, {elements[i], Value::integer(static_cast<int64_t>(i))});
          std::optional<bool> b = asBool(ev, call, keep, why);
          if (!b)
            return Value::null();
          if (*b)
            out.push_back(elements[i]);
        }
        return Value::array(std::move(out));
      });
}

static Value lazyReduce(Evaluator &ev, const Expr &call) {
  const Expr &lambda = *call.args()[2];
  if (!ev.checkLambda(call, lambda, 2, 3))
    return foldLambdaCall(ev, call, Value::null(), "malformed lambda");
  return applyToInput(
      ev, call, "an array", isArray, [&](const Value &input, std::string &) {
        Value acc = ev.eval(call.args()[1]);
        const auto &elements = input.elements();
        for (size_t i = 0; i != elements.size(); ++i)
          acc =
              ev.callLambda(lambda, {acc, elements[i],
                                     Value::integer(static_cast<int64_t>(i))});
        return acc;
      });
}

static Value lazySort(Evaluator &ev, const Expr &call) {
  const Expr &lambda = *call.args()[1];
  if (!ev.checkLambda(call, lambda, 2, 2))
    return foldLambdaCall(ev, call, Value::null(), "malformed lambda");
  return applyToInput(
      ev, call, "an array", isArray, [&](const Value &input, std::string &why) {
        std::vector<Value> items = input.elements();
        std::vector<Value> buffer(items.size());
        // Bottom-up merge sort: stable, and safe whatever the comparator
        // answers.
        for (size_t width = 1; width < items.size() && why.empty();
             width *= 2) {
          for (size_t lo = 0; lo < items.size() && why.empty();
               lo += 2 * width) {
            size_t mid = std::min(lo + width, items.size());
            size_t hi = std::min(lo + 2 * width, items.size());
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
              Value before = ev.callLambda(lambda, {items[j], items[i]});
              std::optional<bool> b = asBool(ev, call, before, why);
              if (!b)
                return Value::null();
              buffer[k++] = *b ? items[j++] : items[i++];
            }
            while (i < mid)
              buffer[k++] = items[i++];
            while (j < hi)
              buffer[k++] = items[j++];
            for (size_t m = lo; m != hi; ++m)
              items[m] = std::move(buffer[m]);
          }
        }
        return Value::array(std::move(items));
      });
}

/// A key a lambda produced: a string, or nullopt with \p why set.
static std::optional<std::string> asKey(Evaluator &ev, const Expr &call,
                                        const Value &v, std::string &why) {
  if (v.isString())
    return v.getString();
  if (!v.isKnown()) {
    why = Evaluator::getProvenance(v);
    return std::nullopt;
  }
  why = (llvm::Twine("function '") + call.text() +
         "' fails: its key lambda must return a string, not " + getTypeName(v))
            .str();
  ev.reportError(call.getRange(), why);
  return std::nullopt;
}

static Member *findKey(std::vector<Member> &members, llvm::StringRef key) {
  for (Member &m : members)
    if (llvm::StringRef(m.key).equals_insensitive(key))
      return &m;
  return nullptr;
}

static Value lazyToObject(Evaluator &ev, const Expr &call) {
  const Expr &keyLambda = *call.args()[1];
  if (!ev.checkLambda(call, keyLambda, 1, 1) ||
      (call.args().size() > 2 && !ev.checkLambda(call, *call.args()[2], 1, 1)))
    return foldLambdaCall(ev, call, Value::null(), "malformed lambda");
  return applyToInput(
      ev, call, "an array", isArray, [&](const Value &input, std::string &why) {
        std::vector<Member> out;
        for (const Value &e : input.elements()) {
          std::optional<std::string> key =
              asKey(ev, call, ev.callLambda(keyLambda, {e}), why);
          if (!key)
            return Value::null();
          Value value =
              call.args().size() > 2 ? ev.callLambda(*call.args()[2], {e}) : e;
          if (Member *existing = findKey(out, *key))
            existing->value = std::move(value);
          else
            out.push_back({*key, {}, std::move(value)});
        }
        return Value::object(std::move(out));
      });
}

static Value lazyGroupBy(Evaluator &ev, const Expr &call) {
  const Expr &lambda = *call.args()[1];
  if (!ev.checkLambda(call, lambda, 1, 1) ||
      (call.args().size() > 2 && !ev.checkLambda(call, *call.args()[2], 1, 1)))
    return foldLambdaCall(ev, call, Value::null(), "malformed lambda");
  return applyToInput(
      ev, call, "an array", isArray, [&](const Value &input, std::string &why) {
        std::vector<Member> out;
        for (const Value &e : input.elements()) {
          std::optional<std::string> key =
              asKey(ev, call, ev.callLambda(lambda, {e}), why);
          if (!key)
            return Value::null();
          // An optional second lambda maps the grouped values.
          Value value =
              call.args().size() > 2 ? ev.callLambda(*call.args()[2], {e}) : e;
          if (Member *existing = findKey(out, *key))
            existing->value.elements().push_back(std::move(value));
          else
            out.push_back({*key, {}, Value::array({std::move(value)})});
        }
        return Value::object(std::move(out));
      });
}

static Value lazyMapValues(Evaluator &ev, const Expr &call) {
  const Expr &lambda = *call.args()[1];
  if (!ev.checkLambda(call, lambda, 1, 1))
    return foldLambdaCall(ev, call, Value::null(), "malformed lambda");
  return applyToInput(
      ev, call, "an object", isObject, [&](const Value &input, std::string &) {
        std::vector<Member> out;
        for (const Member &m : input.members())
          out.push_back({m.key, m.keyRange, ev.callLambda(lambda, {m.value})});
        return Value::object(std::move(out));
      });
}

static Value lazyLambda(Evaluator &ev, const Expr &call) {
  std::string message = "lambda() can only be an argument of filter, map, "
                        "reduce, sort, toObject, groupBy or mapValues";
  ev.reportStaticError(call.getRange(), message);
  return Value::unknown(
      Expr::makeCall(call.text(), call.args(), call.getRange()), message);
}

static Value lazyLambdaVariables(Evaluator &ev, const Expr &call) {
  Value name = ev.eval(call.args()[0]);
  if (!name.isString())
    return ev.foldCall(call, {name}, "the lambda variable name is not known");
  return ev.getLambdaVariable(call, name.getString());
}

static const Builtin lambdaBuiltins[] = {
    {"filter", 2, 2, ArgPolicy::Raw, nullptr, lazyFilter},
    {"groupBy", 2, 3, ArgPolicy::Raw, nullptr, lazyGroupBy},
    {"lambda", 1, Builtin::VarArgs, ArgPolicy::Raw, nullptr, lazyLambda},
    {"lambdaVariables", 1, 1, ArgPolicy::Raw, nullptr, lazyLambdaVariables},
    {"map", 2, 2, ArgPolicy::Raw, nullptr, lazyMap},
    {"mapValues", 2, 2, ArgPolicy::Raw, nullptr, lazyMapValues},
    {"reduce", 3, 3, ArgPolicy::Raw, nullptr, lazyReduce},
    {"sort", 2, 2, ArgPolicy::Raw, nullptr, lazySort},
    {"toObject", 2, 3, ArgPolicy::Raw, nullptr, lazyToObject},
};

llvm::ArrayRef<Builtin> armor::eval::getLambdaBuiltins() {
  return lambdaBuiltins;
}
