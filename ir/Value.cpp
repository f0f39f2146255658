//===- Value.cpp - Three-valued template values ---------------------------===//

#include "ir/Value.h"

#include "llvm/ADT/StringExtras.h"

#include <cassert>
#include <cmath>
#include <cstdio>
#include <type_traits>

using namespace armor;
using namespace armor::ir;

struct Value::Symbolic {
  ExprPtr expr;
  std::string provenance;
  std::vector<Value> alternatives; ///< Enumerated only
};

static_assert(sizeof(Value) <= 48, "the IR is mostly Values: keep them small");

void Value::destroy() {
  switch (kind) {
  case Kind::String:
    u.text.~basic_string();
    break;
  case Kind::Array:
    u.items.~vector();
    break;
  case Kind::Object:
    u.fields.~vector();
    break;
  case Kind::Expression:
    u.expression.~ExprPtr();
    break;
  case Kind::Unknown:
  case Kind::Enumerated:
    delete u.symbolic;
    break;
  default:
    break;
  }
  kind = Kind::Null;
}

/// Constructs this (Null) value's storage from \p other: a copy for an
/// lvalue, a move for an rvalue.
template <typename Source> void Value::constructFrom(Source &&other) {
  constexpr bool moving = std::is_rvalue_reference_v<Source &&>;
  Kind from = other.kind;
  switch (from) {
  case Kind::String:
    new (&u.text) std::string(std::forward<Source>(other).u.text);
    break;
  case Kind::Array:
    new (&u.items) std::vector<Value>(std::forward<Source>(other).u.items);
    break;
  case Kind::Object:
    new (&u.fields) std::vector<Member>(std::forward<Source>(other).u.fields);
    break;
  case Kind::Expression:
    new (&u.expression) ExprPtr(std::forward<Source>(other).u.expression);
    break;
  case Kind::Unknown:
  case Kind::Enumerated:
    if constexpr (moving) {
      u.symbolic = other.u.symbolic;
      other.kind = Kind::Null; // the pointer moved; nothing left to free
    } else {
      u.symbolic = new Symbolic(*other.u.symbolic);
    }
    break;
  case Kind::Boolean:
    u.boolean = other.u.boolean;
    break;
  case Kind::Integer:
    u.integer = other.u.integer;
    break;
  case Kind::Float:
    u.real = other.u.real;
    break;
  case Kind::Null:
    break;
  }
  kind = from;
  range = other.range;
}

Value::Value(const Value &other) : u() { constructFrom(other); }

Value::Value(Value &&other) noexcept : u() { constructFrom(std::move(other)); }

Value &Value::operator=(const Value &other) {
  if (this != &other) {
    // \p other may live inside this value (an element of it): copy first.
    Value copy(other);
    *this = std::move(copy);
  }
  return *this;
}

Value &Value::operator=(Value &&other) noexcept {
  if (this == &other)
    return *this;
  if (kind <= Kind::Float) { // owns nothing that \p other could live in
    constructFrom(std::move(other));
    return *this;
  }
  // \p other may live inside this value: take it out before destroying.
  Value taken(std::move(other));
  destroy();
  constructFrom(std::move(taken));
  return *this;
}

static const std::string EmptyString;
static const std::vector<Value> EmptyElements;
static const std::vector<Member> EmptyMembers;
static const ExprPtr NoExpr;

const std::string &Value::getString() const {
  if (kind == Kind::String)
    return u.text;
  if (kind == Kind::Unknown || kind == Kind::Enumerated)
    return u.symbolic->provenance;
  return EmptyString;
}

const std::vector<Value> &Value::elements() const {
  if (kind == Kind::Array)
    return u.items;
  if (kind == Kind::Enumerated)
    return u.symbolic->alternatives;
  return EmptyElements;
}

std::vector<Value> &Value::elements() {
  if (kind == Kind::Array)
    return u.items;
  if (kind == Kind::Enumerated)
    return u.symbolic->alternatives;
  // Other kinds have no elements: an empty scratch list, as the const
  // overload gives.
  assert(false && "elements() of a value that has none");
  thread_local std::vector<Value> none;
  none.clear();
  return none;
}

const std::vector<Member> &Value::members() const {
  return kind == Kind::Object ? u.fields : EmptyMembers;
}

std::vector<Member> &Value::members() {
  if (kind == Kind::Object)
    return u.fields;
  assert(false && "members() of a value that is no object");
  thread_local std::vector<Member> none;
  none.clear();
  return none;
}

const ExprPtr &Value::expr() const {
  if (kind == Kind::Expression)
    return u.expression;
  if (kind == Kind::Unknown || kind == Kind::Enumerated)
    return u.symbolic->expr;
  return NoExpr;
}

