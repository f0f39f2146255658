//===- StringFunctions.cpp - ARM string functions -------------------------===//
///
/// \file
/// base64, base64ToJson, base64ToString, concat, contains, dataUri,
/// dataUriToString, empty, endsWith, first, format, guid, indexOf, join,
/// json, last, lastIndexOf, length, like, newGuid, padLeft, replace, skip,
/// split, startsWith, string, substring, take, toLower, toUpper, trim,
/// uniqueString, uri, uriComponent, uriComponentToString.
///
/// Lengths and indexes count UTF-16 code units, as .NET does. Comparisons
/// are case-sensitive except where the Azure documentation says otherwise
/// (startsWith, endsWith, indexOf, lastIndexOf and object keys).
///
//===----------------------------------------------------------------------===//

#include "passes/eval/Evaluator.h"
#include "passes/eval/Hash.h"
#include "passes/eval/Text.h"
#include "passes/eval/ValueUtil.h"

#include "llvm/ADT/StringExtras.h"

using namespace armor;
using namespace armor::eval;
using ir::Member;
using ir::Value;

/// The longest string a function may build (ARM rejects requests over 4 MB
/// anyway).
static constexpr size_t MaxStringBytes = 16u << 20;

static Value makeString(CallContext &c, std::string s) {
  if (s.size() > MaxStringBytes)
    return c.fail("the result is longer than armor's limit of 16 MiB");
  return Value::string(std::move(s));
}

/// A string argument where .NET accepts null as "".
static bool getText(const Value &v, std::string &out) {
  if (v.isString()) {
    out = v.getString();
    return true;
  }
  if (v.isNull()) {
    out.clear();
    return true;
  }
  return false;
}

static Value fnBase64(CallContext &c) {
  std::string s;
  if (!getText(c[0], s))
    return c.failType(0, "a string");
  return makeString(c, encodeBase64(s));
}

static Value fnBase64ToString(CallContext &c) {
  if (!c[0].isString())
    return c.failType(0, "a string");
  std::optional<std::string> decoded = decodeBase64(c[0].getString());
  if (!decoded)
    return c.fail("the argument is not valid base64");
  return Value::string(fromUtf16(toUtf16(*decoded)));
}

static Value fnBase64ToJson(CallContext &c) {
  if (!c[0].isString())
    return c.failType(0, "a string");
  std::optional<std::string> decoded = decodeBase64(c[0].getString());
  if (!decoded)
    return c.fail("the argument is not valid base64");
  std::string error;
  std::optional<Value> parsed = parseJsonText(*decoded, error);
  if (!parsed)
    return c.fail("the decoded text is not valid JSON: " + error);
  return std::move(*parsed);
}

static Value fnConcat(CallContext &c) {
  if (llvm::all_of(c.args, [](const Value &v) { return v.isArray(); })) {
    std::vector<Value> elements;
    for (const Value &arg : c.args)
      for (const Value &e : arg.elements())
        elements.push_back(e);
    return Value::array(std::move(elements));
  }
  std::string out;
  for (size_t i = 0; i != c.size(); ++i) {
    const Value &arg = c[i];
    if (arg.isNull())
      continue;
    if (!arg.isString() && !arg.isInteger() && !arg.isBoolean())
      return c.fail(llvm::Twine("arguments must all be arrays, or all be "
                                "strings, integers or booleans; argument ") +
                    llvm::Twine(i + 1) + " is " + getTypeName(arg));
    out += toDisplayString(arg);
    if (out.size() > MaxStringBytes)
      return c.fail("the result is longer than armor's limit of 16 MiB");
  }
  return Value::string(std::move(out));
}

