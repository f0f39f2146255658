//===- Text.cpp - .NET string semantics for the function library ----------===//

#include "passes/eval/Text.h"

#include "passes/eval/ValueUtil.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace armor;
using namespace armor::eval;
using ir::Value;

static bool isAscii(llvm::StringRef text) {
  return llvm::all_of(
      text, [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

Utf16 armor::eval::toUtf16(llvm::StringRef text) {
  Utf16 out;
  out.reserve(text.size());
  const auto *p = reinterpret_cast<const llvm::UTF8 *>(text.data());
  const auto *end = p + text.size();
  while (p < end) {
    llvm::UTF32 cp = 0;
    const llvm::UTF8 *start = p;
    if (llvm::convertUTF8Sequence(&p, end, &cp, llvm::strictConversion) !=
        llvm::conversionOK) {
      p = start + 1;
      cp = 0xFFFD;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (cp >> 10));
      out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
    } else {
      out += static_cast<char16_t>(cp);
    }
  }
  return out;
}

static void appendCodePoint(std::string &out, uint32_t cp) {
  char buf[4];
  char *ptr = buf;
  if (!llvm::ConvertCodePointToUTF8(cp, ptr)) {
    ptr = buf;
    llvm::ConvertCodePointToUTF8(0xFFFD, ptr);
  }
  out.append(buf, ptr);
}

std::string armor::eval::fromUtf16(const Utf16 &text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i != text.size(); ++i) {
    uint32_t c = text[i];
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < text.size() &&
        text[i + 1] >= 0xDC00 && text[i + 1] < 0xE000) {
      c = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
      ++i;
    } else if (c >= 0xD800 && c < 0xE000) {
      c = 0xFFFD;
    }
    appendCodePoint(out, c);
  }
  return out;
}

size_t armor::eval::getUtf16Length(llvm::StringRef text) {
  if (isAscii(text))
    return text.size();
  return toUtf16(text).size();
}

static char16_t foldCase(char16_t c) {
  if (c < 0x80)
    return static_cast<char16_t>(llvm::toLower(static_cast<char>(c)));
  // Latin-1 letters: U+00C0..U+00DE except U+00D7.
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
    return c + 0x20;
  return c;
}

std::string armor::eval::toLowerInvariant(llvm::StringRef text) {
  if (isAscii(text))
    return text.lower();
  Utf16 s = toUtf16(text);
  for (char16_t &c : s)
    c = foldCase(c);
  return fromUtf16(s);
}

std::string armor::eval::toUpperInvariant(llvm::StringRef text) {
  if (isAscii(text))
    return text.upper();
  Utf16 s = toUtf16(text);
  for (char16_t &c : s) {
    if (c < 0x80)
      c = static_cast<char16_t>(llvm::toUpper(static_cast<char>(c)));
    else if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
      c -= 0x20;
  }
  return fromUtf16(s);
}

int64_t armor::eval::findInsensitive(llvm::StringRef haystack,
                                     llvm::StringRef needle, bool last) {
  Utf16 h = toUtf16(haystack), n = toUtf16(needle);
  for (char16_t &c : h)
    c = foldCase(c);
  for (char16_t &c : n)
    c = foldCase(c);
  size_t pos = last ? h.rfind(n) : h.find(n);
  return pos == Utf16::npos ? -1 : static_cast<int64_t>(pos);
}

