//===- JsonReaderTest.cpp - Tests for the ARM JSON reader -----------------===//

#include "frontend/arm/JsonReader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <ostream>
#include <string>

using namespace armor;
using namespace armor::arm;
using armor::ir::Value;

namespace armor {
// Readable ranges in failure messages.
static void PrintTo(const SourceRange &r, std::ostream *os) {
  *os << "[" << r.begin << ", " << r.end << ") in file " << r.file;
}
} // namespace armor

namespace {

class JsonReaderTest : public ::testing::Test {
protected:
  std::optional<Value> read(std::string text,
                            const JsonReadOptions &options = {}) {
    diags = DiagnosticEngine();
    file = sm.addFile("test.json", std::move(text));
    return readJson(sm, file, diags, options);
  }

  SourceRange range(uint32_t begin, uint32_t end) const {
    return {file, begin, end};
  }

  /// Reads \p text, expects it rejected with exactly one syntax error, and
  /// returns that diagnostic.
  Diagnostic readError(std::string text, const JsonReadOptions &options = {}) {
    std::optional<Value> v = read(std::move(text), options);
    EXPECT_FALSE(v.has_value());
    EXPECT_EQ(diags.diagnostics().size(), 1u);
    if (diags.diagnostics().empty())
      return {};
    const Diagnostic &d = diags.diagnostics().front();
    EXPECT_EQ(d.ruleId, "syntax-error");
    EXPECT_EQ(d.level, Level::Error);
    return d;
  }

  void expectError(std::string text, llvm::StringRef message, uint32_t begin,
                   uint32_t end) {
    SCOPED_TRACE(text);
    Diagnostic d = readError(std::move(text));
    EXPECT_EQ(d.message, message);
    EXPECT_EQ(d.range, range(begin, end));
  }

  Value readOk(std::string text) {
    std::optional<Value> v = read(text);
    EXPECT_TRUE(v.has_value()) << text;
    for (const Diagnostic &d : diags.diagnostics())
      ADD_FAILURE() << d.message << " at " << d.range.begin;
    return v ? std::move(*v) : Value();
  }

