//===- ExprParserTest.cpp - Tests of the ARM expression parser ------------===//

#include "frontend/arm/ExprParser.h"

#include <gtest/gtest.h>

#include <string>

using namespace armor;
using namespace armor::arm;
using armor::ir::Expr;
using armor::ir::ExprPtr;

namespace {

constexpr FileId TestFile = 7;
/// Where the expression text starts in the pretend source file.
constexpr uint32_t TextBegin = 100;

SourceRange at(uint32_t begin, uint32_t end) {
  return {TestFile, TextBegin + begin, TextBegin + end};
}

ExprPtr parse(llvm::StringRef text, DiagnosticEngine &diags,
              bool exact = true) {
  return parseExpression(text, at(0, static_cast<uint32_t>(text.size())), exact,
                         diags);
}

/// Parses \p text, expecting success, and prints the result.
std::string roundTrip(llvm::StringRef text) {
  DiagnosticEngine diags;
  ExprPtr expr = parse(text, diags);
  EXPECT_TRUE(diags.diagnostics().empty()) << text.str();
  for (const Diagnostic &diag : diags.diagnostics())
    ADD_FAILURE() << diag.message;
  return expr ? expr->str() : "<null>";
}

/// Parses \p text, expecting exactly one syntax error.
Diagnostic parseError(llvm::StringRef text) {
  DiagnosticEngine diags;
  ExprPtr expr = parse(text, diags);
  EXPECT_EQ(expr, nullptr) << text.str();
  EXPECT_EQ(diags.diagnostics().size(), 1u) << text.str();
  if (diags.diagnostics().empty())
    return {};
  EXPECT_EQ(diags.diagnostics()[0].ruleId, "syntax-error");
  EXPECT_EQ(diags.diagnostics()[0].level, Level::Error);
  return diags.diagnostics()[0];
}

#define EXPECT_PARSE_ERROR(text, msg, begin, end)                              \
  do {                                                                         \
    Diagnostic diag = parseError(text);                                        \
    EXPECT_EQ(diag.message, msg) << (text);                                    \
    EXPECT_EQ(diag.range, at(begin, end)) << (text);                           \
  } while (false)

/// \p depth calls nested in one another: a tree of that height.
std::string nestedCalls(unsigned depth) {
  std::string text;
  for (unsigned i = 1; i != depth; ++i)
    text += "f(";
  text += "f()";
  text.append(depth - 1, ')');
  return text;
}

} // namespace

//===----------------------------------------------------------------------===//
// Round trips
//===----------------------------------------------------------------------===//

TEST(ExprParserTest, RoundTripsRealExpressions) {
  // Taken from azure-quickstart-templates and Azure Verified Modules.
  const char *const expressions[] = {
      "resourceGroup().location",
      "concat(parameters('adminUserName'), '@', parameters('domainFQDN'))",
      "format('sa{0}', uniqueString(resourceGroup().id, "
      "parameters('workspaceName')))",
      "variables('vmarray')[range(0, variables('vmCount'))[copyIndex()]]."
      "version",
      "reference(resourceId('Microsoft.Resources/deployments', "
      "'linkedTemplate-app-svc-plan')).outputs.serverFarmName.value",
      "if(equals(parameters('privateEndpointType'), 'ManualApproval'), "
      "parameters('defaultPEConnections'), json('null'))",
      "div(sub(add(25, variables('nodesPerStorageAccount')), 1), "
      "variables('nodesPerStorageAccount'))",
      "concat(parameters('maharaCommon').elasticVmName1, '/', "
      "'install_elastic')",
      "resourceId('Microsoft.Network/applicationGateways/frontendPorts', "
      "parameters('applicationGatewayName'), 'appGatewayFrontendPort')",
      "concat(variables('csExtensionscriptCall'), ' ', "
      "variables('sizes')[parameters('sapSystemSize')][parameters('dbType')]."
      "scriptArguments[variables('internalOSType')])",
      "concat(' -w ''', parameters('helix_admin_password'), ''' -p ''', "
      "parameters('p4Port'), ''' -s ''', parameters('swarmPort'), '''')",
      "format('@Microsoft.KeyVault(SecretUri={0})', "
      "reference(resourceId('Microsoft.KeyVault/vaults/secrets', "
      "variables('keyVaultName'), format('kvs-{0}-aikey', "
      "variables('baseName')))).secretUri)",
      "not(equals(tryGet(parameters('virtualNetworkConfiguration'), "
      "'enabled'), false()))",
      "if(contains(reference('databaseAccount').capabilities, "
      "createObject('name', 'EnableServerless')), null(), "
      "createObject('throughput', -1))",
      "__bicep.getResourceName(parameters('existingResourceId'), "
      "variables('existingResourceParts'))",
  };
  for (const char *text : expressions)
    EXPECT_EQ(roundTrip(text), text);
}

