//===- PolicyOperators.cpp - Azure Policy condition operators -------------===//

#include "passes/policy/PolicyOperators.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace armor;
using namespace armor::policy;
using ir::Value;

std::optional<Operator> armor::policy::parseOperator(llvm::StringRef key) {
  std::string lower = key.lower();
  return llvm::StringSwitch<std::optional<Operator>>(lower)
      .Case("equals", Operator::Equals)
      .Case("notequals", Operator::NotEquals)
      .Case("like", Operator::Like)
      .Case("notlike", Operator::NotLike)
      .Case("match", Operator::Match)
      .Case("notmatch", Operator::NotMatch)
      .Case("matchinsensitively", Operator::MatchInsensitively)
      .Case("notmatchinsensitively", Operator::NotMatchInsensitively)
      .Case("contains", Operator::Contains)
      .Case("notcontains", Operator::NotContains)
      .Case("in", Operator::In)
      .Case("notin", Operator::NotIn)
      .Case("containskey", Operator::ContainsKey)
      .Case("notcontainskey", Operator::NotContainsKey)
      .Case("less", Operator::Less)
      .Case("lessorequals", Operator::LessOrEquals)
      .Case("greater", Operator::Greater)
      .Case("greaterorequals", Operator::GreaterOrEquals)
      .Case("exists", Operator::Exists)
      .Default(std::nullopt);
}

llvm::StringRef armor::policy::getOperatorName(Operator op) {
  switch (op) {
  case Operator::Equals:
    return "equals";
  case Operator::NotEquals:
    return "notEquals";
  case Operator::Like:
    return "like";
  case Operator::NotLike:
    return "notLike";
  case Operator::Match:
    return "match";
  case Operator::NotMatch:
    return "notMatch";
  case Operator::MatchInsensitively:
    return "matchInsensitively";
  case Operator::NotMatchInsensitively:
    return "notMatchInsensitively";
  case Operator::Contains:
    return "contains";
  case Operator::NotContains:
    return "notContains";
  case Operator::In:
    return "in";
  case Operator::NotIn:
    return "notIn";
  case Operator::ContainsKey:
    return "containsKey";
  case Operator::NotContainsKey:
    return "notContainsKey";
  case Operator::Less:
    return "less";
  case Operator::LessOrEquals:
    return "lessOrEquals";
  case Operator::Greater:
    return "greater";
  case Operator::GreaterOrEquals:
    return "greaterOrEquals";
  case Operator::Exists:
    return "exists";
  }
  llvm_unreachable("unknown policy operator");
}

std::optional<Operator> armor::policy::getNegatedOperator(Operator op) {
  switch (op) {
  case Operator::NotEquals:
    return Operator::Equals;
  case Operator::NotLike:
    return Operator::Like;
  case Operator::NotMatch:
    return Operator::Match;
  case Operator::NotMatchInsensitively:
    return Operator::MatchInsensitively;
  case Operator::NotContains:
    return Operator::Contains;
  case Operator::NotIn:
    return Operator::In;
  case Operator::NotContainsKey:
    return Operator::ContainsKey;
  default:
    return std::nullopt;
  }
}

std::string armor::policy::normalizeLocation(llvm::StringRef location) {
  std::string out;
  out.reserve(location.size());
  for (char c : location)
    if (!llvm::isSpace(c))
      out += llvm::toLower(c);
  return out;
}

/// The text a scalar compares as: strings as they are, booleans as
/// "true"/"false", numbers in decimal. Null, arrays and objects have none.
static std::optional<std::string> getScalarText(const Value &v) {
  switch (v.getKind()) {
  case Value::Kind::String:
    return v.getString();
  case Value::Kind::Boolean:
    return std::string(v.getBoolean() ? "true" : "false");
  case Value::Kind::Integer:
    return std::to_string(v.getInteger());
  case Value::Kind::Float: {
    double d = v.getFloat();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15)
      return std::to_string(static_cast<int64_t>(d));
    return llvm::formatv("{0}", d).str();
  }
  default:
    return std::nullopt;
  }
}

static bool isNumber(const Value &v) { return v.isInteger() || v.isFloat(); }
static double toDouble(const Value &v) {
  return v.isInteger() ? static_cast<double>(v.getInteger()) : v.getFloat();
}

Truth armor::policy::policyEquals(const Value &a, const Value &b) {
  if (!a.isKnown() || !b.isKnown())
    return Truth::Unknown;
  if (a.isNull() || b.isNull())
    return toTruth(a.isNull() && b.isNull());
  if (isNumber(a) && isNumber(b))
    return toTruth(toDouble(a) == toDouble(b));
  if (a.isArray() || b.isArray()) {
    if (!a.isArray() || !b.isArray() ||
        a.elements().size() != b.elements().size())
      return Truth::False;
    Truth result = Truth::True;
    for (size_t i = 0; i != a.elements().size(); ++i) {
      Truth t = policyEquals(a.elements()[i], b.elements()[i]);
      if (t == Truth::False)
        return t;
      if (t == Truth::Unknown)
        result = t;
    }
    return result;
  }
  if (a.isObject() || b.isObject()) {
    if (!a.isObject() || !b.isObject() ||
        a.members().size() != b.members().size())
      return Truth::False;
    Truth result = Truth::True;
    for (const ir::Member &m : a.members()) {
      const Value *other = b.get(m.key);
      if (!other)
        return Truth::False;
      Truth t = policyEquals(m.value, *other);
      if (t == Truth::False)
        return t;
      if (t == Truth::Unknown)
        result = t;
    }
    return result;
  }
  std::optional<std::string> ta = getScalarText(a), tb = getScalarText(b);
  if (!ta || !tb)
    return Truth::False;
  return toTruth(llvm::StringRef(*ta).equals_insensitive(*tb));
}