  SourceManager sm;
  DiagnosticEngine diags;
  FileId file = 0;
};

//===----------------------------------------------------------------------===//
// Values and ranges
//===----------------------------------------------------------------------===//

TEST_F(JsonReaderTest, Scalars) {
  EXPECT_TRUE(readOk("null").isNull());
  Value t = readOk(" true ");
  ASSERT_TRUE(t.isBoolean());
  EXPECT_TRUE(t.getBoolean());
  EXPECT_EQ(t.getRange(), range(1, 5));
  Value f = readOk("false");
  ASSERT_TRUE(f.isBoolean());
  EXPECT_FALSE(f.getBoolean());
  Value s = readOk("\"abc\"");
  ASSERT_TRUE(s.isString());
  EXPECT_EQ(s.getString(), "abc");
  EXPECT_EQ(s.getRange(), range(0, 5));
}

TEST_F(JsonReaderTest, RangesOfValuesAndKeys) {
  //            0123456789012345678901234567890123
  Value v = readOk("{\"a\": [1, 2.5], \"bc\" : {\"d\":null}}");
  ASSERT_TRUE(v.isObject());
  EXPECT_EQ(v.getRange(), range(0, 34));
  ASSERT_EQ(v.members().size(), 2u);
  const ir::Member &a = v.members()[0];
  EXPECT_EQ(a.key, "a");
  EXPECT_EQ(a.keyRange, range(1, 4));
  EXPECT_EQ(a.value.getRange(), range(6, 14));
  ASSERT_EQ(a.value.elements().size(), 2u);
  EXPECT_EQ(a.value.elements()[0].getRange(), range(7, 8));
  EXPECT_EQ(a.value.elements()[1].getRange(), range(10, 13));
  const ir::Member &bc = v.members()[1];
  EXPECT_EQ(bc.key, "bc");
  EXPECT_EQ(bc.keyRange, range(16, 20));
  EXPECT_EQ(bc.value.getRange(), range(23, 33));
  EXPECT_EQ(bc.value.members()[0].keyRange, range(24, 27));
  EXPECT_EQ(bc.value.members()[0].value.getRange(), range(28, 32));
}

TEST_F(JsonReaderTest, MemberOrderIsPreserved) {
  Value v = readOk("{\"z\":1,\"a\":2,\"m\":3}");
  ASSERT_EQ(v.members().size(), 3u);
  EXPECT_EQ(v.members()[0].key, "z");
  EXPECT_EQ(v.members()[1].key, "a");
  EXPECT_EQ(v.members()[2].key, "m");
}

TEST_F(JsonReaderTest, EmptyContainers) {
  Value v = readOk("[ [], {}, [ ], { } ]");
  ASSERT_EQ(v.elements().size(), 4u);
  EXPECT_TRUE(v.elements()[0].isArray());
  EXPECT_TRUE(v.elements()[1].isObject());
  EXPECT_EQ(v.elements()[2].getRange(), range(10, 13));
  EXPECT_EQ(v.elements()[3].getRange(), range(15, 18));
}

TEST_F(JsonReaderTest, ByteOrderMarkKeepsByteOffsets) {
  Value v = readOk("\xEF\xBB\xBF{\"k\": \"v\"}");
  ASSERT_TRUE(v.isObject());
  EXPECT_EQ(v.getRange(), range(3, 13));
  EXPECT_EQ(v.members()[0].keyRange, range(4, 7));
  EXPECT_EQ(v.members()[0].value.getRange(), range(9, 12));
}

TEST_F(JsonReaderTest, RangesAfterMultiByteUtf8) {
  // "é" is 2 bytes, "€" 3 and "😀" 4: offsets count bytes.
  Value v = readOk("[\"é€😀\", 7]");
  ASSERT_EQ(v.elements().size(), 2u);
  EXPECT_EQ(v.elements()[0].getString(), "é€😀");
  EXPECT_EQ(v.elements()[0].getRange(), range(1, 1 + 1 + 9 + 1));
  EXPECT_EQ(v.elements()[1].getRange(), range(14, 15));
}

//===----------------------------------------------------------------------===//
// Numbers
//===----------------------------------------------------------------------===//

TEST_F(JsonReaderTest, IntegersAndFloats) {
  Value v = readOk("[0, -0, 42, -17, 1.5, -2.25e2, 1E3, 3e-2, 0.0]");
  auto &e = v.elements();
  ASSERT_EQ(e.size(), 9u);
  EXPECT_TRUE(e[0].isInteger());
  EXPECT_EQ(e[0].getInteger(), 0);
  EXPECT_TRUE(e[1].isInteger());
  EXPECT_EQ(e[1].getInteger(), 0);
  EXPECT_EQ(e[2].getInteger(), 42);
  EXPECT_EQ(e[3].getInteger(), -17);
  ASSERT_TRUE(e[4].isFloat());
  EXPECT_EQ(e[4].getFloat(), 1.5);
  ASSERT_TRUE(e[5].isFloat());
  EXPECT_EQ(e[5].getFloat(), -225.0);
  ASSERT_TRUE(e[6].isFloat()) << "an exponent makes a float";
  EXPECT_EQ(e[6].getFloat(), 1000.0);
  EXPECT_DOUBLE_EQ(e[7].getFloat(), 0.03);
  ASSERT_TRUE(e[8].isFloat());
  EXPECT_EQ(e[5].getRange(), range(22, 29));
}

TEST_F(JsonReaderTest, Int64Limits) {
  Value v = readOk("[9223372036854775807, -9223372036854775808, "
                   "9223372036854775808, -9223372036854775809, "
                   "123456789012345678901234567890]");
  auto &e = v.elements();
  ASSERT_EQ(e.size(), 5u);
  ASSERT_TRUE(e[0].isInteger());
  EXPECT_EQ(e[0].getInteger(), std::numeric_limits<int64_t>::max());
  ASSERT_TRUE(e[1].isInteger());
  EXPECT_EQ(e[1].getInteger(), std::numeric_limits<int64_t>::min());
  ASSERT_TRUE(e[2].isFloat());
  EXPECT_EQ(e[2].getFloat(), 9223372036854775808.0);
  ASSERT_TRUE(e[3].isFloat());
  EXPECT_EQ(e[3].getFloat(), -9223372036854775809.0);
  ASSERT_TRUE(e[4].isFloat());
  EXPECT_DOUBLE_EQ(e[4].getFloat(), 1.2345678901234568e29);
}

TEST_F(JsonReaderTest, FloatsOutOfRange) {
  std::string huge = "[1e999, -1e999, 1e-999, " + std::string(400, '9') + "]";
  Value v = readOk(huge);
  auto &e = v.elements();
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].getFloat(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(e[1].getFloat(), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(e[2].getFloat(), 0.0);
  EXPECT_EQ(e[3].getFloat(), std::numeric_limits<double>::infinity());
}

TEST_F(JsonReaderTest, BadNumbers) {
  expectError("[01]", "expected a number without leading zeros, found '01'", 1,
              3);
  expectError("-", "expected a digit after '-', found end of file", 1, 1);
  expectError("[-x]", "expected a digit after '-', found 'x'", 2, 3);
  expectError("1.", "expected a digit after '.', found end of file", 2, 2);
  expectError("[1.e5]", "expected a digit after '.', found 'e5'", 3, 4);
  expectError("1e+", "expected a digit in the exponent, found end of file", 3,
              3);
  expectError("[12ab]", "expected a number, found '12ab'", 1, 5);
  expectError("[.5]", "expected a JSON value, found '.'", 1, 2);
  expectError("[+1]", "expected a JSON value, found '+'", 1, 2);
  expectError("-Infinity", "expected a digit after '-', found 'Infinity'", 1,
              2);
}

//===----------------------------------------------------------------------===//
// Strings and escapes
//===----------------------------------------------------------------------===//

TEST_F(JsonReaderTest, Escapes) {
  Value v = readOk(R"("a\"b\\c\/d\be\ff\ng\rh\ti")");
  EXPECT_EQ(v.getString(), "a\"b\\c/d\be\ff\ng\rh\ti");
  EXPECT_EQ(readOk(R"("\u0041\u00e9\u20AC")").getString(), "A\xC3\xA9€");
  EXPECT_EQ(readOk(R"("x\u0000y")").getString(), std::string("x\0y", 3));
}

TEST_F(JsonReaderTest, SurrogatePairsBecomeUtf8) {
  EXPECT_EQ(readOk(R"("\uD83D\uDE00")").getString(), "\xF0\x9F\x98\x80");
  EXPECT_EQ(readOk(R"("\ud834\udd1e!")").getString(), "\xF0\x9D\x84\x9E!");
}

TEST_F(JsonReaderTest, LoneSurrogatesBecomeReplacementCharacter) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(readOk(R"("\uD800")").getString(), fffd);
  EXPECT_EQ(readOk(R"("\uDC00x")").getString(), fffd + "x");
  EXPECT_EQ(readOk(R"("\uD800\n")").getString(), fffd + "\n");
  // A high surrogate followed by another escape that is not a low one: both
  // decoded on their own.
  EXPECT_EQ(readOk(R"("\uD800\u0041")").getString(), fffd + "A");
  EXPECT_EQ(readOk(R"("\uD800\uD83D\uDE00")").getString(),
            fffd + "\xF0\x9F\x98\x80");
}

TEST_F(JsonReaderTest, BadEscapes) {
  expectError(R"(["ab\q"])",
              R"(expected an escape sequence (\" \\ \/ \b \f \n \r \t \uXXXX) )"
              R"(after '\', found 'q')",
              4, 6);
  expectError(R"("\u12G4")", "expected 4 hex digits after '\\u', found 'G4'", 1,
              6);
  expectError(R"("\u12")", "expected 4 hex digits after '\\u', found '\"'", 1,
              6);
  expectError("\"\\u12", "expected 4 hex digits after '\\u', found end of file",
              1, 5);
  // The low half of a pair is checked like any escape.
  expectError(R"("\uD83D\uDZ00")",
              "expected 4 hex digits after '\\u', found 'Z00'", 7, 11);
  expectError("\"\\",
              "expected an escape sequence (\\\" \\\\ \\/ \\b \\f \\n "
              "\\r \\t \\uXXXX) after '\\', found end of file",
              1, 2);
}

TEST_F(JsonReaderTest, UnterminatedString) {
  expectError("{\"key\": \"abc",
              "expected '\"' to close this string, found end of file", 8, 9);
  expectError("\"abc\\\"",
              "expected '\"' to close this string, found end of "
              "file",
              0, 1);
}

TEST_F(JsonReaderTest, InvalidUtf8) {
  expectError("\"ab\xFF\"", "invalid UTF-8 byte 0xff", 3, 4);
  expectError("\"\x80\"", "invalid UTF-8 byte 0x80", 1, 2);
  // Overlong encodings and encoded surrogates.
  expectError("\"\xC0\xAF\"", "invalid UTF-8 byte 0xc0", 1, 2);
  expectError("\"\xE0\x80\xAF\"",
              "invalid UTF-8 byte 0x80 in the sequence starting with byte "
              "0xe0",
              2, 3);
  expectError("\"\xED\xA0\x80\"",
              "invalid UTF-8 byte 0xa0 in the sequence starting with byte "
              "0xed",
              2, 3);
  expectError("\"\xF4\x90\x80\x80\"",
              "invalid UTF-8 byte 0x90 in the sequence starting with byte "
              "0xf4",
              2, 3);
  expectError("\"\xC3(\"",
              "invalid UTF-8 byte 0x28 in the sequence starting with byte "
              "0xc3",
              2, 3);
  expectError("\"\xE2\x82",
              "incomplete UTF-8 sequence starting with byte 0xe2, found end "
              "of file",
              1, 2);
  // Also in comments and outside strings.
  expectError("// \xFE\n1", "invalid UTF-8 byte 0xfe", 3, 4);
  expectError("1 /* \xC3 */",
              "invalid UTF-8 byte 0x20 in the sequence "
              "starting with byte 0xc3",
              6, 7);
  expectError("[\xFF]", "expected a JSON value, found byte 0xff", 1, 2);
  // Valid UTF-8 is fine everywhere a string or comment allows it.
  EXPECT_EQ(readOk("/* ∀ */ \"\xF4\x8F\xBF\xBF\"").getString(),
            "\xF4\x8F\xBF\xBF");
}

TEST_F(JsonReaderTest, RawControlCharactersInStrings) {
  // ARM (Newtonsoft) accepts raw newlines and tabs in strings.
  Value v = readOk("{\"script\": \"line1\nline2\r\n\tend\x01\"}");
  EXPECT_EQ(v.members()[0].value.getString(), "line1\nline2\r\n\tend\x01");
}

TEST_F(JsonReaderTest, LongStringsWithinTheLimit) {
  JsonReadOptions options;
  options.maxStringLength = 10;
  std::optional<Value> v =
      read("[\"0123456789\", \"\\\"\\\"\\\"\\\"\\\"\"]", options);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->elements()[0].getString(), "0123456789");
  EXPECT_EQ(v->elements()[1].getString(), "\"\"\"\"\"");
}

