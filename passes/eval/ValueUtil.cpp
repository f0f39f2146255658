//===- ValueUtil.cpp - Helpers on template values for the evaluator -------===//

#include "passes/eval/ValueUtil.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/ErrorHandling.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace armor;
using namespace armor::eval;
using ir::Expr;
using ir::ExprPtr;
using ir::Member;
using ir::Value;

llvm::StringRef armor::eval::getTypeName(const Value &value) {
  switch (value.getKind()) {
  case Value::Kind::Null:
    return "null";
  case Value::Kind::Boolean:
    return "bool";
  case Value::Kind::Integer:
    return "int";
  case Value::Kind::Float:
    return "float";
  case Value::Kind::String:
    return "string";
  case Value::Kind::Array:
    return "array";
  case Value::Kind::Object:
    return "object";
  case Value::Kind::Expression:
  case Value::Kind::Unknown:
  case Value::Kind::Enumerated:
    return "unknown";
  }
  llvm_unreachable("unknown value kind");
}

static bool isNumber(const Value &v) { return v.isInteger() || v.isFloat(); }

static double asDouble(const Value &v) {
  return v.isInteger() ? static_cast<double>(v.getInteger()) : v.getFloat();
}

Tri armor::eval::equalValues(const Value &a, const Value &b) {
  if (!a.isKnown() || !b.isKnown())
    return Tri::Unknown;
  if (isNumber(a) && isNumber(b)) {
    if (a.isInteger() && b.isInteger())
      return a.getInteger() == b.getInteger() ? Tri::True : Tri::False;
    return asDouble(a) == asDouble(b) ? Tri::True : Tri::False;
  }
  if (a.getKind() != b.getKind())
    return Tri::False;
  switch (a.getKind()) {
  case Value::Kind::Null:
    return Tri::True;
  case Value::Kind::Boolean:
    return a.getBoolean() == b.getBoolean() ? Tri::True : Tri::False;
  case Value::Kind::String:
    return a.getString() == b.getString() ? Tri::True : Tri::False;
  case Value::Kind::Array: {
    if (a.elements().size() != b.elements().size())
      return Tri::False;
    Tri result = Tri::True;
    for (size_t i = 0; i != a.elements().size(); ++i) {
      Tri t = equalValues(a.elements()[i], b.elements()[i]);
      if (t == Tri::False)
        return Tri::False;
      if (t == Tri::Unknown)
        result = Tri::Unknown;
    }
    return result;
  }
  case Value::Kind::Object: {
    if (a.members().size() != b.members().size())
      return Tri::False;
    Tri result = Tri::True;
    for (const Member &m : a.members()) {
      // JToken.DeepEquals matches property names exactly.
      const Member *other = nullptr;
      for (const Member &o : b.members())
        if (o.key == m.key) {
          other = &o;
          break;
        }
      if (!other)
        return Tri::False;
      Tri t = equalValues(m.value, other->value);
      if (t == Tri::False)
        return Tri::False;
      if (t == Tri::Unknown)
        result = Tri::Unknown;
    }
    return result;
  }
  default:
    return Tri::Unknown;
  }
}

/// The primary sort weight of an ASCII character in the invariant culture:
/// punctuation and symbols first, then digits, then letters (case folded).
static unsigned primaryWeight(unsigned char c) {
  if (llvm::isAlpha(c))
    return 0x300 + llvm::toLower(c);
  if (llvm::isDigit(c))
    return 0x200 + c;
  if (c >= 0x80)
    return 0x400 + c;
  return 0x100 + c;
}

int armor::eval::compareInvariant(llvm::StringRef a, llvm::StringRef b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i != n; ++i) {
    unsigned wa = primaryWeight(a[i]), wb = primaryWeight(b[i]);
    if (wa != wb)
      return wa < wb ? -1 : 1;
  }
  if (a.size() != b.size())
    return a.size() < b.size() ? -1 : 1;
  // Equal but for case: the first lowercase letter sorts first.
  for (size_t i = 0; i != n; ++i) {
    if (a[i] == b[i])
      continue;
    return llvm::isLower(a[i]) ? -1 : 1;
  }
  return 0;
}

//===----------------------------------------------------------------------===//
// JSON text
//===----------------------------------------------------------------------===//

/// The same escaping as the IR's JSON printer.
static void appendJsonString(std::string &out, llvm::StringRef s) {
  ir::printJsonString(out, s);
}

/// Shortest text that round-trips, as .NET Core prints a double ("R").
static std::string formatDouble(double d) {
  if (std::isnan(d))
    return "NaN";
  if (std::isinf(d))
    return d > 0 ? "Infinity" : "-Infinity";
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, d);
    if (std::strtod(buf, nullptr) == d)
      break;
  }
  // .NET writes exponents as E+XX without leading zeros beyond two digits.
  std::string text = buf;
  size_t e = text.find('e');
  if (e != std::string::npos)
    text[e] = 'E';
  return text;
}