Value Value::null(SourceRange range) {
  Value v;
  v.range = range;
  return v;
}

Value Value::boolean(bool b, SourceRange range) {
  Value v;
  v.kind = Kind::Boolean;
  v.u.boolean = b;
  v.range = range;
  return v;
}

Value Value::integer(int64_t i, SourceRange range) {
  Value v;
  v.kind = Kind::Integer;
  v.u.integer = i;
  v.range = range;
  return v;
}

Value Value::floating(double d, SourceRange range) {
  Value v;
  v.kind = Kind::Float;
  v.u.real = d;
  v.range = range;
  return v;
}

Value Value::string(std::string s, SourceRange range) {
  Value v;
  new (&v.u.text) std::string(std::move(s));
  v.kind = Kind::String;
  v.range = range;
  return v;
}

Value Value::array(std::vector<Value> elements, SourceRange range) {
  Value v;
  new (&v.u.items) std::vector<Value>(std::move(elements));
  v.kind = Kind::Array;
  v.range = range;
  return v;
}

Value Value::object(std::vector<Member> members, SourceRange range) {
  Value v;
  new (&v.u.fields) std::vector<Member>(std::move(members));
  v.kind = Kind::Object;
  v.range = range;
  return v;
}

Value Value::expression(ExprPtr expr, SourceRange range) {
  Value v;
  new (&v.u.expression) ExprPtr(std::move(expr));
  v.kind = Kind::Expression;
  v.range = range;
  return v;
}

Value Value::unknown(ExprPtr expr, std::string provenance, SourceRange range) {
  Value v;
  v.u.symbolic = new Symbolic{std::move(expr), std::move(provenance), {}};
  v.kind = Kind::Unknown;
  v.range = range;
  return v;
}

Value Value::enumerated(std::vector<Value> alternatives, std::string provenance,
                        SourceRange range, ExprPtr expr) {
  Value v;
  v.u.symbolic = new Symbolic{std::move(expr), std::move(provenance),
                              std::move(alternatives)};
  v.kind = Kind::Enumerated;
  v.range = range;
  return v;
}

bool Value::isFullyKnown() const {
  switch (kind) {
  case Kind::Array:
    for (const Value &e : elements())
      if (!e.isFullyKnown())
        return false;
    return true;
  case Kind::Object:
    for (const Member &m : members())
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
  for (const Member &m : members())
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
    double a = kind == Kind::Integer ? double(u.integer) : u.real;
    double b =
        other.kind == Kind::Integer ? double(other.u.integer) : other.u.real;
    if (kind == Kind::Integer && other.kind == Kind::Integer)
      return u.integer == other.u.integer;
    return a == b;
  }
  if (kind != other.kind)
    return false;
  switch (kind) {
  case Kind::Null:
    return true;
  case Kind::Boolean:
    return u.boolean == other.u.boolean;
  case Kind::String:
    return ignoreCase ? llvm::StringRef(u.text).equals_insensitive(other.u.text)
                      : u.text == other.u.text;
  case Kind::Array:
    if (elements().size() != other.elements().size())
      return false;
    for (size_t i = 0; i != elements().size(); ++i)
      if (!elements()[i].equals(other.elements()[i], ignoreCase))
        return false;
    return true;
  case Kind::Object:
    if (members().size() != other.members().size())
      return false;
    for (const Member &m : members()) {
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
    out += u.boolean ? "true" : "false";
    return;
  case Kind::Integer:
    out += std::to_string(u.integer);
    return;
  case Kind::Float:
    printFloat(out, u.real);
    return;
  case Kind::String:
    printJsonString(out, u.text);
    return;
  case Kind::Array:
    out += '[';
    for (size_t i = 0; i != elements().size(); ++i) {
      if (i)
        out += ',';
      elements()[i].printJson(out);
    }
    out += ']';
    return;
  case Kind::Object:
    out += '{';
    for (size_t i = 0; i != members().size(); ++i) {
      if (i)
        out += ',';
      printJsonString(out, members()[i].key);
      out += ':';
      members()[i].value.printJson(out);
    }
    out += '}';
    return;
  case Kind::Expression:
  case Kind::Unknown: {
    std::string text = "[";
    if (expr())
      expr()->print(text);
    text += ']';
    printJsonString(out, text);
  }
    return;
  case Kind::Enumerated: {
    // Printed as the ARM expression a reader would recognise.
    std::string alts;
    for (size_t i = 0; i != elements().size(); ++i) {
      if (i)
        alts += '|';
      elements()[i].printJson(alts);
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