TEST_F(JsonReaderTest, StringOverTheLimit) {
  JsonReadOptions options;
  options.maxStringLength = 10;
  Diagnostic d = readError("[\"01234567890\"]", options);
  EXPECT_EQ(d.message, "string of 11 bytes exceeds the limit of 10 bytes");
  EXPECT_EQ(d.range, range(1, 14));
  // Escaped quotes do not end the string; the size is counted in source
  // bytes.
  d = readError("[\"0123456789\\\"\\\\\\\"x\"]", options);
  EXPECT_EQ(d.message, "string of 17 bytes exceeds the limit of 10 bytes");
  EXPECT_EQ(d.range, range(1, 20));
  // Too long and unterminated: reported as unterminated.
  d = readError("[\"01234567890\\\"]", options);
  EXPECT_EQ(d.message, "expected '\"' to close this string, found end of file");
  EXPECT_EQ(d.range, range(1, 2));
}

TEST_F(JsonReaderTest, FiftyMegabyteString) {
  const size_t size = 50u << 20;
  std::string text;
  text.reserve(size + 8);
  text += "[\"";
  text.append(size, 'x');
  text += "\"]";
  auto start = std::chrono::steady_clock::now();
  Diagnostic d = readError(text);
  EXPECT_EQ(d.message,
            "string of 52428800 bytes exceeds the limit of 4194304 bytes");
  EXPECT_EQ(d.range, range(1, size + 3));

  // Accepted when the limit allows it, in linear time.
  JsonReadOptions options;
  options.maxStringLength = size;
  std::optional<Value> v = read(std::move(text), options);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->elements()[0].getString().size(), size);
  auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_LT(seconds, 5.0);
}

