//===- ParserTest.cpp - Tests of the Bicep parse entry and AST ------------===//

#include "frontend/bicep/Parser.h"

#include "gtest/gtest.h"

#include "frontend/bicep/Pragmas.h"

using namespace armor;
using namespace armor::bicep;
using namespace armor::bicep::ast;

namespace {

struct Parsed {
  DiagnosticEngine diags;
  ParsedFile file;
  explicit Parsed(llvm::StringRef text) : file(parseFile(text, 1, diags)) {}
  const Decl *decl(size_t i) const { return file.program.decls[i]; }
};

} // namespace

TEST(BicepParserTest, Declarations) {
  Parsed p("targetScope = 'subscription'\n"
           "@description('the name')\n@minLength(3)\nparam name string\n"
           "var v = [for (x, i) in range(0, 3): '${x}-${i}']\n"
           "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' "
           "existing = {\n  name: name\n}\n"
           "output o string = sa.id\n");
  EXPECT_EQ(p.file.errorCount, 0u);
  ASSERT_EQ(p.file.program.decls.size(), 5u);
  auto *param = llvm::dyn_cast<ParamDecl>(p.decl(1));
  ASSERT_TRUE(param);
  EXPECT_EQ(param->name, "name");
  EXPECT_EQ(param->decorators.size(), 2u);
  auto *var = llvm::cast<VarDecl>(p.decl(2));
  auto *loop = llvm::dyn_cast<ForExpr>(var->value);
  ASSERT_TRUE(loop);
  EXPECT_EQ(loop->itemName, "x");
  EXPECT_EQ(loop->indexName, "i");
  auto *body = llvm::dyn_cast<StringExpr>(loop->body);
  ASSERT_TRUE(body);
  EXPECT_EQ(body->holes.size(), 2u);
  EXPECT_EQ(body->segments[1], "-");
  auto *res = llvm::cast<ResourceDecl>(p.decl(3));
  EXPECT_TRUE(res->existing);
  EXPECT_EQ(res->typeString->literal(),
            "Microsoft.Storage/storageAccounts@2023-01-01");
}

TEST(BicepParserTest, NewLineSensitiveExpressions) {
  Parsed p("var t = cond\n  ? a\n  : b\n"
           "var c = concat(\n  'a',\n  'b'\n)\n"
           "var o = { a: 1, b: 2\n c: [1, 2\n 3] }\n"
           "var l = map(xs, x => x.name)\n"
           "var s = a.?b[?0]!\n");
  EXPECT_EQ(p.file.errorCount, 0u);
  ASSERT_EQ(p.file.program.decls.size(), 5u);
  EXPECT_TRUE(llvm::isa<TernaryExpr>(llvm::cast<VarDecl>(p.decl(0))->value));
  auto *call = llvm::cast<CallExpr>(llvm::cast<VarDecl>(p.decl(1))->value);
  EXPECT_EQ(call->args.size(), 2u);
  auto *map = llvm::cast<CallExpr>(llvm::cast<VarDecl>(p.decl(3))->value);
  EXPECT_TRUE(llvm::isa<LambdaExpr>(map->args[1]));
}

TEST(BicepParserTest, StringsDecode) {
  Parsed p("var a = 'it\\'s \\u{1F600}\\n'\nvar b = '''\nraw \\n ${x}'''\n");
  EXPECT_EQ(p.file.errorCount, 0u);
  auto *a = llvm::cast<StringExpr>(llvm::cast<VarDecl>(p.decl(0))->value);
  EXPECT_EQ(a->literal(), "it's \xF0\x9F\x98\x80\n");
  auto *b = llvm::cast<StringExpr>(llvm::cast<VarDecl>(p.decl(1))->value);
  EXPECT_EQ(b->literal(), "raw \\n ${x}");
}

TEST(BicepParserTest, TypesAndKeywordsAsNames) {
  Parsed p("type t = {\n  @minLength(1)\n  a: string?\n  *: int\n}\n"
           "param p 'a' | 'b' = 'a'\nparam q resourceInput<'T@v'>.tags?\n"
           "var if = true\nvar for = if && true\nvar resource = { type: 1 }\n");
  EXPECT_EQ(p.file.errorCount, 0u);
  auto *t = llvm::cast<TypeDecl>(p.decl(0));
  ASSERT_EQ(t->value->kind, TypeNode::Kind::Object);
  ASSERT_EQ(t->value->properties.size(), 2u);
  EXPECT_TRUE(t->value->properties[1].additional);
  EXPECT_EQ(llvm::cast<ParamDecl>(p.decl(1))->type->kind,
            TypeNode::Kind::Union);
}

TEST(BicepParserTest, RecoversAndReportsSeveralErrors) {
  Parsed p("param\nvar x = (1 +\nresource r 'T@v' = {\n  a: \n}\n"
           "output o string = 'ok'\n");
  EXPECT_GE(p.file.errorCount, 2u);
  EXPECT_GE(p.diags.diagnostics().size(), 2u);
  for (const Diagnostic &d : p.diags.diagnostics())
    EXPECT_EQ(d.ruleId, "syntax-error");
}

TEST(BicepParserTest, NeverThrowsOnGarbage) {
  std::string garbage;
  for (int i = 0; i != 2000; ++i)
    garbage += "}{)(][ '${ ''' @ # ? :: \n"[i % 27];
  Parsed p(garbage);
  EXPECT_GT(p.file.errorCount, 0u);
}

TEST(BicepPragmasTest, Ranges) {
  Lexer lexer("#disable-next-line r1\na\n#disable-diagnostics r2 R3\nb\nc\n"
              "#restore-diagnostics r2\nd\n");
  lexer.lex();
  Suppressions s(1, lexer.pragmas(), 8);
  EXPECT_TRUE(s.isSuppressed("r1", 2));
  EXPECT_FALSE(s.isSuppressed("r1", 3));
  EXPECT_TRUE(s.isSuppressed("R2", 4));
  EXPECT_TRUE(s.isSuppressed("r2", 6));
  EXPECT_FALSE(s.isSuppressed("r2", 7));
  EXPECT_TRUE(s.isSuppressed("r3", 8));
}
