//===- EvalTestSupport.h - Helpers for the evaluator tests ------*- C++ -*-===//
///
/// \file
/// A small parser for the ARM expression language (enough for tests, so
/// that the passes tests need not link the frontend), a fixture that holds
/// a module to evaluate expressions in, and `show()`, which prints a value
/// compactly: known values as JSON, `unknown[expr]` and `one-of(a|b)`.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_TEST_UNIT_PASSES_EVALTESTSUPPORT_H
#define ARMOR_TEST_UNIT_PASSES_EVALTESTSUPPORT_H

#include "passes/EvaluatePass.h"
#include "passes/eval/Evaluator.h"
#include "passes/eval/ValueUtil.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <gtest/gtest.h>

#include <string>

namespace armor::evaltest {

using ir::Expr;
using ir::ExprPtr;
using ir::Value;

/// Parses the text inside "[...]". Test inputs are well-formed.
class MiniParser {
public:
  explicit MiniParser(llvm::StringRef text) : text(text) {}

  ExprPtr parse() {
    ExprPtr e = parseExpr();
    skip();
    EXPECT_EQ(pos, text.size()) << "trailing text in " << text.str();
    return e;
  }

private:
  void skip() {
    while (pos < text.size() && text[pos] == ' ')
      ++pos;
  }

  ExprPtr parseExpr() {
    ExprPtr e = parsePrimary();
    for (;;) {
      skip();
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        size_t start = pos;
        while (pos < text.size() && (llvm::isAlnum(text[pos]) ||
                                     text[pos] == '_' || text[pos] == '$'))
          ++pos;
        e = Expr::makeMember(e, text.slice(start, pos).str());
        continue;
      }
      if (pos < text.size() && text[pos] == '[') {
        ++pos;
        ExprPtr index = parseExpr();
        skip();
        EXPECT_EQ(text[pos], ']');
        ++pos;
        e = Expr::makeIndex(e, index);
        continue;
      }
      return e;
    }
  }