//===----------------------------------------------------------------------===//
// ARM extensions
//===----------------------------------------------------------------------===//

TEST_F(JsonReaderTest, Comments) {
  Value v = readOk("// leading\n"
                   "{ /* a */ \"a\" /* b */ : /* c */ 1 // d\n"
                   "  , \"b\": [1, // one\n 2 /* two */] /**/}\n"
                   "// trailing without newline");
  ASSERT_EQ(v.members().size(), 2u);
  EXPECT_EQ(v.members()[0].keyRange, range(21, 24));
  EXPECT_EQ(v.members()[0].value.getInteger(), 1);
  EXPECT_EQ(v.members()[1].value.elements().size(), 2u);
  // A line comment also ends at a lone carriage return.
  EXPECT_EQ(readOk("[1, // x\r2]").elements().size(), 2u);
  // Comment markers inside strings are text.
  EXPECT_EQ(readOk("\"// not /* a comment\"").getString(),
            "// not /* a comment");
  EXPECT_EQ(readOk("/***/1/*/ */").getInteger(), 1);
}

TEST_F(JsonReaderTest, BadComments) {
  expectError("[1 /* open",
              "expected '*/' to close this comment, found end "
              "of file",
              3, 5);
  expectError("[1 /x]",
              "expected '/' or '*' after '/' to start a comment, "
              "found 'x'",
              3, 4);
  expectError("1 /",
              "expected '/' or '*' after '/' to start a comment, "
              "found end of file",
              2, 3);
}

