//===- LogicalFunctions.cpp - ARM comparison and logical functions --------===//
///
/// \file
/// Comparison: coalesce, equals, greater, greaterOrEquals, less,
/// lessOrEquals. Logical: and, bool, false, if, not, or, true.
///
/// `if()` evaluates only the arm its condition selects, as ARM does; on an
/// unknown or enumerated condition both arms are explored and the result is
/// Enumerated when both are constants. `and()` and `or()` stop at the
/// first argument that decides them, so a known false (true) decides even
/// when other arguments are unknown. `equals()` is case-sensitive (Bicep
/// compiles `=~` to `equals(toLower(a), toLower(b))`); `less()` and
/// `greater()` order strings as .NET's invariant culture does.
///
//===----------------------------------------------------------------------===//

#include "passes/eval/Evaluator.h"
#include "passes/eval/ValueUtil.h"

#include "llvm/ADT/StringExtras.h"

using namespace armor;
using namespace armor::eval;
using ir::Expr;
using ir::ExprPtr;
using ir::Value;

static Value fnEquals(CallContext &c) {
  switch (equalValues(c[0], c[1])) {
  case Tri::True:
    return Value::boolean(true);
  case Tri::False:
    return Value::boolean(false);
  case Tri::Unknown:
    return c.unknown();
  }
  llvm_unreachable("bad Tri");
}

/// Compares two ints, floats or strings; nullopt after reporting otherwise.
static std::optional<int> compareValues(CallContext &c, Value &error) {
  const Value &a = c[0], &b = c[1];
  if (a.isString() && b.isString())
    return compareInvariant(a.getString(), b.getString());
  bool numbers =
      (a.isInteger() || a.isFloat()) && (b.isInteger() || b.isFloat());
  if (!numbers) {
    error = c.fail(llvm::Twine("cannot compare ") + getTypeName(a) + " with " +
                   getTypeName(b));
    return std::nullopt;
  }
  if (a.isInteger() && b.isInteger())
    return a.getInteger() < b.getInteger()   ? -1
           : a.getInteger() > b.getInteger() ? 1
                                             : 0;
  double x = a.isInteger() ? static_cast<double>(a.getInteger()) : a.getFloat();
  double y = b.isInteger() ? static_cast<double>(b.getInteger()) : b.getFloat();
  return x < y ? -1 : x > y ? 1 : 0;
}

template <bool (*Pred)(int)> static Value compareWith(CallContext &c) {
  Value error;
  std::optional<int> order = compareValues(c, error);
  if (!order)
    return error;
  return Value::boolean(Pred(*order));
}

static bool isLess(int o) { return o < 0; }
static bool isLessOrEqual(int o) { return o <= 0; }
static bool isGreater(int o) { return o > 0; }
static bool isGreaterOrEqual(int o) { return o >= 0; }

static Value fnCoalesce(CallContext &c) {
  // Nulls drop out; the first value that cannot be null decides; values
  // that may be null (unknown ones) stay in a folded coalesce().
  std::vector<size_t> maybe;
  for (size_t i = 0; i != c.size(); ++i) {
    const Value &v = c[i];
    if (v.isNull())
      continue;
    bool neverNull =
        v.isKnown() || (v.isEnumerated() &&
                        llvm::none_of(v.alternatives(), [](const Value &alt) {
                          return alt.isNull();
                        }));
    maybe.push_back(i);
    if (neverNull)
      break;
  }
  if (maybe.empty())
    return Value::null();
  if (maybe.size() == 1)
    return c[maybe.front()];
  std::vector<ExprPtr> exprs;
  for (size_t i : maybe)
    exprs.push_back(c.evaluator.argumentExpr(c.call.args()[i].get(), c[i]));
  return Value::unknown(
      Expr::makeCall(c.call.text(), std::move(exprs), c.call.getRange()),
      Evaluator::getProvenance(c[maybe.front()]));
}

static Value fnNot(CallContext &c) {
  if (!c[0].isBoolean())
    return c.failType(0, "a bool");
  return Value::boolean(!c[0].getBoolean());
}

static Value fnBool(CallContext &c) {
  const Value &v = c[0];
  if (v.isBoolean())
    return v;
  if (v.isInteger())
    return Value::boolean(v.getInteger() != 0);
  if (v.isString()) {
    llvm::StringRef s = llvm::StringRef(v.getString()).trim();
    if (s.equals_insensitive("true"))
      return Value::boolean(true);
    if (s.equals_insensitive("false"))
      return Value::boolean(false);
    return c.fail("'" + v.getString() + "' is not 'true' or 'false'");
  }
  return c.failType(0, "a bool, a string or an integer");
}

static Value fnTrue(CallContext &) { return Value::boolean(true); }
static Value fnFalse(CallContext &) { return Value::boolean(false); }

