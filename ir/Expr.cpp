//===- Expr.cpp - ARM template language expressions -----------------------===//

#include "ir/Expr.h"

using namespace armor;
using namespace armor::ir;

ExprPtr Expr::makeString(std::string value, SourceRange range) {
  auto e = std::make_shared<Expr>(Kind::String, range);
  e->textValue = std::move(value);
  return e;
}

ExprPtr Expr::makeInteger(int64_t value, SourceRange range) {
  auto e = std::make_shared<Expr>(Kind::Integer, range);
  e->integerValue = value;
  return e;
}

ExprPtr Expr::makeBoolean(bool value, SourceRange range) {
  auto e = std::make_shared<Expr>(Kind::Boolean, range);
  e->integerValue = value;
  return e;
}

ExprPtr Expr::makeNull(SourceRange range) {
  return std::make_shared<Expr>(Kind::Null, range);
}

ExprPtr Expr::makeCall(std::string name, std::vector<ExprPtr> args,
                       SourceRange range) {
  auto e = std::make_shared<Expr>(Kind::Call, range);
  e->textValue = std::move(name);
  e->operands = std::move(args);
  return e;
}

ExprPtr Expr::makeMember(ExprPtr operand, std::string name, SourceRange range) {
  auto e = std::make_shared<Expr>(Kind::Member, range);
  e->textValue = std::move(name);
  e->operands.push_back(std::move(operand));
  return e;
}

ExprPtr Expr::makeIndex(ExprPtr operand, ExprPtr index, SourceRange range) {
  auto e = std::make_shared<Expr>(Kind::Index, range);
  e->operands.push_back(std::move(operand));
  e->operands.push_back(std::move(index));
  return e;
}

void Expr::print(std::string &out) const {
  switch (kind) {
  case Kind::String:
    out += '\'';
    for (char c : textValue) {
      if (c == '\'')
        out += '\'';
      out += c;
    }
    out += '\'';
    return;
  case Kind::Integer:
    out += std::to_string(integerValue);
    return;
  case Kind::Boolean:
    out += integerValue ? "true" : "false";
    return;
  case Kind::Null:
    out += "null";
    return;
  case Kind::Call:
    out += textValue;
    out += '(';
    for (size_t i = 0; i != operands.size(); ++i) {
      if (i)
        out += ", ";
      operands[i]->print(out);
    }
    out += ')';
    return;
  case Kind::Member:
    operands[0]->print(out);
    out += '.';
    out += textValue;
    return;
  case Kind::Index:
    operands[0]->print(out);
    out += '[';
    operands[1]->print(out);
    out += ']';
    return;
  }
}

std::string Expr::str() const {
  std::string out;
  print(out);
  return out;
}

std::string Expr::toTemplateString() const {
  if (kind == Kind::String)
    return textValue;
  std::string text = "[";
  print(text);
  text += ']';
  return text;
}