static Value fnContains(CallContext &c) {
  const Value &container = c[0];
  const Value &item = c[1];
  if (container.isObject()) {
    if (!item.isString())
      return c.failType(1, "a string to look up in an object");
    return Value::boolean(container.getMember(item.getString()) != nullptr);
  }
  if (container.isArray()) {
    bool unknown = false;
    for (const Value &e : container.elements()) {
      Tri t = equalValues(e, item);
      if (t == Tri::True)
        return Value::boolean(true);
      unknown |= t == Tri::Unknown;
    }
    if (unknown)
      return c.unknown();
    return Value::boolean(false);
  }
  if (container.isString()) {
    if (!item.isString() && !item.isInteger())
      return c.failType(1, "a string");
    return Value::boolean(
        llvm::StringRef(container.getString()).contains(toDisplayString(item)));
  }
  if (container.isNull())
    return Value::boolean(false);
  return c.failType(0, "an array, object or string");
}

static Value fnDataUri(CallContext &c) {
  const Value &v = c[0];
  if (v.isString())
    return makeString(c, "data:text/plain;charset=utf8;base64," +
                             encodeBase64(v.getString()));
  return makeString(c, "data:application/json;charset=utf8;base64," +
                           encodeBase64(toDisplayString(v)));
}

/// Decodes %XX escapes (and '+' as a space when \p plusIsSpace).
static std::string percentDecode(llvm::StringRef s, bool plusIsSpace) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char ch = s[i];
    if (ch == '%' && i + 2 < s.size() && llvm::isHexDigit(s[i + 1]) &&
        llvm::isHexDigit(s[i + 2])) {
      out += static_cast<char>(llvm::hexFromNibbles(s[i + 1], s[i + 2]));
      i += 2;
      continue;
    }
    out += plusIsSpace && ch == '+' ? ' ' : ch;
  }
  return fromUtf16(toUtf16(out));
}

static Value fnDataUriToString(CallContext &c) {
  if (!c[0].isString())
    return c.failType(0, "a string");
  llvm::StringRef uri = c[0].getString();
  if (!uri.starts_with_insensitive("data:"))
    return c.fail("the argument is not a data URI");
  size_t comma = uri.find(',');
  if (comma == llvm::StringRef::npos)
    return c.fail("the argument is not a data URI");
  llvm::StringRef metadata = uri.slice(5, comma);
  llvm::StringRef data = uri.substr(comma + 1);
  llvm::SmallVector<llvm::StringRef, 4> tokens;
  if (!metadata.empty())
    metadata.split(tokens, ';');
  bool isBase64 = !tokens.empty() && tokens.back().equals_insensitive("base64");
  for (size_t i = 1; i < tokens.size(); ++i)
    if (tokens[i].trim().empty())
      return c.fail("the argument is not a data URI");
  if (tokens.size() > 1 && tokens[1].starts_with_insensitive("charset=")) {
    llvm::StringRef charset = tokens[1].drop_front(8);
    if (!charset.equals_insensitive("utf-8") &&
        !charset.equals_insensitive("utf8"))
      return c.fail("the data URI's charset '" + charset.str() +
                    "' is not supported");
  }
  if (!isBase64)
    return Value::string(percentDecode(data, /*plusIsSpace=*/true));
  std::optional<std::string> decoded = decodeBase64(data);
  if (!decoded)
    return c.fail("the data URI's content is not valid base64");
  return Value::string(fromUtf16(toUtf16(*decoded)));
}

static Value fnEmpty(CallContext &c) {
  const Value &v = c[0];
  if (v.isNull())
    return Value::boolean(true);
  if (v.isArray())
    return Value::boolean(v.elements().empty());
  if (v.isObject())
    return Value::boolean(v.members().empty());
  if (v.isString())
    return Value::boolean(v.getString().empty());
  return c.failType(0, "an array, object or string");
}

static Value startsOrEndsWith(CallContext &c, bool ends) {
  std::string s, fix;
  if (!getText(c[0], s))
    return c.failType(0, "a string");
  if (!getText(c[1], fix))
    return c.failType(1, "a string");
  Utf16 a = toUtf16(toLowerInvariant(s)), b = toUtf16(toLowerInvariant(fix));
  if (b.size() > a.size())
    return Value::boolean(false);
  return Value::boolean(ends ? a.compare(a.size() - b.size(), b.size(), b) == 0
                             : a.compare(0, b.size(), b) == 0);
}

