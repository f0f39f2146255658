//===- PolicyOperatorsTest.cpp - Azure Policy condition operators ---------===//

#include "passes/policy/PolicyOperators.h"

#include <gtest/gtest.h>

using namespace armor;
using namespace armor::policy;
using ir::Value;

namespace {

Value str(const char *s) { return Value::string(s); }
Value arr(std::vector<Value> v) { return Value::array(std::move(v)); }

Truth apply(Operator op, const Value &operand, const Value &value) {
  return applyOperator(op, &operand, value);
}

TEST(PolicyOperatorsTest, ParsesEveryOperatorCaseInsensitively) {
  EXPECT_EQ(parseOperator("notIn"), Operator::NotIn);
  EXPECT_EQ(parseOperator("NOTIN"), Operator::NotIn);
  EXPECT_EQ(parseOperator("matchInsensitively"), Operator::MatchInsensitively);
  EXPECT_EQ(parseOperator("greaterOrEquals"), Operator::GreaterOrEquals);
  EXPECT_FALSE(parseOperator("equal"));
  for (Operator op : {Operator::Equals, Operator::NotContainsKey,
                      Operator::LessOrEquals, Operator::Exists})
    EXPECT_EQ(parseOperator(getOperatorName(op)), op);
}

TEST(PolicyOperatorsTest, EqualsIgnoresCaseAndComparesStringForms) {
  EXPECT_EQ(apply(Operator::Equals, str("Prod"), str("prod")), Truth::True);
  EXPECT_EQ(apply(Operator::Equals, str("prod"), str("dev")), Truth::False);
  EXPECT_EQ(apply(Operator::Equals, Value::boolean(false), str("false")),
            Truth::True);
  EXPECT_EQ(apply(Operator::Equals, Value::integer(443), str("443")),
            Truth::True);
  EXPECT_EQ(apply(Operator::Equals, Value::integer(2), Value::floating(2.0)),
            Truth::True);
  EXPECT_EQ(apply(Operator::Equals, arr({str("A"), str("b")}),
                  arr({str("a"), str("B")})),
            Truth::True);
  EXPECT_EQ(apply(Operator::Equals, arr({str("a")}), str("a")), Truth::False);
  EXPECT_EQ(apply(Operator::NotEquals, str("a"), str("A")), Truth::False);
}

TEST(PolicyOperatorsTest, AbsentFieldsSatisfyOnlyNegativeOperators) {
  Value value = str("x");
  for (Operator op :
       {Operator::Equals, Operator::Like, Operator::Match, Operator::Contains,
        Operator::In, Operator::ContainsKey, Operator::Less, Operator::Greater})
    EXPECT_EQ(
        applyOperator(op, nullptr, op == Operator::In ? arr({value}) : value),
        Truth::False)
        << getOperatorName(op).str();
  for (Operator op :
       {Operator::NotEquals, Operator::NotLike, Operator::NotMatch,
        Operator::NotContains, Operator::NotIn, Operator::NotContainsKey})
    EXPECT_EQ(applyOperator(op, nullptr,
                            op == Operator::NotIn ? arr({value}) : value),
              Truth::True)
        << getOperatorName(op).str();
  Value null = Value::null();
  EXPECT_EQ(applyOperator(Operator::Equals, &null, value), Truth::False);
}

TEST(PolicyOperatorsTest, Exists) {
  Value present = str("x");
  EXPECT_EQ(applyOperator(Operator::Exists, &present, str("true")),
            Truth::True);
  EXPECT_EQ(applyOperator(Operator::Exists, &present, Value::boolean(false)),
            Truth::False);
  EXPECT_EQ(applyOperator(Operator::Exists, nullptr, str("False")),
            Truth::True);
  // A value that is not known is still there.
  Value unknown = Value::unknown(nullptr, "parameter 'x' has no value");
  EXPECT_EQ(applyOperator(Operator::Exists, &unknown, str("true")),
            Truth::True);
}

TEST(PolicyOperatorsTest, LikeTakesAWildcard) {
  EXPECT_TRUE(
      matchLike("Microsoft.Storage/storageAccounts", "microsoft.storage/*"));
  EXPECT_TRUE(matchLike("vm-prod-01", "*-01"));
  EXPECT_TRUE(matchLike("abc", "abc"));
  EXPECT_TRUE(matchLike("abc", "*"));
  EXPECT_FALSE(matchLike("abc", "ab"));
  EXPECT_FALSE(matchLike("vm-dev", "vm-prod*"));
  EXPECT_EQ(apply(Operator::NotLike, str("vm-dev"), str("vm-prod*")),
            Truth::True);
}

TEST(PolicyOperatorsTest, MatchPatterns) {
  EXPECT_TRUE(matchPattern("ab12", "??##", false));
  EXPECT_TRUE(matchPattern("a-1", "?.#", false));
  EXPECT_FALSE(matchPattern("ab12", "??#", false));  // length
  EXPECT_FALSE(matchPattern("a112", "??##", false)); // '1' is no letter
  EXPECT_FALSE(matchPattern("Contoso1", "contoso#", false));
  EXPECT_TRUE(matchPattern("Contoso1", "contoso#", true));
  EXPECT_EQ(apply(Operator::Match, str("Contoso1"), str("contoso#")),
            Truth::False);
  EXPECT_EQ(
      apply(Operator::MatchInsensitively, str("Contoso1"), str("contoso#")),
      Truth::True);
  EXPECT_EQ(apply(Operator::NotMatch, str("Contoso1"), str("contoso#")),
            Truth::True);
  EXPECT_EQ(
      apply(Operator::NotMatchInsensitively, str("Contoso1"), str("contoso#")),
      Truth::False);
}

TEST(PolicyOperatorsTest, ContainsInAndContainsKey) {
  EXPECT_EQ(apply(Operator::Contains, str("TLS1_2"), str("tls1")), Truth::True);
  EXPECT_EQ(apply(Operator::Contains, arr({str("a"), str("B")}), str("b")),
            Truth::True);
  EXPECT_EQ(apply(Operator::NotContains, str("TLS1_2"), str("1_0")),
            Truth::True);
  EXPECT_EQ(apply(Operator::In, str("WestEurope"),
                  arr({str("westeurope"), str("northeurope")})),
            Truth::True);
  EXPECT_EQ(apply(Operator::NotIn, str("eastus"), arr({str("westeurope")})),
            Truth::True);
  Value tags = Value::object({{"Env", {}, str("prod")}});
  EXPECT_EQ(apply(Operator::ContainsKey, tags, str("env")), Truth::True);
  EXPECT_EQ(apply(Operator::NotContainsKey, tags, str("owner")), Truth::True);
}

TEST(PolicyOperatorsTest, LessAndGreater) {
  EXPECT_EQ(apply(Operator::Less, Value::integer(3), Value::integer(4)),
            Truth::True);
  EXPECT_EQ(
      apply(Operator::LessOrEquals, Value::integer(4), Value::floating(4.0)),
      Truth::True);
  EXPECT_EQ(apply(Operator::Greater, Value::integer(4), Value::integer(4)),
            Truth::False);
  EXPECT_EQ(
      apply(Operator::GreaterOrEquals, Value::integer(4), Value::integer(4)),
      Truth::True);
  EXPECT_EQ(apply(Operator::Less, str("2023-01-01"), str("2024-01-01")),
            Truth::True);
  EXPECT_EQ(apply(Operator::Less, str("abc"), str("ABD")), Truth::True);
  EXPECT_EQ(apply(Operator::LessOrEquals, str("abc"), str("ABC")), Truth::True);
  // A number is not ordered against a string.
  EXPECT_EQ(apply(Operator::Less, Value::integer(1), str("2")), Truth::False);
}

TEST(PolicyOperatorsTest, UnknownValuesGiveUnknown) {
  Value unknown = Value::unknown(nullptr, "not known");
  EXPECT_EQ(apply(Operator::Equals, unknown, str("x")), Truth::Unknown);
  EXPECT_EQ(apply(Operator::NotEquals, unknown, str("x")), Truth::Unknown);
  EXPECT_EQ(apply(Operator::In, str("x"), arr({str("y"), unknown})),
            Truth::Unknown);
  // ... unless a known part decides.
  EXPECT_EQ(apply(Operator::In, str("x"), arr({str("x"), unknown})),
            Truth::True);
  EXPECT_EQ(apply(Operator::Equals, arr({str("a"), unknown}),
                  arr({str("b"), str("c")})),
            Truth::False);
}

TEST(PolicyOperatorsTest, NormalizesLocations) {
  EXPECT_EQ(normalizeLocation("East US 2"), "eastus2");
  EXPECT_EQ(normalizeLocation("westeurope"), "westeurope");
}

} // namespace