TEST(ExprParserTest, NormalizesWhitespace) {
  EXPECT_EQ(roundTrip("concat( variables('octets')[0] , '.' ,\n\t"
                      "string(add(int(variables('octets')[2]),3)))"),
            "concat(variables('octets')[0], '.', "
            "string(add(int(variables('octets')[2]), 3)))");
  EXPECT_EQ(roundTrip("  f ( )  . a [ 1 ] . b  "), "f().a[1].b");
  EXPECT_EQ(roundTrip("ns . fn ( )"), "ns.fn()");
  EXPECT_EQ(roundTrip("\r\nf()\r\n"), "f()");
}

//===----------------------------------------------------------------------===//
// Literals
//===----------------------------------------------------------------------===//

TEST(ExprParserTest, StringLiterals) {
  DiagnosticEngine diags;
  ExprPtr expr = parse("'it''s'", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->getKind(), Expr::Kind::String);
  EXPECT_EQ(expr->text(), "it's");
  EXPECT_EQ(expr->getRange(), at(0, 7));

  expr = parse("''", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->text(), "");

  expr = parse("''''", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->text(), "'");

  // Anything goes inside quotes, including the expression delimiters.
  expr = parse("'[(,.)]  \"{0}\" é'", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->text(), "[(,.)]  \"{0}\" é");
  EXPECT_TRUE(diags.diagnostics().empty());
  EXPECT_EQ(roundTrip("concat('[', '''test''', ']')"),
            "concat('[', '''test''', ']')");
}

TEST(ExprParserTest, IntegerLiterals) {
  DiagnosticEngine diags;
  ExprPtr expr = parse("42", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->getKind(), Expr::Kind::Integer);
  EXPECT_EQ(expr->integer(), 42);

  expr = parse("-1", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->integer(), -1);
  EXPECT_EQ(expr->getRange(), at(0, 2));

  expr = parse("007", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->integer(), 7);

  expr = parse("9223372036854775807", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->integer(), INT64_MAX);

  expr = parse("-9223372036854775808", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->integer(), INT64_MIN);
  EXPECT_TRUE(diags.diagnostics().empty());

  EXPECT_EQ(roundTrip("add(-5, 3)"), "add(-5, 3)");
  EXPECT_EQ(roundTrip("-0"), "0");
}

TEST(ExprParserTest, KeywordLiterals) {
  DiagnosticEngine diags;
  ExprPtr expr = parse("true", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->getKind(), Expr::Kind::Boolean);
  EXPECT_TRUE(expr->boolean());

  expr = parse("FALSE", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->getKind(), Expr::Kind::Boolean);
  EXPECT_FALSE(expr->boolean());

  expr = parse("Null", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->getKind(), Expr::Kind::Null);
  EXPECT_TRUE(diags.diagnostics().empty());

  EXPECT_EQ(roundTrip("if(true, null, false)"), "if(true, null, false)");
  // With parentheses they are the ARM functions of the same names.
  expr = parse("true()", diags);
  ASSERT_TRUE(expr);
  EXPECT_TRUE(expr->isCallTo("true"));
  EXPECT_TRUE(expr->args().empty());
  // A keyword can still be the operand of a member access.
  EXPECT_EQ(roundTrip("null.x"), "null.x");
}

//===----------------------------------------------------------------------===//
// Calls, members and indexes
//===----------------------------------------------------------------------===//

TEST(ExprParserTest, Calls) {
  DiagnosticEngine diags;
  ExprPtr expr = parse("concat('a', parameters('p'), 3)", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->getKind(), Expr::Kind::Call);
  EXPECT_EQ(expr->text(), "concat");
  ASSERT_EQ(expr->args().size(), 3u);
  EXPECT_EQ(expr->args()[0]->text(), "a");
  EXPECT_TRUE(expr->args()[1]->isCallTo("PARAMETERS"));
  EXPECT_EQ(expr->args()[2]->integer(), 3);

  // Names keep their spelling.
  expr = parse("ConCat()", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->text(), "ConCat");
  EXPECT_TRUE(expr->isCallTo("concat"));
  EXPECT_TRUE(diags.diagnostics().empty());

  EXPECT_EQ(roundTrip("$f_1()"), "$f_1()");
  EXPECT_EQ(roundTrip("_x($y())"), "_x($y())");
}