/// and() (\p isAnd) or or(): short-circuits on the deciding constant.
static Value andOr(Evaluator &ev, const Expr &call, bool isAnd) {
  std::vector<Value> values;
  bool unknown = false, mayDecide = false, mayPass = true;
  for (const ExprPtr &arg : call.args()) {
    Value v = ev.eval(arg);
    if (v.isBoolean()) {
      if (v.getBoolean() != isAnd)
        return Value::boolean(!isAnd);
      values.push_back(std::move(v));
      continue;
    }
    if (v.isEnumerated() &&
        llvm::all_of(v.alternatives(),
                     [](const Value &alt) { return alt.isBoolean(); })) {
      bool decides = llvm::any_of(v.alternatives(), [&](const Value &alt) {
        return alt.getBoolean() != isAnd;
      });
      bool passes = llvm::any_of(v.alternatives(), [&](const Value &alt) {
        return alt.getBoolean() == isAnd;
      });
      if (decides && !passes)
        return Value::boolean(!isAnd);
      mayDecide |= decides;
      mayPass &= passes;
      values.push_back(std::move(v));
      continue;
    }
    if (v.isKnown()) {
      std::string message =
          (llvm::Twine("function '") + call.text() +
           "' fails: its arguments must be bools, not " + getTypeName(v))
              .str();
      ev.reportError(call.getRange(), message);
      values.push_back(std::move(v));
      return ev.foldCall(call, values, message);
    }
    unknown = true;
    values.push_back(std::move(v));
  }
  std::string provenance;
  for (const Value &v : values)
    if (!v.isKnown()) {
      provenance = Evaluator::getProvenance(v);
      break;
    }
  if (unknown || (mayDecide && !mayPass))
    return ev.foldCall(call, values, provenance);
  if (!mayDecide)
    return Value::boolean(isAnd);
  Value folded = ev.foldCall(call, values, provenance);
  std::vector<Value> alternatives = {Value::boolean(true),
                                     Value::boolean(false)};
  return Value::enumerated(std::move(alternatives), provenance, {},
                           folded.expr());
}

static Value lazyAnd(Evaluator &ev, const Expr &call) {
  return andOr(ev, call, true);
}

static Value lazyOr(Evaluator &ev, const Expr &call) {
  return andOr(ev, call, false);
}

static Value lazyIf(Evaluator &ev, const Expr &call) {
  const auto &args = call.args();
  Value cond = ev.eval(args[0]);
  if (cond.isBoolean())
    return ev.eval(args[cond.getBoolean() ? 1 : 2]);
  bool mayBeTrue = true, mayBeFalse = true;
  if (cond.isEnumerated() &&
      llvm::all_of(cond.alternatives(),
                   [](const Value &alt) { return alt.isBoolean(); })) {
    mayBeTrue = llvm::any_of(cond.alternatives(),
                             [](const Value &alt) { return alt.getBoolean(); });
    mayBeFalse = llvm::any_of(cond.alternatives(), [](const Value &alt) {
      return !alt.getBoolean();
    });
    if (!mayBeFalse)
      return ev.eval(args[1]);
    if (!mayBeTrue)
      return ev.eval(args[2]);
  } else if (cond.isKnown() || cond.isEnumerated()) {
    std::string message =
        (llvm::Twine("function 'if' fails: the condition "
                     "must be a bool, not ") +
         getTypeName(cond.isEnumerated() ? cond.alternatives().front() : cond))
            .str();
    ev.reportError(call.getRange(), message);
    return Value::unknown(
        Expr::makeCall("if", {toExpr(cond), args[1], args[2]}, call.getRange()),
        message);
  }
  // Either arm may be taken: explore both.
  Value whenTrue = ev.speculate([&] { return ev.eval(args[1]); });
  Value whenFalse = ev.speculate([&] { return ev.eval(args[2]); });
  std::string provenance = Evaluator::getProvenance(cond);
  ExprPtr origin = Expr::makeCall("if",
                                  {ev.argumentExpr(args[0].get(), cond),
                                   ev.argumentExpr(args[1].get(), whenTrue),
                                   ev.argumentExpr(args[2].get(), whenFalse)},
                                  call.getRange());
  if (std::optional<Value> combined = ev.combineAlternatives(
          {std::move(whenTrue), std::move(whenFalse)}, provenance, origin))
    return std::move(*combined);
  return Value::unknown(origin, provenance);
}

static const Builtin logicalBuiltins[] = {
    {"and", 1, Builtin::VarArgs, ArgPolicy::Raw, nullptr, lazyAnd},
    {"bool", 1, 1, ArgPolicy::Strict, fnBool, nullptr},
    {"coalesce", 1, Builtin::VarArgs, ArgPolicy::Raw, fnCoalesce, nullptr},
    {"equals", 2, 2, ArgPolicy::Shallow, fnEquals, nullptr},
    {"false", 0, 0, ArgPolicy::Raw, fnFalse, nullptr},
    {"greater", 2, 2, ArgPolicy::Strict, compareWith<isGreater>, nullptr},
    {"greaterOrEquals", 2, 2, ArgPolicy::Strict, compareWith<isGreaterOrEqual>,
     nullptr},
    {"if", 3, 3, ArgPolicy::Raw, nullptr, lazyIf},
    {"less", 2, 2, ArgPolicy::Strict, compareWith<isLess>, nullptr},
    {"lessOrEquals", 2, 2, ArgPolicy::Strict, compareWith<isLessOrEqual>,
     nullptr},
    {"not", 1, 1, ArgPolicy::Strict, fnNot, nullptr},
    {"or", 1, Builtin::VarArgs, ArgPolicy::Raw, nullptr, lazyOr},
    {"true", 0, 0, ArgPolicy::Raw, fnTrue, nullptr},
};

llvm::ArrayRef<Builtin> armor::eval::getLogicalBuiltins() {
  return logicalBuiltins;
}
