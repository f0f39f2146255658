//===- NumericFunctions.cpp - ARM numeric functions -----------------------===//
///
/// \file
/// add, copyIndex, div, float, int, max, min, mod, mul, sub.
///
/// Integers are 64-bit. Arithmetic is checked as ARM's is: an overflow is
/// an error ("detected overflow"), not a wrap-around; division truncates
/// toward zero and the remainder takes the dividend's sign, as in .NET.
///
//===----------------------------------------------------------------------===//

#include "passes/eval/Evaluator.h"
#include "passes/eval/ValueUtil.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <cstdlib>

using namespace armor;
using namespace armor::eval;
using ir::Expr;
using ir::ExprPtr;
using ir::Value;

/// Both operands as integers, or a failure.
static bool getOperands(CallContext &c, int64_t &a, int64_t &b, Value &error) {
  for (size_t i = 0; i != 2; ++i)
    if (!c[i].isInteger()) {
      error = c.failType(i, "an integer");
      return false;
    }
  a = c[0].getInteger();
  b = c[1].getInteger();
  return true;
}

static Value fnAdd(CallContext &c) {
  int64_t a, b, r;
  Value error;
  if (!getOperands(c, a, b, error))
    return error;
  if (__builtin_add_overflow(a, b, &r))
    return c.fail("the result overflows a 64-bit integer");
  return Value::integer(r);
}

static Value fnSub(CallContext &c) {
  int64_t a, b, r;
  Value error;
  if (!getOperands(c, a, b, error))
    return error;
  if (__builtin_sub_overflow(a, b, &r))
    return c.fail("the result overflows a 64-bit integer");
  return Value::integer(r);
}

static Value fnMul(CallContext &c) {
  int64_t a, b, r;
  Value error;
  if (!getOperands(c, a, b, error))
    return error;
  if (__builtin_mul_overflow(a, b, &r))
    return c.fail("the result overflows a 64-bit integer");
  return Value::integer(r);
}

static Value fnDiv(CallContext &c) {
  int64_t a, b;
  Value error;
  if (!getOperands(c, a, b, error))
    return error;
  if (b == 0)
    return c.fail("division by zero");
  if (a == INT64_MIN && b == -1)
    return c.fail("the result overflows a 64-bit integer");
  return Value::integer(a / b);
}

static Value fnMod(CallContext &c) {
  int64_t a, b;
  Value error;
  if (!getOperands(c, a, b, error))
    return error;
  if (b == 0)
    return c.fail("division by zero");
  if (b == -1)
    return Value::integer(0);
  return Value::integer(a % b);
}

static Value fnInt(CallContext &c) {
  const Value &v = c[0];
  if (v.isInteger())
    return v;
  if (v.isFloat()) {
    double d = v.getFloat();
    if (std::trunc(d) == d && std::fabs(d) < 9.2e18)
      return Value::integer(static_cast<int64_t>(d));
    return c.fail(llvm::Twine("'") + toDisplayString(v) +
                  "' is not an integer");
  }
  if (v.isString()) {
    // long.TryParse: optional white space and sign, decimal digits.
    llvm::StringRef s = llvm::StringRef(v.getString()).trim();
    bool negative = s.consume_front("-");
    if (!negative)
      s.consume_front("+");
    uint64_t magnitude = 0;
    if (s.empty() || !llvm::all_of(s, llvm::isDigit) ||
        s.getAsInteger(10, magnitude) ||
        magnitude > (negative ? uint64_t(INT64_MAX) + 1 : uint64_t(INT64_MAX)))
      return c.fail("'" + v.getString() + "' is not a 64-bit integer");
    return Value::integer(negative ? static_cast<int64_t>(0 - magnitude)
                                   : static_cast<int64_t>(magnitude));
  }
  return c.failType(0, "a string or an integer");
}