static bool isDotNetSpace(uint32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

std::string armor::eval::trimWhitespace(llvm::StringRef text) {
  Utf16 s = toUtf16(text);
  size_t begin = 0, end = s.size();
  while (begin < end && isDotNetSpace(s[begin]))
    ++begin;
  while (end > begin && isDotNetSpace(s[end - 1]))
    --end;
  return fromUtf16(s.substr(begin, end - begin));
}

//===----------------------------------------------------------------------===//
// Numeric formatting
//===----------------------------------------------------------------------===//

/// Inserts ',' between groups of three digits.
static std::string groupDigits(llvm::StringRef digits) {
  std::string out;
  size_t n = digits.size();
  for (size_t i = 0; i != n; ++i) {
    if (i && (n - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

/// |value| in decimal, for any int64 including the minimum.
static std::string absDigits(int64_t value) {
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value)
                                 : static_cast<uint64_t>(value);
  return std::to_string(magnitude);
}

/// Fixed-point text of |value| with \p decimals digits, rounding half away
/// from zero as .NET does for the exact decimal digits of an integer.
static std::string fixedDigits(double value, int decimals) {
  char buf[400];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, std::fabs(value));
  return buf;
}

/// Splits "1234.50" into integer and fraction parts.
static std::pair<std::string, std::string> splitFixed(llvm::StringRef fixed) {
  auto [integer, fraction] = fixed.split('.');
  return {integer.str(), fraction.str()};
}

/// Scientific notation as .NET prints it: d.ddddE+ddd with \p expDigits
/// exponent digits at least.
static std::string scientific(double value, int precision, bool upper,
                              int expDigits) {
  char buf[400];
  std::snprintf(buf, sizeof(buf), "%.*e", precision, std::fabs(value));
  llvm::StringRef text(buf);
  auto [mantissa, exponent] = text.split('e');
  int exp = std::atoi(exponent.str().c_str());
  std::string expText = std::to_string(std::abs(exp));
  while (static_cast<int>(expText.size()) < expDigits)
    expText.insert(expText.begin(), '0');
  return (mantissa + (upper ? "E" : "e") + (exp < 0 ? "-" : "+") + expText)
      .str();
}

/// The shortest round-trip digits and decimal exponent of |value| > 0.
static void shortestDigits(double value, std::string &digits, int &exponent) {
  char buf[40];
  for (int precision = 0; precision <= 16; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*e", precision, value);
    if (std::strtod(buf, nullptr) == value)
      break;
  }
  llvm::StringRef text(buf);
  auto [mantissa, exp] = text.split('e');
  exponent = std::atoi(exp.str().c_str());
  digits.clear();
  for (char c : mantissa)
    if (llvm::isDigit(c))
      digits += c;
  while (digits.size() > 1 && digits.back() == '0')
    digits.pop_back();
}

/// .NET Core's default double text ("R"/"G"): fixed notation for decimal
/// exponents in [-5, 15), else d.dddE+XX.
static std::string formatDoubleGeneral(double value, bool upper) {
  if (std::isnan(value))
    return "NaN";
  if (std::isinf(value))
    return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0)
    return std::signbit(value) ? "-0" : "0";
  std::string digits;
  int exponent = 0;
  shortestDigits(std::fabs(value), digits, exponent);
  std::string out = value < 0 ? "-" : "";
  if (exponent >= -5 && exponent < 15) {
    if (exponent < 0) {
      out += "0.";
      out.append(-exponent - 1, '0');
      out += digits;
      return out;
    }
    if (static_cast<int>(digits.size()) <= exponent + 1) {
      out += digits;
      out.append(exponent + 1 - digits.size(), '0');
      return out;
    }
    out += digits.substr(0, exponent + 1);
    out += '.';
    out += digits.substr(exponent + 1);
    return out;
  }
  out += digits[0];
  if (digits.size() > 1) {
    out += '.';
    out += digits.substr(1);
  }
  out += upper ? "E" : "e";
  out += exponent < 0 ? '-' : '+';
  std::string exp = std::to_string(std::abs(exponent));
  if (exp.size() < 2)
    exp.insert(exp.begin(), '0');
  return out + exp;
}

/// A custom numeric format ("000", "#,##0.00", "0%").
static std::optional<std::string> formatCustom(double value, bool isInteger,
                                               int64_t intValue,
                                               llvm::StringRef spec,
                                               std::string &error) {
  // Only the first section (and the negative one) of "pos;neg;zero".
  llvm::SmallVector<llvm::StringRef, 3> sections;
  spec.split(sections, ';');
  bool negative = isInteger ? intValue < 0 : value < 0;
  llvm::StringRef section = sections[0];
  bool explicitNegative = false;
  if (negative && sections.size() > 1 && !sections[1].empty()) {
    section = sections[1];
    explicitNegative = true;
  }
  // Scan the section: placeholders, decimal point, grouping, percent.
  struct Piece {
    enum Kind { Literal, Digit, Decimal } kind;
    std::string text; ///< literal text, or "0"/"#"
  };
  std::vector<Piece> pieces;
  bool grouping = false, percent = false, seenDecimal = false;
  int intPlaceholders = 0, fracZeros = 0, fracPlaceholders = 0;
  int firstIntZero = -1; // index among integer placeholders
  for (size_t i = 0; i < section.size(); ++i) {
    char c = section[i];
    if (c == '0' || c == '#') {
      if (seenDecimal) {
        ++fracPlaceholders;
        if (c == '0')
          fracZeros = fracPlaceholders;
      } else {
        if (c == '0' && firstIntZero < 0)
          firstIntZero = intPlaceholders;
        ++intPlaceholders;
      }
      pieces.push_back({Piece::Digit, std::string(1, c)});
      continue;
    }
    if (c == '.' && !seenDecimal) {
      seenDecimal = true;
      pieces.push_back({Piece::Decimal, "."});
      continue;
    }
    if (c == ',' && !seenDecimal) {
      grouping = true;
      continue;
    }
    if (c == '%') {
      percent = true;
      pieces.push_back({Piece::Literal, "%"});
      continue;
    }
    if (c == '\\' && i + 1 < section.size()) {
      pieces.push_back({Piece::Literal, std::string(1, section[++i])});
      continue;
    }
    if (c == '\'' || c == '"') {
      size_t end = section.find(c, i + 1);
      if (end == llvm::StringRef::npos)
        end = section.size();
      pieces.push_back({Piece::Literal, section.slice(i + 1, end).str()});
      i = end;
      continue;
    }
    if (c == 'E' || c == 'e') {
      error = "exponent custom formats are not supported";
      return std::nullopt;
    }
    pieces.push_back({Piece::Literal, std::string(1, c)});
  }
  // The digits: exact for integers, rounded for floats.
  std::string intDigits, fracDigits;
  if (isInteger && !percent && fracPlaceholders == 0) {
    intDigits = absDigits(intValue);
  } else {
    double v = isInteger ? static_cast<double>(intValue) : value;
    if (percent)
      v *= 100;
    auto parts = splitFixed(fixedDigits(v, fracPlaceholders));
    intDigits = parts.first;
    fracDigits = parts.second;
  }
  if (intDigits == "0")
    intDigits.clear();
  int minIntDigits = firstIntZero < 0 ? 0 : intPlaceholders - firstIntZero;
  while (static_cast<int>(intDigits.size()) < minIntDigits)
    intDigits.insert(intDigits.begin(), '0');
  while (static_cast<int>(fracDigits.size()) > fracZeros &&
         !fracDigits.empty() && fracDigits.back() == '0')
    fracDigits.pop_back();
  bool allZero = llvm::all_of(intDigits, [](char c) { return c == '0'; }) &&
                 llvm::all_of(fracDigits, [](char c) { return c == '0'; });
  std::string out;
  if (negative && !explicitNegative && !allZero)
    out += '-';
  int intIndex = 0;
  size_t fracIndex = 0;
  bool afterDecimal = false;
  for (const Piece &piece : pieces) {
    if (piece.kind == Piece::Literal) {
      out += piece.text;
      continue;
    }
    if (piece.kind == Piece::Decimal) {
      afterDecimal = true;
      if (!fracDigits.empty())
        out += '.';
      continue;
    }
    if (afterDecimal) {
      if (fracIndex < fracDigits.size())
        out += fracDigits[fracIndex++];
      continue;
    }
    // Integer placeholder: the first one takes any extra leading digits.
    int digitIndex =
        static_cast<int>(intDigits.size()) - intPlaceholders + intIndex;
    if (intIndex == 0 && digitIndex > 0) {
      std::string lead = intDigits.substr(0, digitIndex + 1);
      out += grouping ? groupDigits(lead) : lead;
    } else if (digitIndex >= 0) {
      if (grouping && digitIndex > 0 &&
          (intDigits.size() - digitIndex) % 3 == 0)
        out += ',';
      out += intDigits[digitIndex];
    }
    ++intIndex;
  }
  return out;
}

std::optional<std::string> armor::eval::formatValue(const Value &value,
                                                    llvm::StringRef spec,
                                                    std::string &error) {
  if (!value.isInteger() && !value.isFloat())
    return toDisplayString(value);
  bool isInteger = value.isInteger();
  int64_t i = isInteger ? value.getInteger() : 0;
  double d = isInteger ? static_cast<double>(i) : value.getFloat();
  if (spec.empty())
    return isInteger ? std::to_string(i) : formatDoubleGeneral(d, true);

  // A standard format: one letter and an optional precision.
  char letter = spec[0];
  llvm::StringRef precisionText = spec.drop_front();
  int precision = -1;
  bool standard =
      llvm::isAlpha(letter) &&
      (precisionText.empty() ||
       (llvm::all_of(precisionText, llvm::isDigit) &&
        !precisionText.getAsInteger(10, precision) && precision <= 99));
  if (!standard)
    return formatCustom(d, isInteger, i, spec, error);
  bool negative = isInteger ? i < 0 : d < 0;
  std::string sign = negative ? "-" : "";
  switch (llvm::toUpper(letter)) {
  case 'D': {
    if (!isInteger) {
      error = "format 'D' needs an integer";
      return std::nullopt;
    }
    std::string digits = absDigits(i);
    while (static_cast<int>(digits.size()) < precision)
      digits.insert(digits.begin(), '0');
    return sign + digits;
  }
  case 'X': {
    if (!isInteger) {
      error = "format 'X' needs an integer";
      return std::nullopt;
    }
    std::string hex = llvm::utohexstr(static_cast<uint64_t>(i),
                                      /*LowerCase=*/letter == 'x');
    while (static_cast<int>(hex.size()) < precision)
      hex.insert(hex.begin(), '0');
    return hex;
  }
  case 'B': {
    if (!isInteger) {
      error = "format 'B' needs an integer";
      return std::nullopt;
    }
    uint64_t u = static_cast<uint64_t>(i);
    std::string bits;
    do {
      bits.insert(bits.begin(), static_cast<char>('0' + (u & 1)));
      u >>= 1;
    } while (u);
    while (static_cast<int>(bits.size()) < precision)
      bits.insert(bits.begin(), '0');
    return bits;
  }
  case 'N':
  case 'F':
  case 'C':
  case 'P': {
    char upper = llvm::toUpper(letter);
    int decimals = precision < 0 ? 2 : precision;
    double v = upper == 'P' ? d * 100 : d;
    std::string integerPart, fraction;
    if (isInteger && upper != 'P') {
      integerPart = absDigits(i);
      fraction.assign(decimals, '0');
    } else {
      std::tie(integerPart, fraction) = splitFixed(fixedDigits(v, decimals));
    }
    if (upper != 'F')
      integerPart = groupDigits(integerPart);
    std::string number = integerPart + (decimals ? "." + fraction : "");
    bool isZero = llvm::all_of(
        number, [](char c) { return c == '0' || c == '.' || c == ','; });
    if (isZero)
      negative = false;
    if (upper == 'C')
      return negative ? "(\u00A4" + number + ")" : "\u00A4" + number;
    if (upper == 'P')
      return (negative ? "-" : "") + number + " %";
    return (negative ? "-" : "") + number;
  }
  case 'E':
    return sign +
           scientific(d, precision < 0 ? 6 : precision, letter == 'E', 3);
  case 'G':
  case 'R': {
    if (isInteger && (precision <= 0 || precision >= 19))
      return std::to_string(i);
    if (precision <= 0)
      return formatDoubleGeneral(d, letter == 'G' || letter == 'R');
    // Scientific when the exponent is at least the precision.
    char buf[400];
    std::snprintf(buf, sizeof(buf), "%.*e", precision - 1, std::fabs(d));
    int exponent = std::atoi(std::strchr(buf, 'e') + 1);
    if (exponent >= precision || exponent < -5) {
      std::string text = scientific(d, precision - 1, letter == 'G', 2);
      // G trims trailing zeros of the mantissa.
      size_t e = text.find_first_of("Ee");
      std::string mantissa = text.substr(0, e);
      if (mantissa.find('.') != std::string::npos) {
        while (mantissa.back() == '0')
          mantissa.pop_back();
        if (mantissa.back() == '.')
          mantissa.pop_back();
      }
      return sign + mantissa + text.substr(e);
    }
    std::snprintf(buf, sizeof(buf), "%.*g", precision, std::fabs(d));
    return sign + buf;
  }
  default:
    // Not a standard specifier: .NET treats it as a custom format.
    return formatCustom(d, isInteger, i, spec, error);
  }
}

static std::string formatArgument(const Value &value) {
  // Arrays and objects print as JSON with single quotes, as ARM does.
  if (value.isArray() || value.isObject()) {
    std::string json = toJsonText(value);
    for (char &c : json)
      if (c == '"')
        c = '\'';
    return json;
  }
  return toDisplayString(value);
}

std::optional<std::string>
armor::eval::formatComposite(llvm::StringRef format, llvm::ArrayRef<Value> args,
                             std::string &error) {
  std::string out;
  size_t i = 0, n = format.size();
  auto bad = [&](const char *why) -> std::optional<std::string> {
    error = why;
    return std::nullopt;
  };
  while (i < n) {
    char c = format[i];
    if (c == '}') {
      if (i + 1 < n && format[i + 1] == '}') {
        out += '}';
        i += 2;
        continue;
      }
      return bad("the format string has an unmatched '}'");
    }
    if (c != '{') {
      out += c;
      ++i;
      continue;
    }
    if (i + 1 < n && format[i + 1] == '{') {
      out += '{';
      i += 2;
      continue;
    }
    ++i;
    auto skipSpaces = [&] {
      while (i < n && format[i] == ' ')
        ++i;
    };
    skipSpaces();
    size_t start = i;
    while (i < n && llvm::isDigit(format[i]))
      ++i;
    if (start == i)
      return bad("a format item needs an argument index");
    unsigned index = 0;
    if (format.slice(start, i).getAsInteger(10, index) || index >= args.size())
      return bad("a format item refers to an argument that was not given");
    skipSpaces();
    int alignment = 0;
    if (i < n && format[i] == ',') {
      ++i;
      skipSpaces();
      bool left = i < n && format[i] == '-';
      if (left)
        ++i;
      start = i;
      while (i < n && llvm::isDigit(format[i]))
        ++i;
      if (start == i || format.slice(start, i).getAsInteger(10, alignment) ||
          alignment > 100000)
        return bad("a format item has a bad alignment");
      if (left)
        alignment = -alignment;
      skipSpaces();
    }
    std::string spec;
    if (i < n && format[i] == ':') {
      ++i;
      start = i;
      while (i < n && format[i] != '}') {
        if (format[i] == '{')
          return bad("a format item has a '{' in its format string");
        ++i;
      }
      spec = format.slice(start, i).str();
    }
    if (i >= n || format[i] != '}')
      return bad("a format item is not closed by '}'");
    ++i;
    std::string text;
    const Value &arg = args[index];
    if (arg.isInteger() || arg.isFloat()) {
      std::optional<std::string> formatted = formatValue(arg, spec, error);
      if (!formatted)
        return std::nullopt;
      text = std::move(*formatted);
    } else {
      text = formatArgument(arg);
    }
    size_t width = getUtf16Length(text);
    size_t pad = static_cast<size_t>(std::abs(alignment));
    if (width < pad) {
      if (alignment > 0)
        text.insert(0, pad - width, ' ');
      else
        text.append(pad - width, ' ');
    }
    out += text;
  }
  return out;
}