static Value fnStartsWith(CallContext &c) { return startsOrEndsWith(c, false); }
static Value fnEndsWith(CallContext &c) { return startsOrEndsWith(c, true); }

static Value firstOrLast(CallContext &c, bool last) {
  const Value &v = c[0];
  if (v.isNull())
    return Value::null();
  if (v.isArray()) {
    if (v.elements().empty())
      return Value::null();
    return last ? v.elements().back() : v.elements().front();
  }
  if (v.isString()) {
    Utf16 s = toUtf16(v.getString());
    if (s.empty())
      return Value::string("");
    return Value::string(fromUtf16(Utf16(1, last ? s.back() : s.front())));
  }
  return c.failType(0, "an array or string");
}

static Value fnFirst(CallContext &c) { return firstOrLast(c, false); }
static Value fnLast(CallContext &c) { return firstOrLast(c, true); }

static Value fnFormat(CallContext &c) {
  if (!c[0].isString())
    return c.failType(0, "a format string");
  std::string error;
  std::optional<std::string> out = formatComposite(
      c[0].getString(), llvm::ArrayRef<Value>(c.args).drop_front(), error);
  if (!out)
    return c.fail(error);
  return makeString(c, std::move(*out));
}

/// The arguments of guid() and uniqueString() joined with '-'.
static bool joinWithDash(CallContext &c, std::string &joined, Value &error) {
  for (size_t i = 0; i != c.size(); ++i) {
    if (!c[i].isString()) {
      error = c.failType(i, "a string");
      return false;
    }
    if (i)
      joined += '-';
    joined += c[i].getString();
  }
  return true;
}

static Value fnGuid(CallContext &c) {
  std::string joined;
  Value error;
  if (!joinWithDash(c, joined, error))
    return error;
  return Value::string(computeGuid(joined));
}

static Value fnUniqueString(CallContext &c) {
  std::string joined;
  Value error;
  if (!joinWithDash(c, joined, error))
    return error;
  return Value::string(computeUniqueString(joined));
}

static Value indexOf(CallContext &c, bool last) {
  const Value &container = c[0];
  const Value &item = c[1];
  if (container.isNull())
    return Value::integer(-1);
  if (container.isArray()) {
    const auto &elements = container.elements();
    for (size_t k = 0; k != elements.size(); ++k) {
      size_t i = last ? elements.size() - 1 - k : k;
      Tri t = equalValues(elements[i], item);
      if (t == Tri::True)
        return Value::integer(static_cast<int64_t>(i));
      if (t == Tri::Unknown)
        return c.unknown();
    }
    return Value::integer(-1);
  }
  if (container.isString()) {
    if (!item.isString())
      return c.failType(1, "a string");
    return Value::integer(
        findInsensitive(container.getString(), item.getString(), last));
  }
  return c.failType(0, "an array or string");
}

static Value fnIndexOf(CallContext &c) { return indexOf(c, false); }
static Value fnLastIndexOf(CallContext &c) { return indexOf(c, true); }

static Value fnJoin(CallContext &c) {
  if (!c[0].isArray())
    return c.failType(0, "an array");
  if (!c[1].isString())
    return c.failType(1, "a string");
  std::string out;
  const auto &elements = c[0].elements();
  for (size_t i = 0; i != elements.size(); ++i) {
    if (!elements[i].isString())
      return c.fail(llvm::Twine("element ") + llvm::Twine(i) +
                    " of the array is " + getTypeName(elements[i]) +
                    ", not a string");
    if (i)
      out += c[1].getString();
    out += elements[i].getString();
    if (out.size() > MaxStringBytes)
      return c.fail("the result is longer than armor's limit of 16 MiB");
  }
  return Value::string(std::move(out));
}