static Value fnFloat(CallContext &c) {
  const Value &v = c[0];
  if (v.isFloat())
    return v;
  if (v.isInteger())
    return Value::floating(static_cast<double>(v.getInteger()));
  if (v.isString()) {
    std::string s = llvm::StringRef(v.getString()).trim().str();
    char *end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size() &&
        !llvm::StringRef(s).contains_insensitive("x"))
      return Value::floating(d);
    return c.fail("'" + v.getString() + "' is not a number");
  }
  if (v.isBoolean())
    return Value::floating(v.getBoolean() ? 1 : 0);
  return c.failType(0, "a string or a number");
}

static Value minOrMax(CallContext &c, bool isMax) {
  std::vector<Value> items =
      c.size() == 1 && c[0].isArray() ? c[0].elements() : c.args;
  if (items.empty())
    return c.fail("needs at least one number");
  bool anyFloat = false;
  for (const Value &item : items) {
    if (!item.isKnown())
      return c.unknown(Evaluator::getProvenance(item));
    if (!item.isInteger() && !item.isFloat())
      return c.fail(llvm::Twine("expects numbers, not ") + getTypeName(item));
    anyFloat |= item.isFloat();
  }
  if (anyFloat) {
    double best = 0;
    for (size_t i = 0; i != items.size(); ++i) {
      double d = items[i].isInteger()
                     ? static_cast<double>(items[i].getInteger())
                     : items[i].getFloat();
      if (i == 0 || (isMax ? d > best : d < best))
        best = d;
    }
    return Value::floating(best);
  }
  int64_t best = items[0].getInteger();
  for (const Value &item : items)
    best = isMax ? std::max(best, item.getInteger())
                 : std::min(best, item.getInteger());
  return Value::integer(best);
}

static Value fnMax(CallContext &c) { return minOrMax(c, true); }
static Value fnMin(CallContext &c) { return minOrMax(c, false); }

static Value lazyCopyIndex(Evaluator &ev, const Expr &call) {
  std::vector<Value> args;
  for (const ExprPtr &arg : call.args())
    args.push_back(ev.eval(arg));
  for (const Value &arg : args)
    if (!arg.isKnown())
      return ev.foldCall(call, args, Evaluator::getProvenance(arg));
  std::string loop;
  bool named = false;
  int64_t offset = 0;
  auto bad = [&](const char *what) {
    std::string message =
        (llvm::Twine("function 'copyIndex' fails: ") + what).str();
    ev.reportError(call.getRange(), message);
    return ev.foldCall(call, args, message);
  };
  if (args.size() >= 1) {
    if (args[0].isString()) {
      loop = args[0].getString();
      named = true;
    } else if (args[0].isInteger() && args.size() == 1) {
      offset = args[0].getInteger();
    } else {
      return bad("the first argument must be a loop name or an offset");
    }
  }
  if (args.size() == 2) {
    if (!args[1].isInteger())
      return bad("the offset must be an integer");
    offset = args[1].getInteger();
  }
  return ev.getCopyIndex(call, loop, named, offset);
}

static const Builtin numericBuiltins[] = {
    {"add", 2, 2, ArgPolicy::Strict, fnAdd, nullptr},
    {"copyIndex", 0, 2, ArgPolicy::Raw, nullptr, lazyCopyIndex},
    {"div", 2, 2, ArgPolicy::Strict, fnDiv, nullptr},
    {"float", 1, 1, ArgPolicy::Strict, fnFloat, nullptr},
    {"int", 1, 1, ArgPolicy::Strict, fnInt, nullptr},
    {"max", 1, Builtin::VarArgs, ArgPolicy::Shallow, fnMax, nullptr},
    {"min", 1, Builtin::VarArgs, ArgPolicy::Shallow, fnMin, nullptr},
    {"mod", 2, 2, ArgPolicy::Strict, fnMod, nullptr},
    {"mul", 2, 2, ArgPolicy::Strict, fnMul, nullptr},
    {"sub", 2, 2, ArgPolicy::Strict, fnSub, nullptr},
};

llvm::ArrayRef<Builtin> armor::eval::getNumericBuiltins() {
  return numericBuiltins;
}