static void appendJson(std::string &out, const Value &value) {
  switch (value.getKind()) {
  case Value::Kind::Null:
    out += "null";
    return;
  case Value::Kind::Boolean:
    out += value.getBoolean() ? "true" : "false";
    return;
  case Value::Kind::Integer:
    out += std::to_string(value.getInteger());
    return;
  case Value::Kind::Float: {
    // Newtonsoft keeps a float a float: 1.0 stays "1.0".
    std::string text = formatDouble(value.getFloat());
    if (llvm::StringRef(text).find_first_of(".EN") == llvm::StringRef::npos)
      text += ".0";
    out += text;
    return;
  }
  case Value::Kind::String:
    appendJsonString(out, value.getString());
    return;
  case Value::Kind::Array:
    out += '[';
    for (size_t i = 0; i != value.elements().size(); ++i) {
      if (i)
        out += ',';
      appendJson(out, value.elements()[i]);
    }
    out += ']';
    return;
  case Value::Kind::Object:
    out += '{';
    for (size_t i = 0; i != value.members().size(); ++i) {
      if (i)
        out += ',';
      appendJsonString(out, value.members()[i].key);
      out += ':';
      appendJson(out, value.members()[i].value);
    }
    out += '}';
    return;
  case Value::Kind::Expression:
  case Value::Kind::Unknown:
  case Value::Kind::Enumerated:
    // Callers only serialize fully known values; keep the text readable.
    value.printJson(out);
    return;
  }
}

std::string armor::eval::toJsonText(const Value &value) {
  std::string out;
  appendJson(out, value);
  return out;
}

std::string armor::eval::toDisplayString(const Value &value) {
  switch (value.getKind()) {
  case Value::Kind::Null:
    return "";
  case Value::Kind::Boolean:
    return value.getBoolean() ? "True" : "False";
  case Value::Kind::Integer:
    return std::to_string(value.getInteger());
  case Value::Kind::Float:
    return formatDouble(value.getFloat());
  case Value::Kind::String:
    return value.getString();
  default:
    return toJsonText(value);
  }
}

//===----------------------------------------------------------------------===//
// JSON parsing
//===----------------------------------------------------------------------===//

namespace {

/// A small recursive-descent reader of Newtonsoft's JSON dialect. Depth is
/// capped, so hostile input cannot exhaust the stack.
class JsonParser {
public:
  JsonParser(llvm::StringRef text, unsigned maxDepth)
      : text(text), maxDepth(maxDepth) {}

  std::optional<Value> parseDocument(std::string &error) {
    std::optional<Value> v = parseValue(0);
    if (v) {
      skipSpace();
      if (pos != text.size())
        fail("unexpected text after the JSON value");
    }
    if (!message.empty()) {
      error = message;
      return std::nullopt;
    }
    return v;
  }

private:
  void fail(const char *what) {
    if (message.empty())
      message = (llvm::Twine(what) + " at offset " + llvm::Twine(pos)).str();
  }

  void skipSpace() {
    while (pos < text.size()) {
      char c = text[pos];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos;
        continue;
      }
      if (c == '/' && pos + 1 < text.size() && text[pos + 1] == '/') {
        while (pos < text.size() && text[pos] != '\n')
          ++pos;
        continue;
      }
      if (c == '/' && pos + 1 < text.size() && text[pos + 1] == '*') {
        size_t end = text.find("*/", pos + 2);
        pos = end == llvm::StringRef::npos ? text.size() : end + 2;
        continue;
      }
      return;
    }
  }

  std::optional<Value> parseValue(unsigned depth) {
    if (depth > maxDepth) {
      fail("JSON nested too deeply");
      return std::nullopt;
    }
    skipSpace();
    if (pos >= text.size()) {
      fail("unexpected end of JSON");
      return std::nullopt;
    }
    char c = text[pos];
    if (c == '{')
      return parseObject(depth);
    if (c == '[')
      return parseArray(depth);
    if (c == '"' || c == '\'') {
      std::optional<std::string> s = parseString();
      if (!s)
        return std::nullopt;
      return Value::string(std::move(*s));
    }
    if (c == '-' || c == '.' || llvm::isDigit(c))
      return parseNumber();
    llvm::StringRef rest = text.substr(pos);
    if (rest.starts_with("true")) {
      pos += 4;
      return Value::boolean(true);
    }
    if (rest.starts_with("false")) {
      pos += 5;
      return Value::boolean(false);
    }
    if (rest.starts_with("null")) {
      pos += 4;
      return Value::null();
    }
    fail("unexpected character in JSON");
    return std::nullopt;
  }

