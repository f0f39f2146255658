//===- LogicalFunctionsTest.cpp - Comparison, logical, numeric functions -===//
//
// Expected values come from the "Comparison functions", "Logical functions"
// and "Numeric functions" pages of the ARM template documentation.
//
//===----------------------------------------------------------------------===//

#include "EvalTestSupport.h"

using namespace armor;
using namespace armor::evaltest;

namespace {

class LogicalFunctions : public EvalFixture {};

// Docs, "coalesce".
TEST_F(LogicalFunctions, Coalesce) {
  EXPECT_EQ(eval("coalesce(null(), null(), 'default')"), "\"default\"");
  EXPECT_EQ(eval("coalesce(null(), 1)"), "1");
  EXPECT_EQ(eval("coalesce(null(), createObject('first', 'default'))"),
            "{\"first\":\"default\"}");
  EXPECT_EQ(eval("empty(coalesce(null(), null()))"), "true");
  EXPECT_EQ(eval("coalesce('', 'x')"), "\"\"");
  addParameter("p", "string");
  EXPECT_EQ(eval("coalesce('a', parameters('p'))"), "\"a\"");
  EXPECT_EQ(eval("coalesce(parameters('p'), 'a')"),
            "unknown[coalesce(parameters('p'), 'a')]");
  // Nulls drop out of the folded call.
  EXPECT_EQ(eval("coalesce(null(), parameters('p'))"),
            "unknown[parameters('p')]");
  EXPECT_EQ(eval("coalesce(null(), parameters('p'), null(), 'b', 'c')"),
            "unknown[coalesce(parameters('p'), 'b')]");
}

// Docs, "equals": case-sensitive on strings, structural on arrays and
// objects.
TEST_F(LogicalFunctions, Equals) {
  EXPECT_EQ(eval("equals(1, 1)"), "true");
  EXPECT_EQ(eval("equals('a', 'a')"), "true");
  EXPECT_EQ(eval("equals('a', 'A')"), "false");
  EXPECT_EQ(eval("equals(createArray('a', 'b'), createArray('a', 'b'))"),
            "true");
  EXPECT_EQ(eval("equals(createArray('a', 'b'), createArray('b', 'a'))"),
            "false");
  EXPECT_EQ(eval("equals(createObject('a', 'b'), createObject('a', 'b'))"),
            "true");
  EXPECT_EQ(eval("equals(createObject('a', 1, 'b', 2), createObject('b', 2, "
                 "'a', 1))"),
            "true");
  EXPECT_EQ(eval("not(equals(1, 2))"), "true");
  EXPECT_EQ(eval("equals(1, json('1.0'))"), "true");
  EXPECT_EQ(eval("equals('1', 1)"), "false");
  EXPECT_EQ(eval("equals(null(), null())"), "true");
  // Case-insensitive comparison the Bicep way.
  EXPECT_EQ(eval("equals(toLower('ABC'), toLower('abc'))"), "true");
}

// Docs, "greater", "greaterOrEquals", "less", "lessOrEquals".
TEST_F(LogicalFunctions, Ordering) {
  EXPECT_EQ(eval("greater(1, 2)"), "false");
  EXPECT_EQ(eval("greater('A', 'a')"), "true");
  EXPECT_EQ(eval("greaterOrEquals(1, 2)"), "false");
  EXPECT_EQ(eval("greaterOrEquals('A', 'a')"), "true");
  EXPECT_EQ(eval("less(1, 2)"), "true");
  EXPECT_EQ(eval("less('A', 'a')"), "false");
  EXPECT_EQ(eval("lessOrEquals(1, 2)"), "true");
  EXPECT_EQ(eval("lessOrEquals('A', 'a')"), "false");
  EXPECT_EQ(eval("less('apple', 'Banana')"), "true");
  EXPECT_EQ(eval("less('a1', 'aa')"), "true");
  EXPECT_EQ(eval("lessOrEquals(2, 2)"), "true");
  EXPECT_EQ(eval("less(1, json('1.5'))"), "true");
  EXPECT_EQ(errors(), "");
  eval("less(1, 'a')");
  EXPECT_EQ(errors(), "function 'less' fails: cannot compare int with string");
}

// Docs, "and", "or", "not", "bool", "true", "false".
TEST_F(LogicalFunctions, Logic) {
  EXPECT_EQ(eval("and(true, false)"), "false");
  EXPECT_EQ(eval("or(true, false)"), "true");
  EXPECT_EQ(eval("not(true)"), "false");
  EXPECT_EQ(eval("and(true, true, true)"), "true");
  EXPECT_EQ(eval("or(false, false, false)"), "false");
  EXPECT_EQ(eval("bool('true')"), "true");
  EXPECT_EQ(eval("bool('False')"), "false");
  EXPECT_EQ(eval("bool(1)"), "true");
  EXPECT_EQ(eval("bool(0)"), "false");
  EXPECT_EQ(eval("true()"), "true");
  EXPECT_EQ(eval("false()"), "false");
  EXPECT_EQ(errors(), "");
  eval("not('x')");
  EXPECT_NE(errors(), "");
}

// A known argument decides and()/or() even when another is unknown.
TEST_F(LogicalFunctions, ThreeValuedLogic) {
  addParameter("flag", "bool");
  EXPECT_EQ(eval("and(false, parameters('flag'))"), "false");
  EXPECT_EQ(eval("and(parameters('flag'), false)"), "false");
  EXPECT_EQ(eval("or(parameters('flag'), true)"), "true");
  EXPECT_EQ(eval("and(true, parameters('flag'))"),
            "unknown[and(true, parameters('flag'))]");
  EXPECT_EQ(eval("not(parameters('flag'))"),
            "unknown[not(parameters('flag'))]");
  // Short-circuit: the failing access is never evaluated.
  EXPECT_EQ(eval("and(false, createObject().missing)"), "false");
  EXPECT_EQ(errors(), "");
}

// Docs, "if": only the chosen arm is evaluated.
TEST_F(LogicalFunctions, If) {
  EXPECT_EQ(eval("if(equals('a', 'a'), 'yes', 'no')"), "\"yes\"");
  EXPECT_EQ(eval("if(equals('a', 'b'), 'yes', 'no')"), "\"no\"");
  EXPECT_EQ(eval("if(true, 'value', createObject().missing)"), "\"value\"");
  EXPECT_EQ(errors(), "");
  eval("if('x', 1, 2)");
  EXPECT_EQ(errors(),
            "function 'if' fails: the condition must be a bool, not string");
}

// if() on an unknown condition: both arms, Enumerated when both known.
TEST_F(LogicalFunctions, IfOnUnknownCondition) {
  addParameter("flag", "bool");
  addParameter("name", "string");
  EXPECT_EQ(eval("if(parameters('flag'), 'Premium', 'Standard')"),
            "one-of(\"Premium\"|\"Standard\")");
  EXPECT_EQ(why("if(parameters('flag'), 'Premium', 'Standard')"),
            "parameter 'flag' has no value");
  EXPECT_EQ(eval("if(parameters('flag'), 'same', 'same')"), "\"same\"");
  EXPECT_EQ(eval("if(parameters('flag'), parameters('name'), 'x')"),
            "unknown[if(parameters('flag'), parameters('name'), 'x')]");
  // Errors in an arm that may not be taken are not reported.
  EXPECT_EQ(eval("if(parameters('flag'), createArray()[0], 'x')"),
            "unknown[if(parameters('flag'), createArray()[0], 'x')]");
  EXPECT_EQ(errors(), "");
}

class NumericFunctions : public EvalFixture {};

// Docs, "add", "sub", "mul", "div", "mod".
TEST_F(NumericFunctions, Arithmetic) {
  EXPECT_EQ(eval("add(5, 3)"), "8");
  EXPECT_EQ(eval("sub(7, 3)"), "4");
  EXPECT_EQ(eval("mul(5, 3)"), "15");
  EXPECT_EQ(eval("div(8, 3)"), "2");
  EXPECT_EQ(eval("mod(7, 3)"), "1");
  EXPECT_EQ(eval("div(-7, 2)"), "-3");
  EXPECT_EQ(eval("mod(-7, 2)"), "-1");
  EXPECT_EQ(eval("mod(7, -2)"), "1");
  EXPECT_EQ(eval("mul(1024, mul(1024, mul(1024, mul(1024, 1024))))"),
            "1125899906842624");
}

// 64-bit integers; overflow is an error, as in ARM's checked arithmetic.
TEST_F(NumericFunctions, Overflow) {
  EXPECT_EQ(eval("add(9223372036854775806, 1)"), "9223372036854775807");
  EXPECT_EQ(errors(), "");
  EXPECT_EQ(eval("add(9223372036854775807, 1)"),
            "unknown[add(9223372036854775807, 1)]");
  EXPECT_EQ(errors(),
            "function 'add' fails: the result overflows a 64-bit integer");
  eval("sub(-9223372036854775807, 2)");
  EXPECT_NE(errors(), "");
  eval("mul(4294967296, 4294967296)");
  EXPECT_NE(errors(), "");
  eval("div(sub(-9223372036854775807, 1), -1)");
  EXPECT_NE(errors(), "");
  EXPECT_EQ(eval("mod(sub(-9223372036854775807, 1), -1)"), "0");
  eval("div(1, 0)");
  EXPECT_EQ(errors(), "function 'div' fails: division by zero");
  eval("mod(1, 0)");
  EXPECT_EQ(errors(), "function 'mod' fails: division by zero");
}

// Docs, "int", "float", "min", "max".
TEST_F(NumericFunctions, Conversions) {
  EXPECT_EQ(eval("int('4')"), "4");
  EXPECT_EQ(eval("int(' -12 ')"), "-12");
  EXPECT_EQ(eval("int(7)"), "7");
  EXPECT_EQ(eval("int('9223372036854775807')"), "9223372036854775807");
  EXPECT_EQ(eval("float('2.5')"), "2.5");
  EXPECT_EQ(eval("float(3)"), "3.0");
  EXPECT_EQ(eval("max(createArray(0, 3, 2, 5, 4))"), "5");
  EXPECT_EQ(eval("max(0, 3, 2, 5, 4)"), "5");
  EXPECT_EQ(eval("min(createArray(0, 3, 2, 5, 4))"), "0");
  EXPECT_EQ(eval("min(0, 3, 2, 5, 4)"), "0");
  EXPECT_EQ(eval("max(1, json('2.5'))"), "2.5");
  EXPECT_EQ(errors(), "");
  eval("int('4.5')");
  EXPECT_NE(errors(), "");
  eval("int('9223372036854775808')");
  EXPECT_NE(errors(), "");
  eval("max(createArray())");
  EXPECT_NE(errors(), "");
}

} // namespace