static Value fnJson(CallContext &c) {
  if (c[0].isNull())
    return Value::object({});
  if (!c[0].isString())
    return c.failType(0, "a string");
  std::string error;
  std::optional<Value> parsed = parseJsonText(c[0].getString(), error);
  if (!parsed)
    return c.fail("the argument is not valid JSON: " + error);
  return std::move(*parsed);
}

static Value fnLength(CallContext &c) {
  const Value &v = c[0];
  if (v.isNull())
    return Value::integer(0);
  if (v.isArray())
    return Value::integer(static_cast<int64_t>(v.elements().size()));
  if (v.isObject())
    return Value::integer(static_cast<int64_t>(v.members().size()));
  if (v.isString())
    return Value::integer(static_cast<int64_t>(getUtf16Length(v.getString())));
  return c.failType(0, "an array, object or string");
}

/// Wildcard match: '*' is any sequence, case-insensitive (as Azure
/// Policy's `like`). Linear in the text for each star; no backtracking blowup.
static bool wildcardMatch(const Utf16 &text, const Utf16 &pattern) {
  size_t t = 0, p = 0, starP = Utf16::npos, starT = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == u'*') {
      starP = p++;
      starT = t;
      continue;
    }
    if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
      continue;
    }
    if (starP == Utf16::npos)
      return false;
    p = starP + 1;
    t = ++starT;
  }
  while (p < pattern.size() && pattern[p] == u'*')
    ++p;
  return p == pattern.size();
}

static Value fnLike(CallContext &c) {
  if (!c[0].isString())
    return c.failType(0, "a string");
  if (!c[1].isString())
    return c.failType(1, "a string");
  return Value::boolean(
      wildcardMatch(toUtf16(toLowerInvariant(c[0].getString())),
                    toUtf16(toLowerInvariant(c[1].getString()))));
}

static Value fnNewGuid(CallContext &c) {
  return c.unknown("newGuid() is only known at deployment");
}

static Value fnPadLeft(CallContext &c) {
  const Value &v = c[0];
  if (!v.isString() && !v.isInteger())
    return c.failType(0, "a string or an integer");
  if (!c[1].isInteger())
    return c.failType(1, "an integer");
  int64_t width = c[1].getInteger();
  if (width > 1000000)
    return c.fail("the total length is larger than armor's limit of 1000000");
  char16_t pad = ' ';
  if (c.size() > 2 && !c[2].isNull()) {
    if (!c[2].isString())
      return c.failType(2, "a string");
    Utf16 padText = toUtf16(c[2].getString());
    if (padText.size() != 1)
      return c.fail("the padding must be a single character");
    pad = padText[0];
  }
  Utf16 s = toUtf16(toDisplayString(v));
  if (width > static_cast<int64_t>(s.size()))
    s.insert(s.begin(), width - s.size(), pad);
  return Value::string(fromUtf16(s));
}

static Value fnReplace(CallContext &c) {
  for (size_t i = 0; i != 3; ++i)
    if (!c[i].isString())
      return c.failType(i, "a string");
  llvm::StringRef s = c[0].getString(), from = c[1].getString(),
                  to = c[2].getString();
  if (from.empty())
    return c.fail("the string to replace cannot be empty");
  std::string out;
  size_t pos = 0;
  for (;;) {
    size_t found = s.find(from, pos);
    if (found == llvm::StringRef::npos)
      break;
    out += s.slice(pos, found);
    out += to;
    pos = found + from.size();
    if (out.size() > MaxStringBytes)
      return c.fail("the result is longer than armor's limit of 16 MiB");
  }
  out += s.substr(pos);
  return Value::string(std::move(out));
}