  static void appendUtf8(std::string &out, uint32_t cp) {
    char buf[4];
    char *ptr = buf;
    if (!llvm::ConvertCodePointToUTF8(cp, ptr))
      return;
    out.append(buf, ptr);
  }

  std::optional<std::string> parseString() {
    char quote = text[pos++];
    std::string out;
    while (pos < text.size()) {
      char c = text[pos++];
      if (c == quote)
        return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos >= text.size())
        break;
      char e = text[pos++];
      switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        if (pos + 4 > text.size()) {
          fail("bad \\u escape in JSON");
          return std::nullopt;
        }
        unsigned cp = 0;
        if (text.substr(pos, 4).getAsInteger(16, cp)) {
          fail("bad \\u escape in JSON");
          return std::nullopt;
        }
        pos += 4;
        // Combine a surrogate pair.
        if (cp >= 0xD800 && cp < 0xDC00 && pos + 6 <= text.size() &&
            text[pos] == '\\' && text[pos + 1] == 'u') {
          unsigned low = 0;
          if (!text.substr(pos + 2, 4).getAsInteger(16, low) && low >= 0xDC00 &&
              low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            pos += 6;
          }
        }
        appendUtf8(out, cp);
        break;
      }
      default:
        out += e;
      }
    }
    fail("unterminated string in JSON");
    return std::nullopt;
  }

  std::optional<Value> parseNumber() {
    size_t begin = pos;
    if (text[pos] == '-')
      ++pos;
    bool isFloat = false;
    while (pos < text.size()) {
      char c = text[pos];
      if (llvm::isDigit(c)) {
        ++pos;
        continue;
      }
      if (c == '.' || c == 'e' || c == 'E' ||
          ((c == '+' || c == '-') &&
           (text[pos - 1] == 'e' || text[pos - 1] == 'E'))) {
        isFloat = true;
        ++pos;
        continue;
      }
      break;
    }
    llvm::StringRef spelling = text.slice(begin, pos);
    if (!isFloat) {
      int64_t i = 0;
      if (!spelling.getAsInteger(10, i))
        return Value::integer(i);
      // Too large for 64 bits: Newtonsoft reads a BigInteger; keep a float.
    }
    std::string copy = spelling.str();
    // Newtonsoft reads ".25" and "-.5".
    if (llvm::StringRef(copy).starts_with("."))
      copy.insert(copy.begin(), '0');
    else if (llvm::StringRef(copy).starts_with("-."))
      copy.insert(copy.begin() + 1, '0');
    char *end = nullptr;
    double d = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size() || copy == "-") {
      fail("bad number in JSON");
      return std::nullopt;
    }
    return Value::floating(d);
  }

  std::optional<Value> parseArray(unsigned depth) {
    ++pos; // '['
    std::vector<Value> elements;
    for (;;) {
      skipSpace();
      if (pos < text.size() && text[pos] == ']') {
        ++pos;
        return Value::array(std::move(elements));
      }
      std::optional<Value> v = parseValue(depth + 1);
      if (!v)
        return std::nullopt;
      elements.push_back(std::move(*v));
      skipSpace();
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < text.size() && text[pos] == ']') {
        ++pos;
        return Value::array(std::move(elements));
      }
      fail("expected ',' or ']' in JSON");
      return std::nullopt;
    }
  }

  std::optional<Value> parseObject(unsigned depth) {
    ++pos; // '{'
    std::vector<Member> members;
    for (;;) {
      skipSpace();
      if (pos < text.size() && text[pos] == '}') {
        ++pos;
        return Value::object(std::move(members));
      }
      std::string key;
      if (pos < text.size() && (text[pos] == '"' || text[pos] == '\'')) {
        std::optional<std::string> k = parseString();
        if (!k)
          return std::nullopt;
        key = std::move(*k);
      } else {
        // Newtonsoft accepts unquoted property names.
        size_t begin = pos;
        while (pos < text.size() && (llvm::isAlnum(text[pos]) ||
                                     text[pos] == '_' || text[pos] == '$'))
          ++pos;
        if (begin == pos) {
          fail("expected a property name in JSON");
          return std::nullopt;
        }
        key = text.slice(begin, pos).str();
      }
      skipSpace();
      if (pos >= text.size() || text[pos] != ':') {
        fail("expected ':' in JSON");
        return std::nullopt;
      }
      ++pos;
      std::optional<Value> v = parseValue(depth + 1);
      if (!v)
        return std::nullopt;
      // A repeated property replaces the earlier one, as in JObject.
      bool replaced = false;
      for (Member &m : members)
        if (m.key == key) {
          m.value = std::move(*v);
          replaced = true;
          break;
        }
      if (!replaced)
        members.push_back({std::move(key), {}, std::move(*v)});
      skipSpace();
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < text.size() && text[pos] == '}') {
        ++pos;
        return Value::object(std::move(members));
      }
      fail("expected ',' or '}' in JSON");
      return std::nullopt;
    }
  }

  llvm::StringRef text;
  unsigned maxDepth;
  size_t pos = 0;
  std::string message;
};

} // namespace

