//===- JsonReader.cpp - JSON with source ranges ---------------------------===//
///
/// \file
/// A hand-written recursive descent parser over the source buffer that
/// builds ir::Value trees directly, with byte ranges on every value and key.
///
/// Dialect (what ARM accepts, checked against the quickstart, avm and bicep
/// corpora): `//` and `/* */` comments wherever whitespace may appear, a
/// trailing comma before `]` or `}`, raw control characters (newlines, tabs)
/// inside strings, and a UTF-8 byte order mark at offset 0. Not accepted,
/// although Newtonsoft would: single-quoted strings, unquoted keys, `NaN`,
/// `Infinity`, hexadecimal and octal numbers; no template in the corpora
/// uses them.
///
/// Decisions:
/// - Keys that repeat exactly are a syntax error (ARM silently keeps the
///   last one, which hides content from review). Keys that differ only in
///   case are kept: ARM's JSON layer (Newtonsoft JObject) compares property
///   names ordinally and passes both on.
/// - A `\u` escape of a lone surrogate becomes U+FFFD, as ARM accepts it and
///   our strings are UTF-8. A high surrogate followed by `\u` of a low one
///   is decoded as a pair.
/// - Numbers without fraction or exponent that fit in int64 are integers;
///   others are doubles (out of range: infinity or zero, like .NET).
/// - The string length limit counts source bytes between the quotes.
///
//===----------------------------------------------------------------------===//

#include "frontend/arm/JsonReader.h"

#include "llvm/ADT/bit.h"
#include "llvm/Support/Compiler.h"
#include "llvm/Support/xxhash.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

using namespace armor;
using namespace armor::arm;
using ir::Member;
using ir::Value;

namespace {

/// Objects with more members than this detect duplicate keys with a hash
/// table; smaller ones compare linearly.
constexpr size_t linearKeyScanLimit = 16;

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool isWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) ||
         c == '_' || c == '$';
}

int hexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/// Returns the first byte in [p, end) that is '"', '\\' or not ASCII, or
/// end. Tests eight bytes at a time.
const char *findSpecial(const char *p, const char *end) {
  constexpr uint64_t ones = 0x0101010101010101ull;
  constexpr uint64_t highs = 0x8080808080808080ull;
  while (end - p >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    if constexpr (llvm::endianness::native == llvm::endianness::big)
      word = llvm::byteswap(word);
    uint64_t quotes = word ^ (ones * '"');
    uint64_t slashes = word ^ (ones * '\\');
    // A byte is flagged if it is zero after the xor (exact for the lowest
    // flagged byte, which is the one we want) or has its high bit set.
    uint64_t mask =
        ((quotes - ones) & ~quotes) | ((slashes - ones) & ~slashes) | word;
    mask &= highs;
    if (mask)
      return p + (llvm::countr_zero(mask) >> 3);
    p += 8;
  }
  while (p < end && *p != '"' && *p != '\\' &&
         static_cast<unsigned char>(*p) < 0x80)
    ++p;
  return p;
}

/// The result of checking one UTF-8 sequence that starts with a byte
/// >= 0x80.
struct Utf8Check {
  /// Length of the sequence, 0 if invalid.
  unsigned length = 0;
  /// The offending byte when invalid (end if the input ends inside).
  const char *bad = nullptr;
  uint32_t codePoint = 0;
};

/// Validates the UTF-8 sequence at \p p as Unicode Table 3-7 defines well
/// formed: no overlong forms, no surrogates, nothing above U+10FFFF.
Utf8Check checkUtf8(const char *p, const char *end) {
  auto byte = [](const char *q) { return static_cast<unsigned char>(*q); };
  unsigned char lead = byte(p);
  unsigned length;
  unsigned char low = 0x80, high = 0xBF;
  uint32_t cp;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0F;
    if (lead == 0xE0)
      low = 0xA0;
    else if (lead == 0xED)
      high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07;
    if (lead == 0xF0)
      low = 0x90;
    else if (lead == 0xF4)
      high = 0x8F;
  } else {
    return {0, p, 0};
  }
  for (unsigned i = 1; i < length; ++i) {
    if (p + i == end)
      return {0, end, 0};
    unsigned char c = byte(p + i);
    if (c < low || c > high)
      return {0, p + i, 0};
    low = 0x80;
    high = 0xBF;
    cp = (cp << 6) | (c & 0x3F);
  }
  return {length, nullptr, cp};
}