static Value skipOrTake(CallContext &c, bool take) {
  const Value &v = c[0];
  if (!c[1].isInteger())
    return c.failType(1, "an integer");
  int64_t n = c[1].getInteger();
  if (v.isNull())
    return Value::null();
  auto clamp = [&](size_t size) {
    return static_cast<size_t>(
        std::max<int64_t>(0, std::min<int64_t>(n, static_cast<int64_t>(size))));
  };
  if (v.isArray()) {
    const auto &elements = v.elements();
    size_t k = clamp(elements.size());
    return Value::array(
        take ? std::vector<Value>(elements.begin(), elements.begin() + k)
             : std::vector<Value>(elements.begin() + k, elements.end()));
  }
  if (v.isString()) {
    Utf16 s = toUtf16(v.getString());
    size_t k = clamp(s.size());
    return Value::string(fromUtf16(take ? s.substr(0, k) : s.substr(k)));
  }
  return c.failType(0, "an array or string");
}

static Value fnSkip(CallContext &c) { return skipOrTake(c, false); }
static Value fnTake(CallContext &c) { return skipOrTake(c, true); }

static Value fnSplit(CallContext &c) {
  if (c[0].isNull())
    return Value::array({});
  if (!c[0].isString())
    return c.failType(0, "a string");
  std::vector<std::string> separators;
  if (c[1].isString()) {
    separators.push_back(c[1].getString());
  } else if (c[1].isArray()) {
    for (const Value &sep : c[1].elements()) {
      if (!sep.isString())
        return c.failType(1, "a string or an array of strings");
      separators.push_back(sep.getString());
    }
  } else if (!c[1].isNull()) {
    return c.failType(1, "a string or an array of strings");
  }
  llvm::erase_if(separators, [](const std::string &s) { return s.empty(); });
  llvm::StringRef s = c[0].getString();
  std::vector<Value> parts;
  if (separators.empty()) {
    parts.push_back(Value::string(s.str()));
    return Value::array(std::move(parts));
  }
  size_t start = 0, pos = 0;
  while (pos < s.size()) {
    const std::string *match = nullptr;
    for (const std::string &sep : separators)
      if (s.substr(pos).starts_with(sep)) {
        match = &sep;
        break;
      }
    if (!match) {
      ++pos;
      continue;
    }
    parts.push_back(Value::string(s.slice(start, pos).str()));
    pos += match->size();
    start = pos;
  }
  parts.push_back(Value::string(s.substr(start).str()));
  return Value::array(std::move(parts));
}

static Value fnString(CallContext &c) {
  return makeString(c, toDisplayString(c[0]));
}

static Value fnSubstring(CallContext &c) {
  std::string text;
  if (!getText(c[0], text))
    return c.failType(0, "a string");
  if (!c[1].isInteger())
    return c.failType(1, "an integer");
  Utf16 s = toUtf16(text);
  int64_t start = c[1].getInteger();
  int64_t size = static_cast<int64_t>(s.size());
  if (start < 0)
    return c.fail(llvm::Twine("the start index ") + llvm::Twine(start) +
                  " is negative");
  if (start > size)
    return c.fail(llvm::Twine("the start index ") + llvm::Twine(start) +
                  " is beyond the end of a string of length " +
                  llvm::Twine(size));
  if (c.size() == 2 || c[2].isNull())
    return Value::string(fromUtf16(s.substr(start)));
  if (!c[2].isInteger())
    return c.failType(2, "an integer");
  int64_t length = c[2].getInteger();
  if (length < 0)
    return c.fail(llvm::Twine("the length ") + llvm::Twine(length) +
                  " is negative");
  if (start > size - length)
    return c.fail(llvm::Twine("the substring from ") + llvm::Twine(start) +
                  " of length " + llvm::Twine(length) +
                  " goes beyond the end of a string of length " +
                  llvm::Twine(size));
  return Value::string(fromUtf16(s.substr(start, length)));
}

static Value fnToLower(CallContext &c) {
  std::string s;
  if (!getText(c[0], s))
    return c.failType(0, "a string");
  return Value::string(toLowerInvariant(s));
}