TEST_F(JsonReaderTest, TrailingCommas) {
  Value v = readOk("{\"a\": [1, 2,], \"b\": {\"c\": 3,},}");
  ASSERT_EQ(v.members().size(), 2u);
  EXPECT_EQ(v.members()[0].value.elements().size(), 2u);
  EXPECT_EQ(v.members()[1].value.members().size(), 1u);
  EXPECT_EQ(readOk("[1, /* x */ ]").elements().size(), 1u);
  // Only one, and only after an element.
  expectError("[,]", "expected a JSON value, found ','", 1, 2);
  expectError("[1,,]", "expected a JSON value, found ','", 3, 4);
  expectError("{,}", "expected a key in double quotes or '}', found ','", 1, 2);
  expectError("{\"a\":1,,}",
              "expected a key in double quotes or '}', found ','", 7, 8);
}

TEST_F(JsonReaderTest, NotAccepted) {
  expectError("{'a': 1}", "expected a key in double quotes or '}', found \"'\"",
              1, 2);
  expectError("['a']", "expected a JSON value, found \"'\"", 1, 2);
  expectError("{a: 1}", "expected a key in double quotes or '}', found 'a'", 1,
              2);
  expectError("[NaN]", "expected a JSON value, found 'NaN'", 1, 4);
  expectError("[undefined]", "expected a JSON value, found 'undefined'", 1, 10);
  expectError("[True]", "expected a JSON value, found 'True'", 1, 5);
  expectError("[nul]", "expected a JSON value, found 'nul'", 1, 4);
  expectError("[truex]", "expected a JSON value, found 'truex'", 1, 6);
  expectError("[0x10]", "expected a number, found '0x10'", 1, 5);
  // A typographic quote is named with its code point.
  expectError("[\xE2\x80\x9C"
              "a\xE2\x80\x9D]",
              "expected a JSON value, found '\xE2\x80\x9C' (U+201C)", 1, 4);
  // A byte order mark is only skipped at the start.
  expectError(" \xEF\xBB\xBF{}",
              "expected a JSON value, found '\xEF\xBB\xBF' (U+FEFF)", 1, 4);
  // Form feed is not JSON whitespace.
  expectError("[1,\f2]", "expected a JSON value, found byte 0x0c", 3, 4);
}