std::optional<Value> armor::eval::parseJsonText(llvm::StringRef text,
                                                std::string &error,
                                                unsigned maxDepth) {
  return JsonParser(text, maxDepth).parseDocument(error);
}

//===----------------------------------------------------------------------===//
// Values as expressions
//===----------------------------------------------------------------------===//

ExprPtr armor::eval::toExpr(const Value &value) {
  SourceRange range = value.getRange();
  switch (value.getKind()) {
  case Value::Kind::Null:
    return Expr::makeNull(range);
  case Value::Kind::Boolean:
    return Expr::makeBoolean(value.getBoolean(), range);
  case Value::Kind::Integer:
    return Expr::makeInteger(value.getInteger(), range);
  case Value::Kind::Float:
    return Expr::makeCall(
        "json", {Expr::makeString(toDisplayString(value), range)}, range);
  case Value::Kind::String:
    return Expr::makeString(value.getString(), range);
  case Value::Kind::Array: {
    std::vector<ExprPtr> args;
    args.reserve(value.elements().size());
    for (const Value &e : value.elements())
      args.push_back(toExpr(e));
    return Expr::makeCall("createArray", std::move(args), range);
  }
  case Value::Kind::Object: {
    std::vector<ExprPtr> args;
    args.reserve(value.members().size() * 2);
    for (const Member &m : value.members()) {
      args.push_back(Expr::makeString(m.key, m.keyRange));
      args.push_back(toExpr(m.value));
    }
    return Expr::makeCall("createObject", std::move(args), range);
  }
  case Value::Kind::Expression:
  case Value::Kind::Unknown:
    if (value.expr())
      return value.expr();
    return Expr::makeCall("null", {}, range);
  case Value::Kind::Enumerated: {
    if (value.expr())
      return value.expr();
    // No origin recorded: say what the alternatives are.
    std::vector<ExprPtr> args;
    for (const Value &alt : value.alternatives())
      args.push_back(toExpr(alt));
    return Expr::makeCall("oneOf", std::move(args), range);
  }
  }
  llvm_unreachable("unknown value kind");
}

static size_t valueSize(const Value &value, size_t limit, unsigned depth) {
  // Values nested this deep only come from hostile templates; counting them
  // as too large keeps every recursive walk over values bounded.
  if (depth > 400)
    return limit + 1;
  size_t size = 1;
  switch (value.getKind()) {
  case Value::Kind::String:
    return size + value.getString().size() / 16;
  case Value::Kind::Array:
  case Value::Kind::Enumerated:
    for (const Value &e : value.elements()) {
      size += valueSize(e, limit, depth + 1);
      if (size > limit)
        return size;
    }
    return size;
  case Value::Kind::Object:
    for (const Member &m : value.members()) {
      size += 1 + m.key.size() / 16 + valueSize(m.value, limit, depth + 1);
      if (size > limit)
        return size;
    }
    return size;
  default:
    return size;
  }
}

size_t armor::eval::getValueSize(const Value &value, size_t limit) {
  return valueSize(value, limit, 0);
}

void armor::eval::dedupeAlternatives(std::vector<Value> &alternatives) {
  std::vector<Value> unique;
  for (Value &alt : alternatives) {
    bool seen = false;
    for (const Value &u : unique)
      if (equalValues(u, alt) == Tri::True &&
          getTypeName(u) == getTypeName(alt)) {
        seen = true;
        break;
      }
    if (!seen)
      unique.push_back(std::move(alt));
  }
  alternatives = std::move(unique);
}

std::optional<ir::Value> armor::eval::getLiteralValue(const ir::Expr &expr) {
  switch (expr.getKind()) {
  case ir::Expr::Kind::String:
    return ir::Value::string(expr.text());
  case ir::Expr::Kind::Integer:
    return ir::Value::integer(expr.integer());
  case ir::Expr::Kind::Boolean:
    return ir::Value::boolean(expr.boolean());
  case ir::Expr::Kind::Null:
    return ir::Value::null();
  case ir::Expr::Kind::Call:
  case ir::Expr::Kind::Member:
  case ir::Expr::Kind::Index:
    return std::nullopt;
  }
  llvm_unreachable("unknown expression kind");
}
