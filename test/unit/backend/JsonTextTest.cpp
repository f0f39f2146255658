//===- JsonTextTest.cpp - Tests of the streaming JSON writer --------------===//

#include "backend/JsonText.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>
#include <string>

using namespace armor;
using Json = nlohmann::ordered_json;

namespace {

/// What nlohmann prints for \p json, as the SARIF writer used to print it.
std::string dump(const Json &json) {
  return json.dump(2, ' ', /*ensure_ascii=*/false,
                   Json::error_handler_t::replace);
}

template <typename Fn> std::string write(Fn &&contents) {
  std::string out;
  llvm::raw_string_ostream os(out);
  JsonText json(os);
  contents(json);
  return out;
}

std::string writeString(const std::string &text) {
  return write([&](JsonText &json) { json.value(text); });
}

} // namespace

TEST(JsonTextTest, LayoutIsNlohmannDump) {
  Json expected = Json::parse(R"({
    "name": "armor", "empty": {}, "none": [], "flag": true, "off": false, "nothing": null,
    "count": 18446744073709551615,
    "rules": [{"id": "a", "tags": ["x", "y"], "nested": [[], [1, [2]], {}]},
              {"id": "b"}],
    "last": {"k": {"deeper": [0]}}})");
  std::string text = write([](JsonText &json) {
    json.object([&] {
      json.attribute("name", "armor");
      json.attributeObject("empty", [] {});
      json.attributeArray("none", [] {});
      json.attribute("flag", true);
      json.attribute("off", false);
      json.attribute("nothing", nullptr);
      json.attribute("count", uint64_t(18446744073709551615u));
      json.attributeArray("rules", [&] {
        json.object([&] {
          json.attribute("id", "a");
          json.attributeArray("tags", [&] {
            json.value("x");
            json.value(std::string("y"));
          });
          json.attributeArray("nested", [&] {
            json.array([] {});
            json.array([&] {
              json.value(1u);
              json.array([&] { json.rawValue("2"); });
            });
            json.object([] {});
          });
        });
        json.object([&] { json.attribute("id", "b"); });
      });
      json.attributeBegin("last");
      json.objectBegin();
      json.attributeObject(
          "k", [&] { json.attributeArray("deeper", [&] { json.value(0u); }); });
      json.objectEnd();
      json.attributeEnd();
    });
  });
  EXPECT_EQ(text, dump(expected));
}

TEST(JsonTextTest, EmptyContainersAtTheTop) {
  EXPECT_EQ(write([](JsonText &json) { json.object([] {}); }), "{}");
  EXPECT_EQ(write([](JsonText &json) { json.array([] {}); }), "[]");
}

TEST(JsonTextTest, Escapes) {
  EXPECT_EQ(writeString("a\"b\\c/d"), R"("a\"b\\c/d")");
  EXPECT_EQ(writeString("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(writeString(std::string("\x00\x01\x1f\x7f", 4)),
            "\"\\u0000\\u0001\\u001f\x7f\"");
  EXPECT_EQ(writeString("caf\xC3\xA9 \xF0\x9F\x98\x80"),
            "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"");
}

TEST(JsonTextTest, IllFormedUtf8BecomesReplacementCharacters) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(writeString("bad \xFF byte"), "\"bad " + fffd + " byte\"");
  // A start cut short is one U+FFFD; the byte that cut it starts anew.
  EXPECT_EQ(writeString("\xE2\x82"
                        "a"),
            "\"" + fffd + "a\"");
  EXPECT_EQ(writeString("\xE2\xE2\x82\xAC"), "\"" + fffd + "\xE2\x82\xAC\"");
  EXPECT_EQ(writeString("end \xF0\x9F\x98"), "\"end " + fffd + "\"");
  // Overlong forms and surrogates are ill-formed byte by byte.
  EXPECT_EQ(writeString("\xC0\x80"), "\"" + fffd + fffd + "\"");
  EXPECT_EQ(writeString("\xED\xA0\x80"), "\"" + fffd + fffd + fffd + "\"");
}

/// Every string of up to two bytes, and random strings over the bytes that
/// matter to UTF-8 and escaping, are escaped exactly as nlohmann does.
TEST(JsonTextTest, StringsMatchNlohmann) {
  for (unsigned a = 0; a != 256; ++a) {
    std::string one(1, static_cast<char>(a));
    ASSERT_EQ(writeString(one), dump(Json(one))) << a;
    for (unsigned b = 0; b != 256; ++b) {
      std::string two = one + static_cast<char>(b);
      ASSERT_EQ(writeString(two), dump(Json(two))) << a << ' ' << b;
    }
  }
  const unsigned char alphabet[] = {
      0x00, 0x09, 0x1F, '"',  '\\', 'a',  0x7F, 0x80, 0x8F, 0x90,
      0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC,
      0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
  std::mt19937 random(42);
  std::uniform_int_distribution<size_t> pick(0, sizeof(alphabet) - 1);
  std::uniform_int_distribution<size_t> length(1, 12);
  for (unsigned i = 0; i != 200000; ++i) {
    std::string text;
    for (size_t n = length(random); n != 0; --n)
      text += static_cast<char>(alphabet[pick(random)]);
    ASSERT_EQ(writeString(text), dump(Json(text)))
        << testing::PrintToString(text);
  }
  // Long runs of plain bytes (what the writer skips 16 at a time) with the
  // same bytes between them, anywhere in and across the 16-byte blocks.
  std::uniform_int_distribution<size_t> longLength(1, 80);
  std::uniform_int_distribution<unsigned> plain(0, 7);
  for (unsigned i = 0; i != 50000; ++i) {
    std::string text;
    for (size_t n = longLength(random); n != 0; --n)
      text += plain(random) ? static_cast<char>('b' + n % 20)
                            : static_cast<char>(alphabet[pick(random)]);
    ASSERT_EQ(writeString(text), dump(Json(text)))
        << testing::PrintToString(text);
  }
}