static Value fnToUpper(CallContext &c) {
  std::string s;
  if (!getText(c[0], s))
    return c.failType(0, "a string");
  return Value::string(toUpperInvariant(s));
}

static Value fnTrim(CallContext &c) {
  std::string s;
  if (!getText(c[0], s))
    return c.failType(0, "a string");
  return Value::string(trimWhitespace(s));
}

/// Removes "." and ".." segments (RFC 3986 5.2.4).
static std::string removeDotSegments(llvm::StringRef path) {
  std::vector<std::string> out;
  llvm::SmallVector<llvm::StringRef, 8> segments;
  path.split(segments, '/');
  for (size_t i = 0; i != segments.size(); ++i) {
    llvm::StringRef seg = segments[i];
    bool lastSegment = i + 1 == segments.size();
    if (seg == ".") {
      if (lastSegment)
        out.push_back("");
      continue;
    }
    if (seg == "..") {
      if (out.size() > 1)
        out.pop_back();
      if (lastSegment)
        out.push_back("");
      continue;
    }
    out.push_back(seg.str());
  }
  return llvm::join(out, "/");
}

static Value fnUri(CallContext &c) {
  if (!c[0].isString())
    return c.failType(0, "a string");
  if (!c[1].isString())
    return c.failType(1, "a string");
  llvm::StringRef base = c[0].getString(), relative = c[1].getString();
  size_t colon = base.find("://");
  if (colon == llvm::StringRef::npos || colon == 0 ||
      !llvm::all_of(base.take_front(colon), [](char ch) {
        return llvm::isAlnum(ch) || ch == '+' || ch == '-' || ch == '.';
      }))
    return c.fail("the base '" + base.str() + "' is not an absolute URI");
  // A relative reference with its own scheme replaces the base.
  size_t relColon = relative.find("://");
  if (relColon != llvm::StringRef::npos &&
      llvm::all_of(relative.take_front(relColon), llvm::isAlnum) &&
      relColon > 0)
    return Value::string(relative.str());
  std::string scheme = base.take_front(colon).lower();
  llvm::StringRef rest = base.drop_front(colon + 3);
  size_t pathStart = rest.find_first_of("/?#");
  llvm::StringRef authority = rest.take_front(pathStart);
  llvm::StringRef basePath =
      pathStart == llvm::StringRef::npos ? "" : rest.substr(pathStart);
  basePath =
      basePath.take_until([](char ch) { return ch == '?' || ch == '#'; });
  std::string prefix = scheme + "://" + authority.lower();
  if (relative.starts_with("//"))
    return Value::string(scheme + ":" + relative.str());
  if (relative.empty())
    return Value::string(prefix + (basePath.empty() ? "/" : basePath.str()));
  if (relative.starts_with("?") || relative.starts_with("#"))
    return Value::string(prefix + (basePath.empty() ? "/" : basePath.str()) +
                         relative.str());
  llvm::StringRef relPath =
      relative.take_until([](char ch) { return ch == '?' || ch == '#'; });
  llvm::StringRef suffix = relative.drop_front(relPath.size());
  std::string merged;
  if (relPath.starts_with("/")) {
    merged = relPath.str();
  } else {
    size_t slash = basePath.rfind('/');
    merged = (slash == llvm::StringRef::npos
                  ? std::string("/")
                  : basePath.take_front(slash + 1).str()) +
             relPath.str();
  }
  return Value::string(prefix + removeDotSegments(merged) + suffix.str());
}

static Value fnUriComponent(CallContext &c) {
  if (!c[0].isString())
    return c.failType(0, "a string");
  std::string out;
  for (unsigned char ch : c[0].getString()) {
    if (llvm::isAlnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
      continue;
    }
    out += '%';
    out += llvm::hexdigit(ch >> 4);
    out += llvm::hexdigit(ch & 0xF);
  }
  return makeString(c, std::move(out));
}