bool armor::policy::matchLike(llvm::StringRef text, llvm::StringRef pattern) {
  // Classic wildcard matching with backtracking to the last '*'.
  size_t t = 0, p = 0, star = llvm::StringRef::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
      continue;
    }
    if (p < pattern.size() &&
        llvm::toLower(pattern[p]) == llvm::toLower(text[t])) {
      ++p;
      ++t;
      continue;
    }
    if (star == llvm::StringRef::npos)
      return false;
    p = star + 1;
    t = ++mark;
  }
  while (p < pattern.size() && pattern[p] == '*')
    ++p;
  return p == pattern.size();
}

bool armor::policy::matchPattern(llvm::StringRef text, llvm::StringRef pattern,
                                 bool ignoreCase) {
  if (text.size() != pattern.size())
    return false;
  for (size_t i = 0; i != text.size(); ++i) {
    char p = pattern[i], c = text[i];
    if (p == '#') {
      if (!llvm::isDigit(c))
        return false;
    } else if (p == '?') {
      if (!llvm::isAlpha(c))
        return false;
    } else if (p != '.') {
      if (ignoreCase ? llvm::toLower(p) != llvm::toLower(c) : p != c)
        return false;
    }
  }
  return true;
}

/// Orders two known scalars as Azure's less/greater do: numbers by value,
/// strings with the invariant culture ignoring case. Nullopt when they
/// cannot be compared (Azure fails the evaluation; armor reports nothing).
static std::optional<int> compareScalars(const Value &a, const Value &b) {
  if (isNumber(a) && isNumber(b)) {
    double x = toDouble(a), y = toDouble(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.isString() && b.isString()) {
    llvm::StringRef x(a.getString()), y(b.getString());
    if (x.equals_insensitive(y))
      return 0;
    return eval::compareInvariant(x, y) < 0 ? -1 : 1;
  }
  return std::nullopt;
}

static std::optional<bool> getExpectedExistence(const Value &value) {
  if (value.isBoolean())
    return value.getBoolean();
  if (value.isString()) {
    if (llvm::StringRef(value.getString()).equals_insensitive("true"))
      return true;
    if (llvm::StringRef(value.getString()).equals_insensitive("false"))
      return false;
  }
  return std::nullopt;
}

Truth armor::policy::applyOperator(Operator op, const Value *operand,
                                   const Value &value) {
  if (std::optional<Operator> positive = getNegatedOperator(op))
    return negate(applyOperator(*positive, operand, value));
  bool absent = !operand || operand->isNull();
  if (op == Operator::Exists) {
    std::optional<bool> expected = getExpectedExistence(value);
    if (!expected)
      return value.isKnown() ? Truth::False : Truth::Unknown;
    // A value that is not known is still a value: the field exists.
    return toTruth(!absent == *expected);
  }
  if (absent)
    return Truth::False;
  if (!operand->isKnown() || !value.isKnown())
    return Truth::Unknown;
  switch (op) {
  case Operator::Equals:
    return policyEquals(*operand, value);
  case Operator::Like: {
    std::optional<std::string> text = getScalarText(*operand);
    if (!text || !value.isString())
      return Truth::False;
    return toTruth(matchLike(*text, value.getString()));
  }
  case Operator::Match:
  case Operator::MatchInsensitively: {
    std::optional<std::string> text = getScalarText(*operand);
    if (!text || !value.isString())
      return Truth::False;
    return toTruth(matchPattern(*text, value.getString(),
                                op == Operator::MatchInsensitively));
  }
  case Operator::Contains: {
    if (operand->isArray()) {
      Truth result = Truth::False;
      for (const Value &element : operand->elements()) {
        Truth t = policyEquals(element, value);
        if (t == Truth::True)
          return t;
        if (t == Truth::Unknown)
          result = t;
      }
      return result;
    }
    std::optional<std::string> text = getScalarText(*operand);
    std::optional<std::string> needle = getScalarText(value);
    if (!text || !needle)
      return Truth::False;
    return toTruth(llvm::StringRef(*text).contains_insensitive(*needle));
  }
  case Operator::In: {
    if (!value.isArray())
      return Truth::False;
    Truth result = Truth::False;
    for (const Value &element : value.elements()) {
      Truth t = policyEquals(*operand, element);
      if (t == Truth::True)
        return t;
      if (t == Truth::Unknown)
        result = t;
    }
    return result;
  }
  case Operator::ContainsKey: {
    std::optional<std::string> key = getScalarText(value);
    if (!operand->isObject() || !key)
      return Truth::False;
    return toTruth(operand->getMember(*key) != nullptr);
  }
  case Operator::Less:
  case Operator::LessOrEquals:
  case Operator::Greater:
  case Operator::GreaterOrEquals: {
    std::optional<int> order = compareScalars(*operand, value);
    if (!order)
      return Truth::False;
    if (op == Operator::Less)
      return toTruth(*order < 0);
    if (op == Operator::LessOrEquals)
      return toTruth(*order <= 0);
    if (op == Operator::Greater)
      return toTruth(*order > 0);
    return toTruth(*order >= 0);
  }
  default:
    break;
  }
  llvm_unreachable("negative operators are handled above");
}