void appendUtf8(std::string &out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    char buf[2] = {static_cast<char>(0xC0 | (cp >> 6)),
                   static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(buf, 2);
  } else if (cp < 0x10000) {
    char buf[3] = {static_cast<char>(0xE0 | (cp >> 12)),
                   static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                   static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(buf, 3);
  } else {
    char buf[4] = {static_cast<char>(0xF0 | (cp >> 18)),
                   static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
                   static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                   static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(buf, 4);
  }
}

std::string hexByte(unsigned char c) {
  return llvm::formatv("0x{0:x-2}", static_cast<unsigned>(c)).str();
}

/// Open-addressing set of member indices keyed by the member's key, for
/// duplicate detection in large objects.
class KeySet {
public:
  /// Inserts member \p index; returns the index of an earlier member with
  /// the same key instead if there is one.
  std::optional<size_t> insert(const std::vector<Member> &members,
                               size_t index) {
    if ((count + 1) * 2 > slots.size()) {
      std::vector<uint32_t> bigger(std::max<size_t>(64, slots.size() * 2));
      for (uint32_t entry : slots)
        if (entry)
          insertInto(bigger, members, entry - 1);
      slots = std::move(bigger);
    }
    std::optional<size_t> first = insertInto(slots, members, index);
    if (!first)
      ++count;
    return first;
  }

private:
  static std::optional<size_t> insertInto(std::vector<uint32_t> &table,
                                          const std::vector<Member> &members,
                                          size_t index) {
    const std::string &key = members[index].key;
    size_t mask = table.size() - 1;
    for (size_t slot = llvm::xxh3_64bits(key) & mask;;
         slot = (slot + 1) & mask) {
      uint32_t entry = table[slot];
      if (entry == 0) {
        table[slot] = static_cast<uint32_t>(index + 1);
        return std::nullopt;
      }
      if (members[entry - 1].key == key)
        return entry - 1;
    }
  }

  /// Member index + 1 per slot; 0 is empty.
  std::vector<uint32_t> slots;
  size_t count = 0;
};

class Parser {
public:
  Parser(llvm::StringRef buffer, FileId file, DiagnosticEngine &diags,
         const JsonReadOptions &options)
      : begin(buffer.data()), cur(buffer.data()),
        end(buffer.data() + buffer.size()), file(file), diags(diags),
        options(options) {}

  std::optional<Value> parseDocument();

private:
  SourceRange rangeOf(const char *from, const char *to) const {
    return {file, static_cast<uint32_t>(from - begin),
            static_cast<uint32_t>(to - begin)};
  }
  /// A range for the token at \p p: one character (a whole UTF-8 sequence
  /// if valid), or empty at end of file.
  SourceRange tokenRange(const char *p) const;
  /// Describes what was found at \p p for "found ..." in messages.
  std::string describe(const char *p) const;

  // Error paths stay out of line: inlined into the recursive functions,
  // their temporaries would multiply the stack used per nesting level.
  template <typename... Ts>
  LLVM_ATTRIBUTE_NOINLINE bool fail(SourceRange range, const char *fmt,
                                    Ts &&...args) {
    diags.syntaxError(range, fmt, std::forward<Ts>(args)...);
    return false;
  }
  /// Like fail(), with a description of what was found at \p found as
  /// argument {0} of \p fmt.
  template <typename... Ts>
  LLVM_ATTRIBUTE_NOINLINE bool failFound(SourceRange range, const char *fmt,
                                         const char *found, Ts &&...args) {
    diags.syntaxError(range, fmt, describe(found), std::forward<Ts>(args)...);
    return false;
  }

  bool skipSpace();
  bool skipComment();
  bool checkUtf8At(const char *p, unsigned &length);

  // The recursion runs parseValue -> parseArray/parseObject -> parseValue;
  // keeping the leaves out of line keeps those frames small.
  bool parseValue(Value &out);
  LLVM_ATTRIBUTE_NOINLINE bool parseArray(Value &out);
  LLVM_ATTRIBUTE_NOINLINE bool parseObject(Value &out);
  LLVM_ATTRIBUTE_NOINLINE bool parseStringValue(Value &out);
  LLVM_ATTRIBUTE_NOINLINE bool parseString(std::string &out);
  bool parseEscape(const char *&p, std::string &out);
  bool parseHex4(const char *backslash, uint32_t &value);
  LLVM_ATTRIBUTE_NOINLINE bool parseNumber(Value &out);
  LLVM_ATTRIBUTE_NOINLINE bool parseWord(Value &out);
  bool reportLongString(const char *open, const char *from);
  bool checkDuplicate(std::vector<Member> &members, KeySet &keys);
  LLVM_ATTRIBUTE_NOINLINE bool reportDuplicate(const Member &second,
                                               const Member &first);
  bool enterNesting(const char *open);

  const char *begin;
  const char *cur;
  const char *end;
  FileId file;
  DiagnosticEngine &diags;
  const JsonReadOptions &options;
  unsigned depth = 0;
};

SourceRange Parser::tokenRange(const char *p) const {
  if (p == end)
    return rangeOf(p, p);
  if (static_cast<unsigned char>(*p) >= 0x80) {
    Utf8Check check = checkUtf8(p, end);
    if (check.length)
      return rangeOf(p, p + check.length);
  }
  return rangeOf(p, p + 1);
}

std::string Parser::describe(const char *p) const {
  if (p == end)
    return "end of file";
  unsigned char c = static_cast<unsigned char>(*p);
  switch (c) {
  case '\n':
    return "newline";
  case '\r':
    return "carriage return";
  case '\t':
    return "tab";
  default:
    break;
  }
  if (c == '\'')
    return "\"'\"";
  if (c >= 0x20 && c < 0x7F) {
    // Show a whole word, so `NaN` or `undefined` reads as such.
    const char *q = p + 1;
    if (isWordChar(*p))
      while (q != end && isWordChar(*q) && q - p < 32)
        ++q;
    return llvm::formatv("'{0}'", llvm::StringRef(p, q - p)).str();
  }
  if (c >= 0x80) {
    Utf8Check check = checkUtf8(p, end);
    if (check.length)
      return llvm::formatv("'{0}' (U+{1:X-4})",
                           llvm::StringRef(p, check.length), check.codePoint)
          .str();
  }
  return "byte " + hexByte(c);
}

bool Parser::checkUtf8At(const char *p, unsigned &length) {
  Utf8Check check = checkUtf8(p, end);
  if (check.length) {
    length = check.length;
    return true;
  }
  if (check.bad == end)
    return fail(rangeOf(p, p + 1),
                "incomplete UTF-8 sequence starting with byte {0}, found end "
                "of file",
                hexByte(*p));
  if (check.bad == p)
    return fail(rangeOf(p, p + 1), "invalid UTF-8 byte {0}", hexByte(*p));
  return fail(rangeOf(check.bad, check.bad + 1),
              "invalid UTF-8 byte {0} in the sequence starting with byte {1}",
              hexByte(*check.bad), hexByte(*p));
}

bool Parser::skipSpace() {
  for (;;) {
    while (cur != end &&
           (*cur == ' ' || *cur == '\n' || *cur == '\r' || *cur == '\t'))
      ++cur;
    if (cur == end || *cur != '/')
      return true;
    if (!skipComment())
      return false;
  }
}

bool Parser::skipComment() {
  const char *open = cur;
  const char *p = cur + 1;
  if (p != end && *p == '/') {
    // A line comment ends at a newline or carriage return, as in
    // Newtonsoft.
    for (++p; p != end && *p != '\n' && *p != '\r';) {
      if (static_cast<unsigned char>(*p) < 0x80) {
        ++p;
        continue;
      }
      unsigned length;
      if (!checkUtf8At(p, length))
        return false;
      p += length;
    }
    cur = p;
    return true;
  }
  if (p != end && *p == '*') {
    for (++p; p != end;) {
      if (*p == '*' && p + 1 != end && p[1] == '/') {
        cur = p + 2;
        return true;
      }
      if (static_cast<unsigned char>(*p) < 0x80) {
        ++p;
        continue;
      }
      unsigned length;
      if (!checkUtf8At(p, length))
        return false;
      p += length;
    }
    return fail(rangeOf(open, open + 2),
                "expected '*/' to close this comment, found end of "
                "file");
  }
  return failFound(rangeOf(open, open + 1),
                   "expected '/' or '*' after '/' to start a comment, "
                   "found {0}",
                   p);
}

std::optional<Value> Parser::parseDocument() {
  if (end - begin > std::numeric_limits<uint32_t>::max()) {
    fail(rangeOf(begin, begin),
         "file of {0} bytes exceeds the limit of {1} bytes",
         static_cast<uint64_t>(end - begin),
         std::numeric_limits<uint32_t>::max());
    return std::nullopt;
  }
  if (end - cur >= 3 && std::memcmp(cur, "\xEF\xBB\xBF", 3) == 0)
    cur += 3;
  Value result;
  if (!skipSpace() || !parseValue(result) || !skipSpace())
    return std::nullopt;
  if (cur != end) {
    failFound(tokenRange(cur),
              "expected end of file after the JSON value, found {0}", cur);
    return std::nullopt;
  }
  return result;
}

bool Parser::parseValue(Value &out) {
  if (cur == end)
    return fail(rangeOf(cur, cur), "expected a JSON value, found end of file");
  switch (*cur) {
  case '"':
    return parseStringValue(out);
  case '{':
    return parseObject(out);
  case '[':
    return parseArray(out);
  case '-':
  case '0':
  case '1':
  case '2':
  case '3':
  case '4':
  case '5':
  case '6':
  case '7':
  case '8':
  case '9':
    return parseNumber(out);
  default:
    return parseWord(out);
  }
}

bool Parser::parseStringValue(Value &out) {
  const char *open = cur;
  std::string text;
  if (!parseString(text))
    return false;
  out = Value::string(std::move(text), rangeOf(open, cur));
  return true;
}

bool Parser::parseWord(Value &out) {
  const char *start = cur;
  const char *p = cur;
  while (p != end && isWordChar(*p))
    ++p;
  llvm::StringRef word(start, p - start);
  if (word == "true") {
    out = Value::boolean(true, rangeOf(start, p));
  } else if (word == "false") {
    out = Value::boolean(false, rangeOf(start, p));
  } else if (word == "null") {
    out = Value::null(rangeOf(start, p));
  } else {
    return failFound(word.empty() ? tokenRange(start) : rangeOf(start, p),
                     "expected a JSON value, found {0}", start);
  }
  cur = p;
  return true;
}

bool Parser::parseNumber(Value &out) {
  const char *start = cur;
  const char *p = cur;
  bool negative = false;
  if (*p == '-') {
    negative = true;
    ++p;
  }
  const char *digits = p;
  if (p == end || !isDigit(*p))
    return failFound(tokenRange(p), "expected a digit after '-', found {0}", p);
  if (*p == '0') {
    ++p;
    if (p != end && isDigit(*p)) {
      const char *q = p;
      while (q != end && isDigit(*q))
        ++q;
      return fail(rangeOf(start, q),
                  "expected a number without leading zeros, found "
                  "'{0}'",
                  llvm::StringRef(start, q - start));
    }
  } else {
    while (p != end && isDigit(*p))
      ++p;
  }
  const char *digitsEnd = p;
  bool isInteger = true;
  // Decimal exponent of the number's leading digit, for out-of-range
  // results: positive means overflow.
  int64_t magnitude = 0;
  bool nonZeroInteger = !(digitsEnd - digits == 1 && *digits == '0');
  if (nonZeroInteger)
    magnitude = digitsEnd - digits;
  if (p != end && *p == '.') {
    isInteger = false;
    ++p;
    if (p == end || !isDigit(*p))
      return failFound(tokenRange(p), "expected a digit after '.', found {0}",
                       p);
    const char *fraction = p;
    while (p != end && isDigit(*p))
      ++p;
    if (!nonZeroInteger) {
      const char *q = fraction;
      while (q != p && *q == '0')
        ++q;
      magnitude = -(q - fraction);
    }
  }
  if (p != end && (*p == 'e' || *p == 'E')) {
    isInteger = false;
    ++p;
    bool negativeExponent = false;
    if (p != end && (*p == '+' || *p == '-')) {
      negativeExponent = *p == '-';
      ++p;
    }
    if (p == end || !isDigit(*p))
      return failFound(tokenRange(p),
                       "expected a digit in the exponent, found {0}", p);
    int64_t exponent = 0;
    for (; p != end && isDigit(*p); ++p)
      if (exponent < 1000000)
        exponent = exponent * 10 + (*p - '0');
    magnitude += negativeExponent ? -exponent : exponent;
  }
  if (p != end && isWordChar(*p)) {
    const char *q = p;
    while (q != end && isWordChar(*q))
      ++q;
    return fail(rangeOf(start, q), "expected a number, found '{0}'",
                llvm::StringRef(start, q - start));
  }
  cur = p;
  SourceRange range = rangeOf(start, p);

  size_t digitCount = digitsEnd - digits;
  if (isInteger && digitCount <= 19) {
    // Up to 19 digits cannot overflow uint64.
    uint64_t value = 0;
    for (const char *q = digits; q != digitsEnd; ++q)
      value = value * 10 + static_cast<uint64_t>(*q - '0');
    constexpr uint64_t maxPositive = std::numeric_limits<int64_t>::max();
    if (!negative && value <= maxPositive) {
      out = Value::integer(static_cast<int64_t>(value), range);
      return true;
    }
    if (negative && value <= maxPositive + 1) {
      out = Value::integer(static_cast<int64_t>(0 - value), range);
      return true;
    }
  }
  double real = 0;
  auto [ptr, ec] = std::from_chars(start, p, real);
  if (ec == std::errc::result_out_of_range || ptr != p) {
    real = magnitude > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    if (negative)
      real = -real;
  }
  out = Value::floating(real, range);
  return true;
}

bool Parser::enterNesting(const char *open) {
  if (depth >= options.maxDepth)
    return fail(rangeOf(open, open + 1),
                "nesting depth exceeds the limit of {0}", options.maxDepth);
  ++depth;
  return true;
}

bool Parser::parseArray(Value &out) {
  const char *open = cur;
  if (!enterNesting(open))
    return false;
  ++cur;
  std::vector<Value> elements;
  if (!skipSpace())
    return false;
  if (cur != end && *cur == ']') {
    ++cur;
  } else {
    for (;;) {
      elements.emplace_back();
      if (!parseValue(elements.back()) || !skipSpace())
        return false;
      if (cur != end && *cur == ',') {
        ++cur;
        if (!skipSpace())
          return false;
        if (cur != end && *cur == ']') {
          ++cur;
          break;
        }
        continue;
      }
      if (cur != end && *cur == ']') {
        ++cur;
        break;
      }
      return failFound(tokenRange(cur),
                       "expected ',' or ']' after an array element, found "
                       "{0}",
                       cur);
    }
  }
  --depth;
  out = Value::array(std::move(elements), rangeOf(open, cur));
  return true;
}

bool Parser::checkDuplicate(std::vector<Member> &members, KeySet &keys) {
  size_t index = members.size() - 1;
  const std::string &key = members[index].key;
  std::optional<size_t> first;
  if (index < linearKeyScanLimit) {
    for (size_t i = 0; i != index; ++i) {
      if (members[i].key == key) {
        first = i;
        break;
      }
    }
  } else {
    if (index == linearKeyScanLimit) {
      // Switch to the hash table: the earlier keys are known distinct.
      for (size_t i = 0; i != index; ++i)
        keys.insert(members, i);
    }
    first = keys.insert(members, index);
  }
  if (!first)
    return true;
  return reportDuplicate(members[index], members[*first]);
}

bool Parser::reportDuplicate(const Member &second, const Member &first) {
  diags.syntaxError(second.keyRange, "duplicate key '{0}'", second.key)
      .note(first.keyRange, "first defined here");
  return false;
}

bool Parser::parseObject(Value &out) {
  const char *open = cur;
  if (!enterNesting(open))
    return false;
  ++cur;
  std::vector<Member> members;
  KeySet keys;
  if (!skipSpace())
    return false;
  if (cur != end && *cur == '}') {
    ++cur;
  } else {
    for (;;) {
      if (cur == end || *cur != '"')
        return failFound(tokenRange(cur),
                         "expected a key in double quotes or '}', found {0}",
                         cur);
      members.emplace_back();
      Member &member = members.back();
      const char *keyBegin = cur;
      if (!parseString(member.key))
        return false;
      member.keyRange = rangeOf(keyBegin, cur);
      if (!checkDuplicate(members, keys) || !skipSpace())
        return false;
      if (cur == end || *cur != ':')
        return failFound(tokenRange(cur),
                         "expected ':' after key '{1}', found {0}", cur,
                         member.key);
      ++cur;
      if (!skipSpace() || !parseValue(member.value) || !skipSpace())
        return false;
      if (cur != end && *cur == ',') {
        ++cur;
        if (!skipSpace())
          return false;
        if (cur != end && *cur == '}') {
          ++cur;
          break;
        }
        continue;
      }
      if (cur != end && *cur == '}') {
        ++cur;
        break;
      }
      return failFound(tokenRange(cur),
                       "expected ',' or '}' after an object member, found "
                       "{0}",
                       cur);
    }
  }
  --depth;
  out = Value::object(std::move(members), rangeOf(open, cur));
  return true;
}

bool Parser::parseString(std::string &out) {
  const char *open = cur;
  const char *p = cur + 1;
  // Scan at most one byte past the longest allowed content, so an
  // over-long string costs neither memory nor a second pass over the
  // accepted part.
  const char *limit = static_cast<size_t>(end - p) > options.maxStringLength
                          ? p + options.maxStringLength + 1
                          : end;
  const char *segment = p;
  for (;;) {
    if (p < limit)
      p = findSpecial(p, limit);
    if (p >= limit) {
      if (p < end)
        return reportLongString(open, p);
      return fail(rangeOf(open, open + 1),
                  "expected '\"' to close this string, found end of "
                  "file");
    }
    char c = *p;
    if (c == '"') {
      out.append(segment, p);
      cur = p + 1;
      return true;
    }
    if (c == '\\') {
      out.append(segment, p);
      if (!parseEscape(p, out))
        return false;
      segment = p;
      continue;
    }
    unsigned length;
    if (!checkUtf8At(p, length))
      return false;
    p += length;
  }
}

bool Parser::reportLongString(const char *open, const char *from) {
  // Find the closing quote: a quote preceded by an even number of
  // backslashes. Each backslash run is looked at once, so this is linear.
  const char *content = open + 1;
  const char *p = from;
  // `from` may sit inside an escape; back up to the start of its run.
  while (p > content && p[-1] == '\\')
    --p;
  for (;;) {
    const void *found = std::memchr(p, '"', end - p);
    if (!found)
      return fail(rangeOf(open, open + 1),
                  "expected '\"' to close this string, found end of "
                  "file");
    const char *quote = static_cast<const char *>(found);
    const char *q = quote;
    while (q > content && q[-1] == '\\')
      --q;
    if ((quote - q) % 2 == 0)
      return fail(rangeOf(open, quote + 1),
                  "string of {0} bytes exceeds the limit of {1} bytes",
                  static_cast<uint64_t>(quote - content),
                  static_cast<uint64_t>(options.maxStringLength));
    p = quote + 1;
  }
}

bool Parser::parseHex4(const char *backslash, uint32_t &value) {
  value = 0;
  for (const char *p = backslash + 2; p != backslash + 6; ++p) {
    int digit = p == end ? -1 : hexValue(*p);
    if (digit < 0)
      return failFound(rangeOf(backslash, p == end ? p : p + 1),
                       "expected 4 hex digits after '\\u', found {0}", p);
    value = (value << 4) | static_cast<uint32_t>(digit);
  }
  return true;
}

bool Parser::parseEscape(const char *&p, std::string &out) {
  const char *backslash = p;
  const char *e = p + 1;
  char decoded;
  switch (e == end ? '\0' : *e) {
  case '"':
    decoded = '"';
    break;
  case '\\':
    decoded = '\\';
    break;
  case '/':
    decoded = '/';
    break;
  case 'b':
    decoded = '\b';
    break;
  case 'f':
    decoded = '\f';
    break;
  case 'n':
    decoded = '\n';
    break;
  case 'r':
    decoded = '\r';
    break;
  case 't':
    decoded = '\t';
    break;
  case 'u': {
    uint32_t cp;
    if (!parseHex4(backslash, cp))
      return false;
    p = backslash + 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      // A high surrogate pairs with an immediately following low one.
      uint32_t low;
      if (end - p >= 2 && p[0] == '\\' && p[1] == 'u') {
        if (!parseHex4(p, low))
          return false;
        if (low >= 0xDC00 && low <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          p += 6;
        } else {
          cp = 0xFFFD;
        }
      } else {
        cp = 0xFFFD;
      }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    appendUtf8(out, cp);
    return true;
  }
  default: {
    SourceRange range = rangeOf(backslash, e);
    range.end = tokenRange(e).end;
    return failFound(range,
                     "expected an escape sequence (\\\" \\\\ \\/ \\b \\f \\n "
                     "\\r \\t \\uXXXX) after '\\', found {0}",
                     e);
  }
  }
  out += decoded;
  p = e + 1;
  return true;
}

} // namespace

std::optional<Value> armor::arm::readJson(const SourceManager &sm, FileId file,
                                          DiagnosticEngine &diags,
                                          const JsonReadOptions &options) {
  Parser parser(sm.getContents(file), file, diags, options);
  return parser.parseDocument();
}