static Value fnUriComponentToString(CallContext &c) {
  if (!c[0].isString())
    return c.failType(0, "a string");
  return Value::string(percentDecode(c[0].getString(), /*plusIsSpace=*/true));
}

static const Builtin stringBuiltins[] = {
    {"base64", 1, 1, ArgPolicy::Strict, fnBase64, nullptr},
    {"base64ToJson", 1, 1, ArgPolicy::Strict, fnBase64ToJson, nullptr},
    {"base64ToString", 1, 1, ArgPolicy::Strict, fnBase64ToString, nullptr},
    {"concat", 1, Builtin::VarArgs, ArgPolicy::Shallow, fnConcat, nullptr},
    {"contains", 2, 2, ArgPolicy::Shallow, fnContains, nullptr},
    {"dataUri", 1, 1, ArgPolicy::Strict, fnDataUri, nullptr},
    {"dataUriToString", 1, 1, ArgPolicy::Strict, fnDataUriToString, nullptr},
    {"empty", 1, 1, ArgPolicy::Shallow, fnEmpty, nullptr},
    {"endsWith", 2, 2, ArgPolicy::Strict, fnEndsWith, nullptr},
    {"first", 1, 1, ArgPolicy::Shallow, fnFirst, nullptr},
    {"format", 1, Builtin::VarArgs, ArgPolicy::Strict, fnFormat, nullptr},
    {"guid", 1, Builtin::VarArgs, ArgPolicy::Strict, fnGuid, nullptr},
    {"indexOf", 2, 2, ArgPolicy::Shallow, fnIndexOf, nullptr},
    {"join", 2, 2, ArgPolicy::Strict, fnJoin, nullptr},
    {"json", 1, 1, ArgPolicy::Strict, fnJson, nullptr},
    {"last", 1, 1, ArgPolicy::Shallow, fnLast, nullptr},
    {"lastIndexOf", 2, 2, ArgPolicy::Shallow, fnLastIndexOf, nullptr},
    {"length", 1, 1, ArgPolicy::Shallow, fnLength, nullptr},
    {"like", 2, 2, ArgPolicy::Strict, fnLike, nullptr},
    {"newGuid", 0, 0, ArgPolicy::Raw, fnNewGuid, nullptr},
    {"padLeft", 2, 3, ArgPolicy::Strict, fnPadLeft, nullptr},
    {"replace", 3, 3, ArgPolicy::Strict, fnReplace, nullptr},
    {"skip", 2, 2, ArgPolicy::Shallow, fnSkip, nullptr},
    {"split", 2, 2, ArgPolicy::Strict, fnSplit, nullptr},
    {"startsWith", 2, 2, ArgPolicy::Strict, fnStartsWith, nullptr},
    {"string", 1, 1, ArgPolicy::Strict, fnString, nullptr},
    {"substring", 2, 3, ArgPolicy::Strict, fnSubstring, nullptr},
    {"take", 2, 2, ArgPolicy::Shallow, fnTake, nullptr},
    {"toLower", 1, 1, ArgPolicy::Strict, fnToLower, nullptr},
    {"toUpper", 1, 1, ArgPolicy::Strict, fnToUpper, nullptr},
    {"trim", 1, 1, ArgPolicy::Strict, fnTrim, nullptr},
    {"uniqueString", 1, Builtin::VarArgs, ArgPolicy::Strict, fnUniqueString,
     nullptr},
    {"uri", 2, 2, ArgPolicy::Strict, fnUri, nullptr},
    {"uriComponent", 1, 1, ArgPolicy::Strict, fnUriComponent, nullptr},
    {"uriComponentToString", 1, 1, ArgPolicy::Strict, fnUriComponentToString,
     nullptr},
};

llvm::ArrayRef<Builtin> armor::eval::getStringBuiltins() {
  return stringBuiltins;
}
