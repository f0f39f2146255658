//===- ValueTest.cpp - Three-valued values --------------------------------===//

#include "ir/Value.h"

#include "ir/IRPrinter.h"

#include <gtest/gtest.h>

using namespace armor;
using namespace armor::ir;

namespace {

Value makeObject() {
  std::vector<Member> members;
  members.push_back({"Zeta", {}, Value::integer(1)});
  members.push_back({"alpha", {}, Value::string("x")});
  return Value::object(std::move(members));
}

TEST(ValueTest, ObjectLookupIsCaseInsensitive) {
  Value v = makeObject();
  ASSERT_NE(v.get("ZETA"), nullptr);
  EXPECT_EQ(v.get("zeta")->getInteger(), 1);
  EXPECT_EQ(v.get("missing"), nullptr);
}

TEST(ValueTest, KnownnessOfKinds) {
  EXPECT_TRUE(Value::string("a").isKnown());
  Value unknown =
      Value::unknown(Expr::makeCall("utcNow", {}), "only known at deployment");
  EXPECT_FALSE(unknown.isKnown());
  EXPECT_EQ(unknown.provenance(), "only known at deployment");
  Value arr = Value::array({Value::integer(1), unknown});
  EXPECT_TRUE(arr.isKnown());
  EXPECT_FALSE(arr.isFullyKnown());
}

TEST(ValueTest, EqualityComparesNumbersByValue) {
  EXPECT_TRUE(Value::integer(2).equals(Value::floating(2.0)));
  EXPECT_FALSE(Value::string("A").equals(Value::string("a")));
  EXPECT_TRUE(Value::string("A").equals(Value::string("a"), true));
  Value unknown = Value::unknown(nullptr, "");
  EXPECT_FALSE(unknown.equals(unknown));
}

TEST(ValueTest, JsonPrinting) {
  Value v = makeObject();
  EXPECT_EQ(v.toJson(), "{\"Zeta\":1,\"alpha\":\"x\"}");
  EXPECT_EQ(printCanonical(v), "{\"alpha\":\"x\",\"Zeta\":1}");
  EXPECT_EQ(Value::string("a\"b\n").toJson(), "\"a\\\"b\\n\"");
  EXPECT_EQ(Value::floating(0.1).toJson(), "0.1");
  Value e = Value::expression(
      Expr::makeCall("parameters", {Expr::makeString("it's")}));
  EXPECT_EQ(e.toJson(), "\"[parameters('it''s')]\"");
}

} // namespace