//===----------------------------------------------------------------------===//
// Structural errors
//===----------------------------------------------------------------------===//

TEST_F(JsonReaderTest, EmptyInput) {
  expectError("", "expected a JSON value, found end of file", 0, 0);
  expectError(" \n\t\r\n", "expected a JSON value, found end of file", 5, 5);
  expectError("\xEF\xBB\xBF", "expected a JSON value, found end of file", 3, 3);
  expectError("// only a comment\n", "expected a JSON value, found end of file",
              18, 18);
}

TEST_F(JsonReaderTest, TruncatedInput) {
  expectError("{", "expected a key in double quotes or '}', found end of file",
              1, 1);
  expectError("{\"a\"", "expected ':' after key 'a', found end of file", 4, 4);
  expectError("{\"a\":", "expected a JSON value, found end of file", 5, 5);
  expectError("{\"a\": 1",
              "expected ',' or '}' after an object member, found end of file",
              7, 7);
  expectError("{\"a\": 1,",
              "expected a key in double quotes or '}', found end of file", 8,
              8);
  expectError("[1, 2",
              "expected ',' or ']' after an array element, found end of file",
              5, 5);
  expectError("[", "expected a JSON value, found end of file", 1, 1);
  expectError("tr", "expected a JSON value, found 'tr'", 0, 2);
}

TEST_F(JsonReaderTest, MissingSeparators) {
  expectError("[1 2]", "expected ',' or ']' after an array element, found '2'",
              3, 4);
  expectError("{\"a\": 1 \"b\": 2}",
              "expected ',' or '}' after an object member, found '\"'", 8, 9);
  expectError("{\"a\" 1}", "expected ':' after key 'a', found '1'", 5, 6);
  expectError("[1}", "expected ',' or ']' after an array element, found '}'", 2,
              3);
  expectError("{\"a\":1]",
              "expected ',' or '}' after an object member, found ']'", 6, 7);
}

TEST_F(JsonReaderTest, TrailingGarbage) {
  expectError("{} x", "expected end of file after the JSON value, found 'x'", 3,
              4);
  expectError("1 2", "expected end of file after the JSON value, found '2'", 2,
              3);
  expectError("{}}", "expected end of file after the JSON value, found '}'", 2,
              3);
  expectError("\"a\"\"b\"",
              "expected end of file after the JSON value, found '\"'", 3, 4);
  // Comments and whitespace after the value are fine.
  EXPECT_TRUE(readOk("{} // done\n /* really */ \n").isObject());
}