TEST(ExprParserTest, UserDefinedFunctions) {
  DiagnosticEngine diags;
  ExprPtr expr = parse("contoso.uniqueName('x', 1)", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->getKind(), Expr::Kind::Call);
  EXPECT_EQ(expr->text(), "contoso.uniqueName");
  EXPECT_EQ(expr->args().size(), 2u);
  EXPECT_EQ(expr->getRange(), at(0, 26));
  EXPECT_TRUE(diags.diagnostics().empty());
}

TEST(ExprParserTest, MembersAndIndexes) {
  DiagnosticEngine diags;
  ExprPtr expr = parse("variables('a')[0].b", diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->getKind(), Expr::Kind::Member);
  EXPECT_EQ(expr->text(), "b");
  const Expr &index = expr->operand();
  EXPECT_EQ(index.getKind(), Expr::Kind::Index);
  EXPECT_TRUE(index.operand().isCallTo("variables"));
  EXPECT_EQ(index.index().integer(), 0);
  EXPECT_TRUE(diags.diagnostics().empty());

  EXPECT_EQ(roundTrip("reference('x').outputs.y.value"),
            "reference('x').outputs.y.value");
  EXPECT_EQ(roundTrip("parameters('p')[copyIndex()]"),
            "parameters('p')[copyIndex()]");
  EXPECT_EQ(roundTrip("f()['key'][-1].a.b[g().c]"),
            "f()['key'][-1].a.b[g().c]");
  EXPECT_EQ(roundTrip("'abc'[0]"), "'abc'[0]");
  // Keywords and names with '$' or digits are fine after '.'.
  EXPECT_EQ(roundTrip("f().true.null.$a1"), "f().true.null.$a1");
}

//===----------------------------------------------------------------------===//
// Ranges
//===----------------------------------------------------------------------===//

TEST(ExprParserTest, ExactRanges) {
  //                          0         1         2         3
  //                          0123456789012345678901234567890123456
  llvm::StringRef text = "concat(x.f('a') , v()[2].name, -7)";
  DiagnosticEngine diags;
  ExprPtr call = parse(text, diags);
  ASSERT_TRUE(call);
  EXPECT_EQ(call->getRange(), at(0, 34));
  ASSERT_EQ(call->args().size(), 3u);

  const Expr &udf = *call->args()[0];
  EXPECT_EQ(udf.getRange(), at(7, 15));
  EXPECT_EQ(udf.args()[0]->getRange(), at(11, 14));

  const Expr &member = *call->args()[1];
  EXPECT_EQ(member.getKind(), Expr::Kind::Member);
  EXPECT_EQ(member.getRange(), at(18, 29));
  const Expr &index = member.operand();
  EXPECT_EQ(index.getRange(), at(18, 24));
  EXPECT_EQ(index.operand().getRange(), at(18, 21));
  EXPECT_EQ(index.index().getRange(), at(22, 23));

  EXPECT_EQ(call->args()[2]->getRange(), at(31, 33));
  EXPECT_TRUE(diags.diagnostics().empty());
}

TEST(ExprParserTest, InexactRangesUseTheLocation) {
  SourceRange location{TestFile, 40, 90};
  DiagnosticEngine diags;
  ExprPtr expr =
      parseExpression("f('a').b[1]", location, /*exact=*/false, diags);
  ASSERT_TRUE(expr);
  EXPECT_EQ(expr->getRange(), location);
  EXPECT_EQ(expr->index().getRange(), location);
  EXPECT_EQ(expr->operand().getRange(), location);
  EXPECT_EQ(expr->operand().operand().getRange(), location);
  EXPECT_EQ(expr->operand().operand().args()[0]->getRange(), location);

  EXPECT_EQ(parseExpression("f(", location, /*exact=*/false, diags), nullptr);
  ASSERT_EQ(diags.diagnostics().size(), 1u);
  EXPECT_EQ(diags.diagnostics()[0].range, location);
  // Notes would only repeat the location.
  EXPECT_TRUE(diags.diagnostics()[0].related.empty());
}

//===----------------------------------------------------------------------===//
// classifyString
//===----------------------------------------------------------------------===//

