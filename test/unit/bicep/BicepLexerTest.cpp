//===- BicepLexerTest.cpp - Tests of the hand-written Bicep lexer ---------===//

#include "frontend/bicep/BicepLexer.h"

#include "gtest/gtest.h"

using namespace armor::bicep;

static std::vector<TokenKind> kinds(llvm::StringRef text) {
  Lexer lexer(text);
  lexer.lex();
  std::vector<TokenKind> out;
  for (const LexToken &t : lexer.tokens())
    out.push_back(t.kind);
  return out;
}

TEST(BicepLexerTest, KeywordsAndOperators) {
  EXPECT_EQ(kinds("param x string = a ?? b.?c"),
            (std::vector<TokenKind>{TokenKind::KwParam, TokenKind::Identifier,
                                    TokenKind::Identifier, TokenKind::Assign,
                                    TokenKind::Identifier, TokenKind::Coalesce,
                                    TokenKind::Identifier, TokenKind::Dot,
                                    TokenKind::Question, TokenKind::Identifier,
                                    TokenKind::EndOfFile}));
  EXPECT_EQ(kinds("a::b => ... != !~ =~ <= >="),
            (std::vector<TokenKind>{
                TokenKind::Identifier, TokenKind::DoubleColon,
                TokenKind::Identifier, TokenKind::Arrow, TokenKind::Ellipsis,
                TokenKind::Neq, TokenKind::Neqi, TokenKind::Eqi, TokenKind::Lte,
                TokenKind::Gte, TokenKind::EndOfFile}));
}

TEST(BicepLexerTest, NewLinesMergeAcrossCommentsAndBlankLines) {
  EXPECT_EQ(
      kinds("a\n\n  // note\n\r\n/* x */\nb"),
      (std::vector<TokenKind>{TokenKind::Identifier, TokenKind::NewLine,
                              TokenKind::Identifier, TokenKind::EndOfFile}));
  // A block comment spanning lines is not a line break.
  EXPECT_EQ(
      kinds("a /*\n*/ b"),
      (std::vector<TokenKind>{TokenKind::Identifier, TokenKind::Identifier,
                              TokenKind::EndOfFile}));
}

TEST(BicepLexerTest, Interpolation) {
  EXPECT_EQ(kinds("'a${b}c${ {x: 1}.x }d'"),
            (std::vector<TokenKind>{
                TokenKind::StringLeft, TokenKind::Identifier,
                TokenKind::StringMiddle, TokenKind::LBrace,
                TokenKind::Identifier, TokenKind::Colon, TokenKind::Integer,
                TokenKind::RBrace, TokenKind::Dot, TokenKind::Identifier,
                TokenKind::StringRight, TokenKind::EndOfFile}));
}

TEST(BicepLexerTest, MultiLineStrings) {
  Lexer lexer("x = '''\nline 'one'\n${not}''' y");
  lexer.lex();
  ASSERT_EQ(lexer.tokens().size(), 5u);
  EXPECT_EQ(lexer.tokens()[2].kind, TokenKind::StringComplete);
  EXPECT_EQ(lexer.tokens()[3].line, 3u);
  EXPECT_EQ(
      kinds("$'''a${b}c'''"),
      (std::vector<TokenKind>{TokenKind::StringLeft, TokenKind::Identifier,
                              TokenKind::StringRight, TokenKind::EndOfFile}));
}

TEST(BicepLexerTest, ErrorsAreRecordedNotThrown) {
  Lexer lexer("var a = 'unterminated\nvar b = \"x\"\n}}}");
  lexer.lex();
  ASSERT_GE(lexer.errors().size(), 2u);
  EXPECT_NE(lexer.errors()[0].message.find("unterminated"), std::string::npos);
  // A stray '}' outside any interpolation is a plain token.
  EXPECT_EQ(lexer.tokens().back().kind, TokenKind::EndOfFile);
}

TEST(BicepLexerTest, Pragmas) {
  Lexer lexer("#disable-next-line rule-a BCP081\nparam p string\n"
              "  #disable-diagnostics x\n// #disable-next-line nope\n"
              "a /* c */ #disable-next-line no\n");
  lexer.lex();
  ASSERT_EQ(lexer.pragmas().size(), 2u);
  EXPECT_EQ(lexer.pragmas()[0].kind, DiagnosticPragma::Kind::DisableNextLine);
  EXPECT_EQ(lexer.pragmas()[0].line, 1u);
  EXPECT_EQ(lexer.pragmas()[0].codes,
            (std::vector<std::string>{"rule-a", "BCP081"}));
  EXPECT_EQ(lexer.pragmas()[1].kind,
            DiagnosticPragma::Kind::DisableDiagnostics);
  EXPECT_EQ(lexer.pragmas()[1].line, 3u);
}