TEST_F(JsonReaderTest, DuplicateKeys) {
  Diagnostic d = readError("{\"a\": 1, \"b\": 2, \"a\": 3}");
  EXPECT_EQ(d.message, "duplicate key 'a'");
  EXPECT_EQ(d.range, range(17, 20));
  ASSERT_EQ(d.related.size(), 1u);
  EXPECT_EQ(d.related[0].message, "first defined here");
  EXPECT_EQ(d.related[0].range, range(1, 4));

  // Keys compare after unescaping.
  d = readError("{\"ab\": 1, \"a\\u0062\": 2}");
  EXPECT_EQ(d.message, "duplicate key 'ab'");
  EXPECT_EQ(d.related[0].range, range(1, 5));

  // Keys that differ only in case are distinct, as in ARM's JSON layer.
  Value v = readOk("{\"name\": 1, \"Name\": 2, \"NAME\": 3}");
  EXPECT_EQ(v.members().size(), 3u);
  // The same key in different objects is fine.
  EXPECT_TRUE(readOk("[{\"a\": 1}, {\"a\": 2, \"b\": {\"a\": 3}}]").isArray());
}

TEST_F(JsonReaderTest, DuplicateKeysInLargeObjects) {
  std::string text = "{";
  for (int i = 0; i < 5000; ++i)
    text += "\"key" + std::to_string(i) + "\": " + std::to_string(i) + ",";
  text += "}";
  Value v = readOk(text);
  ASSERT_EQ(v.members().size(), 5000u);
  EXPECT_EQ(v.members()[4999].value.getInteger(), 4999);

  for (int dup : {0, 15, 16, 17, 2500, 4999}) {
    SCOPED_TRACE(dup);
    std::string withDup = text;
    withDup.pop_back();
    withDup += "\"key" + std::to_string(dup) + "\": 0}";
    Diagnostic d = readError(withDup);
    EXPECT_EQ(d.message, "duplicate key 'key" + std::to_string(dup) + "'");
    std::string first = "\"key" + std::to_string(dup) + "\"";
    uint32_t firstOffset = text.find(first + ":");
    ASSERT_EQ(d.related.size(), 1u);
    EXPECT_EQ(d.related[0].range,
              range(firstOffset, firstOffset + first.size()));
    EXPECT_EQ(d.range, range(text.size() - 1, text.size() - 1 + first.size()));
  }
}

TEST_F(JsonReaderTest, NestingLimit) {
  JsonReadOptions options;
  options.maxDepth = 3;
  EXPECT_TRUE(read("[{\"a\": [1]}]", options).has_value());
  Diagnostic d = readError("[{\"a\": [[1]]}]", options);
  EXPECT_EQ(d.message, "nesting depth exceeds the limit of 3");
  EXPECT_EQ(d.range, range(8, 9));
}

TEST_F(JsonReaderTest, HundredThousandDeep) {
  const size_t deep = 100000;
  std::string arrays(deep, '[');
  arrays += std::string(deep, ']');
  Diagnostic d = readError(arrays);
  EXPECT_EQ(d.message, "nesting depth exceeds the limit of 512");
  EXPECT_EQ(d.range, range(512, 513));

  std::string objects;
  for (size_t i = 0; i < deep; ++i)
    objects += "{\"a\":";
  Diagnostic o = readError(objects);
  EXPECT_EQ(o.message, "nesting depth exceeds the limit of 512");
  EXPECT_EQ(o.range, range(512 * 5, 512 * 5 + 1));

  // Exactly at the limit is accepted.
  std::string atLimit = std::string(512, '[') + std::string(512, ']');
  EXPECT_TRUE(readOk(atLimit).isArray());
}

TEST_F(JsonReaderTest, EveryPrefixFailsCleanly) {
  // Truncating a valid document anywhere gives exactly one syntax error.
  std::string text = "\xEF\xBB\xBF// c\n{\"a\": [1, -2.5e3, true, null, "
                     "\"x\\u00e9\\n\xC3\xA9\"], /* d */ \"b\": {\"c\": {}},}";
  ASSERT_TRUE(readOk(text).isObject());
  for (size_t n = 0; n < text.size(); ++n) {
    SCOPED_TRACE(n);
    std::optional<Value> v = read(text.substr(0, n));
    // A prefix ending right after a scalar may be valid (none here).
    EXPECT_FALSE(v.has_value());
    EXPECT_EQ(diags.diagnostics().size(), 1u);
  }
}

} // namespace