TEST(ExprParserTest, ClassifyString) {
  EXPECT_EQ(classifyString("[parameters('x')]"), StringForm::Expression);
  EXPECT_EQ(classifyString("[]"), StringForm::Expression);
  EXPECT_EQ(classifyString("[[parameters('x')]"), StringForm::Escaped);
  EXPECT_EQ(classifyString("[[]"), StringForm::Escaped);
  EXPECT_EQ(classifyString(""), StringForm::Literal);
  EXPECT_EQ(classifyString("["), StringForm::Literal);
  EXPECT_EQ(classifyString("]"), StringForm::Literal);
  EXPECT_EQ(classifyString("[["), StringForm::Literal);
  EXPECT_EQ(classifyString("[abc"), StringForm::Literal);
  EXPECT_EQ(classifyString("[[abc"), StringForm::Literal);
  EXPECT_EQ(classifyString("[test] value"), StringForm::Literal);
  EXPECT_EQ(classifyString(" [f()]"), StringForm::Literal);
  EXPECT_EQ(classifyString("[f()] "), StringForm::Literal);
  EXPECT_EQ(classifyString("plain"), StringForm::Literal);
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST(ExprParserTest, LexicalErrors) {
  EXPECT_PARSE_ERROR("", "empty expression", 0, 0);
  EXPECT_PARSE_ERROR("  \t", "empty expression", 0, 3);
  EXPECT_PARSE_ERROR("concat('a', 'bc)",
                     "unterminated string literal in "
                     "expression",
                     12, 16);
  EXPECT_PARSE_ERROR("'it''s", "unterminated string literal in expression", 0,
                     6);
  EXPECT_PARSE_ERROR("f(#)", "unexpected character '#' in expression", 2, 3);
  EXPECT_PARSE_ERROR("f(\"a\")", "unexpected character '\"' in expression", 2,
                     3);
  EXPECT_PARSE_ERROR("f() + 1", "unexpected character '+' in expression", 4, 5);
  EXPECT_PARSE_ERROR("f(\x01)", "unexpected character U+0001 in expression", 2,
                     3);
  EXPECT_PARSE_ERROR("f(\xC3\xA9)",
                     "unexpected character '\xC3\xA9' (U+00E9) in expression",
                     2, 4);
  EXPECT_PARSE_ERROR("f(\xFF)", "unexpected byte 0xFF in expression", 2, 3);
  EXPECT_PARSE_ERROR("f(- 1)", "expected a digit after '-'", 2, 3);
  EXPECT_PARSE_ERROR("f(1.5)",
                     "floating-point literal '1.5' is not supported in "
                     "expressions",
                     2, 5);
  EXPECT_PARSE_ERROR("f(9223372036854775808)",
                     "integer literal '9223372036854775808' does not fit in "
                     "64 bits",
                     2, 21);
  EXPECT_PARSE_ERROR("f(-9223372036854775809)",
                     "integer literal '-9223372036854775809' does not fit in "
                     "64 bits",
                     2, 22);
  EXPECT_PARSE_ERROR("99999999999999999999999",
                     "integer literal '99999999999999999999999' does not fit "
                     "in 64 bits",
                     0, 23);
}

TEST(ExprParserTest, CallErrors) {
  EXPECT_PARSE_ERROR("concat('a'",
                     "expected ')' to close call to 'concat', found end of "
                     "expression",
                     10, 10);
  EXPECT_PARSE_ERROR("concat(",
                     "expected ')' to close call to 'concat', found end of "
                     "expression",
                     7, 7);
  EXPECT_PARSE_ERROR("x()[concat('a']",
                     "expected ')' to close call to 'concat', found ']'", 14,
                     15);
  EXPECT_PARSE_ERROR("concat('a' 'b')",
                     "expected ',' or ')' in call to 'concat', found string "
                     "'b'",
                     11, 14);
  EXPECT_PARSE_ERROR("concat('a',)",
                     "expected argument after ',' in call to 'concat', found "
                     "')'",
                     11, 12);
  EXPECT_PARSE_ERROR("concat(,'a')",
                     "expected argument or ')' in call to 'concat', found ','",
                     7, 8);
  EXPECT_PARSE_ERROR("parameters",
                     "expected '(' after function name 'parameters', found "
                     "end of expression",
                     10, 10);
  EXPECT_PARSE_ERROR("f(x, 1)",
                     "expected '(' after function name 'x', found ','", 3, 4);
  EXPECT_PARSE_ERROR("ns.fn",
                     "expected '(' after function name 'ns.fn', found end of "
                     "expression",
                     5, 5);
  EXPECT_PARSE_ERROR(
      "ns.fn.x()", "expected '(' after function name 'ns.fn', found '.'", 5, 6);
  EXPECT_PARSE_ERROR("ns.f().g.h(1)", "expected end of expression, found '('",
                     10, 11);

  // The unclosed '(' is named in a note.
  Diagnostic diag = parseError("f(g(1, 2)");
  EXPECT_EQ(diag.message,
            "expected ')' to close call to 'f', found end of expression");
  ASSERT_EQ(diag.related.size(), 1u);
  EXPECT_EQ(diag.related[0].message, "to match this '('");
  EXPECT_EQ(diag.related[0].range, at(1, 2));
}

TEST(ExprParserTest, MemberAndIndexErrors) {
  EXPECT_PARSE_ERROR("f().",
                     "expected property name after '.', found end of "
                     "expression",
                     4, 4);
  EXPECT_PARSE_ERROR("f().1",
                     "expected property name after '.', found integer "
                     "1",
                     4, 5);
  EXPECT_PARSE_ERROR("f().'a'",
                     "expected property name after '.', found "
                     "string 'a'",
                     4, 7);
  EXPECT_PARSE_ERROR("f()[]", "expected index expression after '[', found ']'",
                     4, 5);
  EXPECT_PARSE_ERROR("f()[1",
                     "expected ']' to close index, found end of "
                     "expression",
                     5, 5);
  EXPECT_PARSE_ERROR("f()[1 2]",
                     "expected ']' to close index, found integer "
                     "2",
                     6, 7);

  Diagnostic diag = parseError("f()[g(1)");
  ASSERT_EQ(diag.related.size(), 1u);
  EXPECT_EQ(diag.related[0].message, "to match this '['");
  EXPECT_EQ(diag.related[0].range, at(3, 4));
}

TEST(ExprParserTest, StructureErrors) {
  EXPECT_PARSE_ERROR(")", "expected expression, found ')'", 0, 1);
  EXPECT_PARSE_ERROR("f())", "expected end of expression, found ')'", 3, 4);
  EXPECT_PARSE_ERROR("f() g()",
                     "expected end of expression, found identifier 'g'", 4, 5);
  EXPECT_PARSE_ERROR("'a' 'b'", "expected end of expression, found string 'b'",
                     4, 7);
  // Long spellings are cut short in messages.
  EXPECT_PARSE_ERROR(
      "f() 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'",
      "expected end of expression, found string "
      "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...",
      4, 58);
  // A lexical error is reported instead of the syntax error it causes.
  EXPECT_PARSE_ERROR("f() #", "unexpected character '#' in expression", 4, 5);
}

TEST(ExprParserTest, NestingLimit) {
  EXPECT_EQ(roundTrip(nestedCalls(256)), nestedCalls(256));
  EXPECT_PARSE_ERROR(nestedCalls(257),
                     "expression is nested more than 256 levels deep", 512,
                     513);

  // Very deep input fails quickly without exhausting the stack.
  std::string deep = nestedCalls(100000);
  Diagnostic diag = parseError(deep);
  EXPECT_EQ(diag.message, "expression is nested more than 256 levels deep");

  std::string index;
  for (int i = 0; i != 100000; ++i)
    index += "a()[";
  index += "x()";
  index.append(100000, ']');
  EXPECT_EQ(parseError(index).message,
            "expression is nested more than 256 levels deep");

  // Long member chains build tall trees too.
  std::string chain = "f()";
  for (int i = 0; i != 100000; ++i)
    chain += ".m";
  EXPECT_EQ(parseError(chain).message,
            "expression is nested more than 256 levels deep");
  std::string indexes = "f()";
  for (int i = 0; i != 100000; ++i)
    indexes += "[0]";
  EXPECT_EQ(parseError(indexes).message,
            "expression is nested more than 256 levels deep");

  std::string ok = "f()";
  for (int i = 0; i != 255; ++i)
    ok += ".m";
  EXPECT_EQ(roundTrip(ok), ok);
}

TEST(ExprParserTest, WideExpressionsAreFine) {
  std::string text = "concat(";
  for (int i = 0; i != 10000; ++i)
    text += "'x', ";
  text += "'y')";
  EXPECT_EQ(roundTrip(text), text);
}
