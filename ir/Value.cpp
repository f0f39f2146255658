//===- Value.cpp - Three-valued template values ---------------------------===//

#include "ir/Value.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <cstdio>

using namespace armor;
using namespace armor::ir;

Value Value::null(SourceRange range) {
  Value v;
  v.range = range;
  return v;
}

Value Value::boolean(bool b, SourceRange range) {
  Value v;
  v.kind = Kind::Boolean;
  v.scalar.boolean = b;
  v.range = range;
  return v;
}

Value Value::integer(int64_t i, SourceRange range) {
  Value v;
  v.kind = Kind::Integer;
  v.scalar.integer = i;
  v.range = range;
  return v;
}

Value Value::floating(double d, SourceRange range) {
  Value v;
  v.kind = Kind::Float;
  v.scalar.real = d;
  v.range = range;
  return v;
}

Value Value::string(std::string s, SourceRange range) {
  Value v;
  v.kind = Kind::String;
  v.text = std::move(s);
  v.range = range;
  return v;
}

Value Value::array(std::vector<Value> elements, SourceRange range) {
  Value v;
  v.kind = Kind::Array;
  v.items = std::move(elements);
  v.range = range;
  return v;
}

Value Value::object(std::vector<Member> members, SourceRange range) {
  Value v;
  v.kind = Kind::Object;
  v.fields = std::move(members);
  v.range = range;
  return v;
}

Value Value::expression(ExprPtr expr, SourceRange range) {
  Value v;
  v.kind = Kind::Expression;
  v.expression_ = std::move(expr);
  v.range = range;
  return v;
}

Value Value::unknown(ExprPtr expr, std::string provenance, SourceRange range) {
  Value v;
  v.kind = Kind::Unknown;
  v.expression_ = std::move(expr);
  v.text = std::move(provenance);
  v.range = range;
  return v;
}

Value Value::enumerated(std::vector<Value> alternatives, std::string provenance,
                        SourceRange range, ExprPtr expr) {
  Value v;
  v.kind = Kind::Enumerated;
  v.expression_ = std::move(expr);
  v.items = std::move(alternatives);
  v.text = std::move(provenance);
  v.range = range;
  return v;
}

bool Value::isFullyKnown() const {
  switch (kind) {
  case Kind::Array:
    for (const Value &e : items)
      if (!e.isFullyKnown())
        return false;
    return true;
  case Kind::Object:
    for (const Member &m : fields)
      if (!m.value.isFullyKnown())
        return false;
    return true;
  default:
    return isKnown();
  }
}

const Member *Value::getMember(llvm::StringRef key) const {
  if (kind != Kind::Object)
    return nullptr;
  for (const Member &m : fields)
    if (llvm::StringRef(m.key).equals_insensitive(key))
      return &m;
  return nullptr;
}

const Value *Value::get(llvm::StringRef key) const {
  const Member *m = getMember(key);
  return m ? &m->value : nullptr;
}

Value *Value::get(llvm::StringRef key) {
  return const_cast<Value *>(static_cast<const Value *>(this)->get(key));
}

const Value *Value::getPath(llvm::StringRef dottedPath) const {
  const Value *v = this;
  while (v && !dottedPath.empty()) {
    auto [head, rest] = dottedPath.split('.');
    v = v->get(head);
    dottedPath = rest;
  }
  return v;
}

bool Value::equals(const Value &other, bool ignoreCase) const {
  if (!isKnown() || !other.isKnown())
    return false;
  // Integers and floats compare by value.
  if ((kind == Kind::Integer || kind == Kind::Float) &&
      (other.kind == Kind::Integer || other.kind == Kind::Float)) {
    double a = kind == Kind::Integer ? double(scalar.integer) : scalar.real;
    double b = other.kind == Kind::Integer ? double(other.scalar.integer)
                                           : other.scalar.real;
    if (kind == Kind::Integer && other.kind == Kind::Integer)
      return scalar.integer == other.scalar.integer;
    return a == b;
  }
  if (kind != other.kind)
    return false;
  switch (kind) {
  case Kind::Null:
    return true;
  case Kind::Boolean:
    return scalar.boolean == other.scalar.boolean;
  case Kind::String:
    return ignoreCase ? llvm::StringRef(text).equals_insensitive(other.text)
                      : text == other.text;
  case Kind::Array:
    if (items.size() != other.items.size())
      return false;
    for (size_t i = 0; i != items.size(); ++i)
      if (!items[i].equals(other.items[i], ignoreCase))
        return false;
    return true;
  case Kind::Object:
    if (fields.size() != other.fields.size())
      return false;
    for (const Member &m : fields) {
      const Value *o = other.get(m.key);
      if (!o || !m.value.equals(*o, ignoreCase))
        return false;
    }
    return true;
  default:
    return false;
  }
}

void armor::ir::printJsonString(std::string &out, llvm::StringRef s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "\\u%04x", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  out += '"';
}

static void printFloat(std::string &out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.17g", d);
  // Use the shortest representation that round-trips.
  for (int precision = 1; precision <= 17; ++precision) {
    char candidate[32];
    std::snprintf(candidate, sizeof(candidate), "%.*g", precision, d);
    if (std::strtod(candidate, nullptr) == d) {
      out += candidate;
      return;
    }
  }
  out += buf;
}

void Value::printJson(std::string &out) const {
  switch (kind) {
  case Kind::Null:
    out += "null";
    return;
  case Kind::Boolean:
    out += scalar.boolean ? "true" : "false";
    return;
  case Kind::Integer:
    out += std::to_string(scalar.integer);
    return;
  case Kind::Float:
    printFloat(out, scalar.real);
    return;
  case Kind::String:
    printJsonString(out, text);
    return;
  case Kind::Array:
    out += '[';
    for (size_t i = 0; i != items.size(); ++i) {
      if (i)
        out += ',';
      items[i].printJson(out);
    }
    out += ']';
    return;
  case Kind::Object:
    out += '{';
    for (size_t i = 0; i != fields.size(); ++i) {
      if (i)
        out += ',';
      printJsonString(out, fields[i].key);
      out += ':';
      fields[i].value.printJson(out);
    }
    out += '}';
    return;
  case Kind::Expression:
  case Kind::Unknown: {
    std::string text = "[";
    if (expression_)
      expression_->print(text);
    text += ']';
    printJsonString(out, text);
  }
    return;
  case Kind::Enumerated: {
    // Printed as the ARM expression a reader would recognise.
    std::string alts;
    for (size_t i = 0; i != items.size(); ++i) {
      if (i)
        alts += '|';
      items[i].printJson(alts);
    }
    std::string text = "<one of ";
    text += alts;
    text += '>';
    printJsonString(out, text);
    return;
  }
  }
}

std::string Value::toJson() const {
  std::string out;
  printJson(out);
  return out;
}