  ExprPtr parsePrimary() {
    skip();
    char c = text[pos];
    if (c == '\'') {
      std::string s;
      ++pos;
      while (pos < text.size()) {
        if (text[pos] == '\'') {
          if (pos + 1 < text.size() && text[pos + 1] == '\'') {
            s += '\'';
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        s += text[pos++];
      }
      return Expr::makeString(s);
    }
    if (c == '-' || llvm::isDigit(c)) {
      size_t start = pos++;
      while (pos < text.size() && llvm::isDigit(text[pos]))
        ++pos;
      int64_t v = 0;
      text.slice(start, pos).getAsInteger(10, v);
      return Expr::makeInteger(v);
    }
    size_t start = pos;
    while (pos < text.size() &&
           (llvm::isAlnum(text[pos]) || text[pos] == '_' || text[pos] == '.'))
      ++pos;
    std::string name = text.slice(start, pos).str();
    skip();
    if (pos < text.size() && text[pos] == '(') {
      ++pos;
      std::vector<ExprPtr> args;
      skip();
      if (text[pos] == ')') {
        ++pos;
        return Expr::makeCall(name, {});
      }
      for (;;) {
        args.push_back(parseExpr());
        skip();
        if (text[pos] == ',') {
          ++pos;
          continue;
        }
        EXPECT_EQ(text[pos], ')') << "in " << text.str();
        ++pos;
        return Expr::makeCall(name, std::move(args));
      }
    }
    if (name == "true" || name == "false")
      return Expr::makeBoolean(name == "true");
    if (name == "null")
      return Expr::makeNull();
    ADD_FAILURE() << "cannot parse '" << name << "' in " << text.str();
    return Expr::makeNull();
  }

  llvm::StringRef text;
  size_t pos = 0;
};

inline ExprPtr parseExpr(llvm::StringRef text) {
  return MiniParser(text).parse();
}

/// Turns "[...]" strings of a JSON value into expressions, as the ARM
/// lowering does.
inline void lowerStrings(Value &value) {
  if (value.isString()) {
    llvm::StringRef s = value.getString();
    if (s.starts_with("[[")) {
      value = Value::string(s.drop_front().str());
    } else if (s.starts_with("[") && s.ends_with("]")) {
      value = Value::expression(parseExpr(s.drop_front().drop_back()));
    }
    return;
  }
  for (Value &e : value.elements())
    lowerStrings(e);
  for (ir::Member &m : value.members())
    lowerStrings(m.value);
}

/// JSON (single quotes allowed) with "[...]" strings as expressions.
inline Value json(llvm::StringRef text) {
  std::string error;
  std::optional<Value> v = eval::parseJsonText(text, error);
  EXPECT_TRUE(v.has_value()) << error << " in " << text.str();
  if (!v)
    return Value::null();
  lowerStrings(*v);
  return *v;
}

/// Prints a value for comparisons: JSON for known parts, unknown[expr],
/// one-of(a|b).
inline std::string show(const Value &v) {
  std::string out;
  switch (v.getKind()) {
  case Value::Kind::Unknown:
  case Value::Kind::Expression:
    out = "unknown[";
    if (v.expr())
      out += v.expr()->str();
    out += "]";
    return out;
  case Value::Kind::Enumerated:
    out = "one-of(";
    for (size_t i = 0; i != v.alternatives().size(); ++i) {
      if (i)
        out += "|";
      out += show(v.alternatives()[i]);
    }
    out += ")";
    return out;
  case Value::Kind::Array:
    out = "[";
    for (size_t i = 0; i != v.elements().size(); ++i) {
      if (i)
        out += ",";
      out += show(v.elements()[i]);
    }
    out += "]";
    return out;
  case Value::Kind::Object:
    out = "{";
    for (size_t i = 0; i != v.members().size(); ++i) {
      if (i)
        out += ",";
      out += eval::toJsonText(Value::string(v.members()[i].key));
      out += ":";
      out += show(v.members()[i].value);
    }
    out += "}";
    return out;
  default:
    return eval::toJsonText(v);
  }
}

/// A module to evaluate expressions in, with its diagnostics.
class EvalFixture : public ::testing::Test {
protected:
  void addParameter(llvm::StringRef name, llvm::StringRef type,
                    std::optional<Value> defaultValue = std::nullopt,
                    std::optional<Value> allowed = std::nullopt) {
    ir::Parameter p;
    p.name = name.str();
    p.type = type.str();
    p.defaultValue = std::move(defaultValue);
    p.allowedValues = std::move(allowed);
    p.declaration = Value::object({});
    module.parameters.push_back(std::move(p));
  }
  void addVariable(llvm::StringRef name, Value value) {
    module.variables.push_back({name.str(), {}, std::move(value)});
  }

  /// Evaluates one expression in the module.
  Value evaluate(llvm::StringRef text) {
    eval::Evaluator evaluator(diags);
    eval::ModuleScope scope(module, context, nullptr, false, 0);
    return evaluator.evaluateIn(scope, parseExpr(text));
  }
  /// show() of evaluate().
  std::string eval(llvm::StringRef text) { return show(evaluate(text)); }
  /// The provenance of an unknown or enumerated result.
  std::string why(llvm::StringRef text) {
    return eval::Evaluator::getProvenance(evaluate(text));
  }
  /// The messages reported so far, joined with "\n"; clears them.
  std::string errors() {
    std::string out;
    for (const Diagnostic &d : diags.diagnostics()) {
      if (!out.empty())
        out += "\n";
      out += d.message;
    }
    diags.diagnostics().clear();
    return out;
  }
  /// Evaluates the whole module in place.
  void run() { EvaluatePass(context).run(module, diags); }

  ir::Module module;
  DiagnosticEngine diags;
  EvaluationContext context;
};

} // namespace armor::evaltest

#endif // ARMOR_TEST_UNIT_PASSES_EVALTESTSUPPORT_H
