//===- Parser.cpp - Bicep text to the typed AST ---------------------------===//
///
/// \file
/// Three parts: a TokenSource that hands the hand-written lexer's tokens to
/// the generated parser, the two-stage parse (SLL, then LL with recovery),
/// and the builder that turns the parse tree into the typed AST.
///
//===----------------------------------------------------------------------===//

#include "frontend/bicep/Parser.h"

#include "BicepParser.h"
#include "antlr4-runtime.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/thread.h"

using namespace armor;
using namespace armor::bicep;
using namespace armor::bicep::ast;
using GenParser = armor_bicep_gen::BicepParser;
using antlr4::ParserRuleContext;
using antlr4::tree::ParseTree;

// The lexer numbers its kinds as the grammar's `tokens {}` block does.
#define ARMOR_CHECK_TOKEN(kind, name)                                          \
  static_assert(static_cast<size_t>(TokenKind::kind) == GenParser::name,       \
                "TokenKind::" #kind " must match BicepParser::" #name);
ARMOR_CHECK_TOKEN(NewLine, NL)
ARMOR_CHECK_TOKEN(Identifier, IDENTIFIER)
ARMOR_CHECK_TOKEN(Null, NULL_LITERAL)
ARMOR_CHECK_TOKEN(KwWith, KW_WITH)
ARMOR_CHECK_TOKEN(At, AT)
ARMOR_CHECK_TOKEN(Hat, HAT)
ARMOR_CHECK_TOKEN(Unrecognized, UNRECOGNIZED)
#undef ARMOR_CHECK_TOKEN

//===----------------------------------------------------------------------===//
// Tokens for the generated parser
//===----------------------------------------------------------------------===//

namespace {

/// A token that points into the source buffer instead of copying its text.
class BicepToken final : public antlr4::WritableToken {
public:
  BicepToken(const LexToken &t, llvm::StringRef text,
             antlr4::TokenSource *source)
      : type(t.kind == TokenKind::EndOfFile ? antlr4::Token::EOF
                                            : static_cast<size_t>(t.kind)),
        line(t.line), column(t.column), begin(t.begin), end(t.end), text(text),
        source(source) {}

  std::string getText() const override {
    if (type == antlr4::Token::EOF)
      return "<EOF>";
    return text.slice(begin, end).str();
  }
  size_t getType() const override { return type; }
  size_t getLine() const override { return line; }
  size_t getCharPositionInLine() const override { return column; }
  size_t getChannel() const override { return antlr4::Token::DEFAULT_CHANNEL; }
  size_t getTokenIndex() const override { return index; }
  size_t getStartIndex() const override { return begin; }
  size_t getStopIndex() const override {
    return end == begin ? begin : end - 1;
  }
  antlr4::TokenSource *getTokenSource() const override { return source; }
  antlr4::CharStream *getInputStream() const override { return nullptr; }
  std::string toString() const override { return getText(); }

  void setText(const std::string &) override {}
  void setType(size_t t) override { type = t; }
  void setLine(size_t l) override { line = l; }
  void setCharPositionInLine(size_t c) override { column = c; }
  void setChannel(size_t) override {}
  void setTokenIndex(size_t i) override { index = i; }

  uint32_t beginOffset() const { return begin; }
  uint32_t endOffset() const { return end; }

  // A parse allocates a token object per token. They come from the arena
  // of the parse running on this thread and are released with it; the
  // token stream's deletes of them do nothing.
  static void *operator new(size_t size) {
    if (llvm::BumpPtrAllocator *arena = currentTokenArena())
      return arena->Allocate(size, alignof(BicepToken));
    return ::operator new(size);
  }
  static void operator delete(void *p) {
    if (!currentTokenArena())
      ::operator delete(p);
  }
  static llvm::BumpPtrAllocator *&currentTokenArena() {
    thread_local llvm::BumpPtrAllocator *arena = nullptr;
    return arena;
  }

private:
  size_t type;
  size_t line;
  size_t column;
  size_t index = INVALID_INDEX;
  uint32_t begin, end;
  llvm::StringRef text;
  antlr4::TokenSource *source;
};

/// Feeds the lexer's tokens [begin, end) to the parser, then an end of
/// file at the start of the token at \p end.
class LexerTokenSource final : public antlr4::TokenSource {
public:
  LexerTokenSource(const Lexer &lexer, size_t begin, size_t end)
      : lexer(lexer), next(begin), end(end) {}
  explicit LexerTokenSource(const Lexer &lexer)
      : LexerTokenSource(lexer, 0, lexer.tokens().size()) {}

  std::unique_ptr<antlr4::Token> nextToken() override {
    const std::vector<LexToken> &toks = lexer.tokens();
    if (next >= end) {
      // The end of this part of the file.
      LexToken eof = toks[std::min(end, toks.size() - 1)];
      eof.kind = TokenKind::EndOfFile;
      eof.end = eof.begin;
      return std::make_unique<BicepToken>(eof, lexer.text(), this);
    }
    return std::make_unique<BicepToken>(toks[next++], lexer.text(), this);
  }
  size_t getLine() const override { return current().line; }
  size_t getCharPositionInLine() override { return current().column; }
  antlr4::CharStream *getInputStream() override { return nullptr; }
  std::string getSourceName() override { return "bicep"; }
  antlr4::TokenFactory<antlr4::CommonToken> *getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }

private:
  const LexToken &current() const {
    const std::vector<LexToken> &toks = lexer.tokens();
    return toks[std::min(std::min(next, end), toks.size() - 1)];
  }

  const Lexer &lexer;
  size_t next;
  size_t end;
};

/// Reports syntax errors as diagnostics, in our words, at most a limit.
class ErrorListener final : public antlr4::BaseErrorListener {
public:
  ErrorListener(FileId file, llvm::StringRef text, DiagnosticEngine &diags,
                unsigned &count)
      : file(file), text(text), diags(diags), count(count) {}

  void syntaxError(antlr4::Recognizer *recognizer,
                   antlr4::Token *offendingSymbol, size_t, size_t,
                   const std::string &, std::exception_ptr) override;

  static constexpr unsigned maxErrors = 30;

private:
  FileId file;
  llvm::StringRef text;
  DiagnosticEngine &diags;
  unsigned &count;
};

} // namespace

static bool isKeywordKind(size_t type) {
  return type >= static_cast<size_t>(TokenKind::KwTargetScope) &&
         type <= static_cast<size_t>(TokenKind::KwWith);
}

static std::string describeToken(llvm::StringRef text, antlr4::Token *t) {
  if (t && t->getType() == antlr4::Token::EOF &&
      t->getStartIndex() < text.size())
    return "start of the next declaration";
  if (!t || t->getType() == antlr4::Token::EOF)
    return "end of file";
  size_t type = t->getType();
  if (type == GenParser::NL)
    return "line break";
  if (auto *bt = dynamic_cast<BicepToken *>(t)) {
    llvm::StringRef spelling = text.slice(bt->beginOffset(), bt->endOffset());
    if (spelling.size() > 40)
      spelling = spelling.take_front(37);
    if (type == GenParser::IDENTIFIER)
      return ("identifier '" + spelling + "'").str();
    if (type >= GenParser::STRING_COMPLETE && type <= GenParser::STRING_RIGHT)
      return "string";
    return ("'" + spelling + "'").str();
  }
  return getTokenSpelling(static_cast<TokenKind>(type)).str();
}

void ErrorListener::syntaxError(antlr4::Recognizer *recognizer,
                                antlr4::Token *offendingSymbol, size_t, size_t,
                                const std::string &, std::exception_ptr) {
  ++count;
  if (count > maxErrors)
    return;
  SourceRange range{file, static_cast<uint32_t>(text.size()),
                    static_cast<uint32_t>(text.size())};
  if (auto *bt = dynamic_cast<BicepToken *>(offendingSymbol))
    range = {file, bt->beginOffset(), bt->endOffset()};

  // Name what was expected when it is short; a set that admits identifiers
  // says "identifier" instead of listing the keywords.
  std::string expected;
  if (auto *parser = dynamic_cast<antlr4::Parser *>(recognizer)) {
    antlr4::misc::IntervalSet set;
    try {
      set = parser->getExpectedTokens();
    } catch (...) {
    }
    llvm::SmallVector<std::string, 8> names;
    bool identifier = set.contains(static_cast<size_t>(GenParser::IDENTIFIER));
    if (identifier)
      names.push_back("identifier");
    for (ssize_t type : set.toList()) {
      if (type == GenParser::IDENTIFIER || (identifier && isKeywordKind(type)))
        continue;
      if (type == GenParser::STRING_LEFT || type == GenParser::NL)
        continue;
      if (type == static_cast<ssize_t>(antlr4::Token::EOF)) {
        names.push_back("end of file");
        continue;
      }
      names.push_back(getTokenSpelling(static_cast<TokenKind>(type)).str());
    }
    if (set.contains(static_cast<size_t>(GenParser::NL)))
      names.push_back("line break");
    if (!names.empty() && names.size() <= 4) {
      expected = "; expected ";
      for (size_t i = 0; i != names.size(); ++i) {
        if (i)
          expected += i + 1 == names.size() ? " or " : ", ";
        expected += names[i];
      }
    }
  }
  diags.syntaxError(range, "unexpected {0}{1}",
                    describeToken(text, offendingSymbol), expected);
  if (count == maxErrors)
    diags.syntaxError(range, "too many syntax errors; stopping here");
}

//===----------------------------------------------------------------------===//
// Strings
//===----------------------------------------------------------------------===//

static void appendCodePoint(std::string &out, uint32_t cp) {
  char buf[4];
  char *p = buf;
  if (llvm::ConvertCodePointToUTF8(cp, p))
    out.append(buf, p);
}

/// Resolves the escapes of a '...' string segment.
static std::string unescape(llvm::StringRef s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 1 == s.size()) {
      out += c;
      continue;
    }
    char e = s[++i];
    switch (e) {
    case 'n':
      out += '\n';
      break;
    case 'r':
      out += '\r';
      break;
    case 't':
      out += '\t';
      break;
    case 'u': {
      size_t close = s.find('}', i);
      uint32_t cp = 0;
      if (i + 1 < s.size() && s[i + 1] == '{' &&
          close != llvm::StringRef::npos &&
          !s.slice(i + 2, close).getAsInteger(16, cp)) {
        appendCodePoint(out, cp);
        i = close;
      } else {
        out += e;
      }
      break;
    }
    default: // \\, \', \$ and anything invalid (already reported)
      out += e;
      break;
    }
  }
  return out;
}

std::vector<std::string>
armor::bicep::decodeStringSegments(llvm::StringRef text,
                                   llvm::ArrayRef<LexToken> pieces) {
  std::vector<std::string> segments;
  if (pieces.empty())
    return segments;
  llvm::StringRef first = text.slice(pieces[0].begin, pieces[0].end);
  unsigned dollars = 0;
  while (dollars < first.size() && first[dollars] == '$')
    ++dollars;
  bool multiLine = dollars > 0 || first.starts_with("'''");
  for (size_t i = 0; i != pieces.size(); ++i) {
    llvm::StringRef t = text.slice(pieces[i].begin, pieces[i].end);
    bool isFirst = i == 0;
    bool isLast = i + 1 == pieces.size();
    if (!multiLine) {
      t = t.drop_front(1); // ' or }
      if (isLast) {
        if (t.ends_with("'"))
          t = t.drop_back(1);
      } else if (t.ends_with("${")) {
        t = t.drop_back(2);
      }
      segments.push_back(unescape(t));
      continue;
    }
    if (isFirst) {
      t = t.drop_front(dollars + 3);
      if (t.starts_with("\r"))
        t = t.drop_front(1);
      if (t.starts_with("\n"))
        t = t.drop_front(1);
    } else {
      t = t.drop_front(1);
    }
    if (isLast) {
      if (t.ends_with("'''"))
        t = t.drop_back(3);
    } else {
      t = t.drop_back(std::min<size_t>(t.size(), dollars + 1));
    }
    segments.push_back(t.str());
  }
  return segments;
}

//===----------------------------------------------------------------------===//
// Parse tree to AST
//===----------------------------------------------------------------------===//

namespace {

class SyntaxBuilder {
public:
  SyntaxBuilder(llvm::StringRef text, FileId file, SyntaxArena &arena)
      : text(text), file(file), arena(arena) {}

  Program buildProgram(ParserRuleContext *ctx);

private:
  // Parse tree access. The tree holds three dynamic types: terminals, error
  // nodes and rule contexts; comparing type_info objects (one per type in
  // the statically linked runtime) tells them apart without the cost of a
  // dynamic_cast, which dominated the build of the AST.
  static bool isTerminal(ParseTree *t) {
    return &typeid(*t) == &typeid(antlr4::tree::TerminalNodeImpl);
  }
  static bool isErrorNode(ParseTree *t) {
    return &typeid(*t) == &typeid(antlr4::tree::ErrorNodeImpl);
  }
  static ParserRuleContext *asRule(ParseTree *t) {
    if (!t || isTerminal(t) || isErrorNode(t))
      return nullptr;
    return static_cast<ParserRuleContext *>(t);
  }
  static antlr4::Token *asToken(ParseTree *t) {
    if (!t || !isTerminal(t))
      return nullptr;
    return static_cast<antlr4::tree::TerminalNode *>(t)->getSymbol();
  }
  static bool isRule(ParseTree *t, size_t rule) {
    ParserRuleContext *r = asRule(t);
    return r && r->getRuleIndex() == rule;
  }
  static bool isToken(ParseTree *t, size_t type) {
    antlr4::Token *tok = asToken(t);
    return tok && tok->getType() == type;
  }
  static ParserRuleContext *findRule(ParserRuleContext *ctx, size_t rule,
                                     size_t from = 0) {
    for (size_t i = from; i < ctx->children.size(); ++i)
      if (isRule(ctx->children[i], rule))
        return asRule(ctx->children[i]);
    return nullptr;
  }
  static bool hasToken(ParserRuleContext *ctx, size_t type) {
    return llvm::any_of(ctx->children,
                        [&](ParseTree *t) { return isToken(t, type); });
  }

  SourceRange rangeOf(antlr4::Token *t) const;
  SourceRange rangeOf(ParserRuleContext *ctx) const;
  SourceRange join(SourceRange a, SourceRange b) const {
    if (!a.isValid())
      return b;
    if (!b.isValid())
      return a;
    return {file, std::min(a.begin, b.begin), std::max(a.end, b.end)};
  }
  llvm::StringRef textOf(antlr4::Token *t) const;
  llvm::StringRef identifierText(ParserRuleContext *ctx, SourceRange &range);
  llvm::StringRef nameIn(ParserRuleContext *ctx, SourceRange &range);

  Expr *error(SourceRange range) { return arena.make<ErrorExpr>(range); }

  // Declarations.
  Decl *buildStatement(ParserRuleContext *ctx);
  Decl *buildDeclaration(ParserRuleContext *ctx);
  llvm::ArrayRef<Decorator> buildDecorators(ParserRuleContext *ctx);
  Decorator buildDecorator(ParserRuleContext *ctx);
  ResourceDecl *buildResource(ParserRuleContext *ctx,
                              llvm::ArrayRef<Decorator> decorators);
  Expr *buildDeclBody(ParserRuleContext *ctx);

  // Expressions.
  Expr *buildExpression(ParserRuleContext *ctx);
  Expr *buildBinary(ParserRuleContext *ctx);
  Expr *buildPrimary(ParserRuleContext *ctx);
  llvm::ArrayRef<Expr *> buildArguments(ParserRuleContext *ctx);
  StringExpr *buildString(ParserRuleContext *ctx);
  ObjectExpr *buildObject(ParserRuleContext *ctx);
  Expr *buildArray(ParserRuleContext *ctx);
  Expr *buildFor(ParserRuleContext *ctx);
  IfExpr *buildIf(ParserRuleContext *ctx);
  Expr *buildLambda(SourceRange range, llvm::ArrayRef<Expr *> params,
                    Expr *body);

  // Types.
  TypeNode *buildTypeOrResource(ParserRuleContext *ctx);
  TypeNode *buildType(ParserRuleContext *ctx);
  TypeNode *buildUnaryType(ParserRuleContext *ctx);
  TypeNode *buildPrimaryType(ParserRuleContext *ctx);
  TypeNode *errorType(SourceRange range) {
    return arena.make<TypeNode>(TypeNode::Kind::Error, range);
  }
  TypeNode *wrapType(TypeNode::Kind kind, SourceRange range, TypeNode *inner) {
    TypeNode *t = arena.make<TypeNode>(kind, range);
    t->elements = arena.copy(llvm::ArrayRef<TypeNode *>(inner));
    return t;
  }

  llvm::StringRef text;
  FileId file;
  SyntaxArena &arena;
};

} // namespace

/// The byte range of a token from the lexer; conjured tokens (inserted by
/// error recovery) have none.
static bool tokenOffsets(antlr4::Token *t, llvm::StringRef text,
                         uint32_t &begin, uint32_t &end) {
  if (!t)
    return false;
  size_t start = t->getStartIndex();
  if (start == static_cast<size_t>(-1) || start > text.size())
    return false;
  begin = static_cast<uint32_t>(start);
  size_t stop = t->getStopIndex();
  end = t->getType() == antlr4::Token::EOF || stop < start
            ? begin
            : static_cast<uint32_t>(stop + 1);
  return true;
}

SourceRange SyntaxBuilder::rangeOf(antlr4::Token *t) const {
  uint32_t begin = 0, end = 0;
  if (!tokenOffsets(t, text, begin, end))
    return {};
  return {file, begin, end};
}

SourceRange SyntaxBuilder::rangeOf(ParserRuleContext *ctx) const {
  if (!ctx)
    return {};
  SourceRange begin = rangeOf(ctx->start);
  SourceRange end = rangeOf(ctx->stop);
  if (!begin.isValid())
    return end;
  if (!end.isValid() || end.end < begin.begin)
    return {file, begin.begin, begin.begin};
  return {file, begin.begin, end.end};
}

llvm::StringRef SyntaxBuilder::textOf(antlr4::Token *t) const {
  uint32_t begin = 0, end = 0;
  if (!tokenOffsets(t, text, begin, end))
    return {};
  return text.slice(begin, end);
}

static bool isNameToken(size_t type) {
  return type == GenParser::IDENTIFIER || isKeywordKind(type);
}

/// The first name token (an identifier or a keyword) among the children of
/// \p ctx: the name of a property suffix, a variable or an object key.
llvm::StringRef SyntaxBuilder::nameIn(ParserRuleContext *ctx,
                                      SourceRange &range) {
  for (ParseTree *child : ctx->children)
    if (antlr4::Token *t = asToken(child); t && isNameToken(t->getType())) {
      range = rangeOf(t);
      return textOf(t);
    }
  range = rangeOf(ctx);
  return {};
}

/// The text of an identifier or typeName rule.
llvm::StringRef SyntaxBuilder::identifierText(ParserRuleContext *ctx,
                                              SourceRange &range) {
  if (!ctx || ctx->children.empty()) {
    range = rangeOf(ctx);
    return {};
  }
  antlr4::Token *t = asToken(ctx->children.front());
  range = rangeOf(t);
  return textOf(t);
}

Program SyntaxBuilder::buildProgram(ParserRuleContext *ctx) {
  Program program;
  program.file = file;
  llvm::SmallVector<Decl *, 64> decls;
  for (ParseTree *child : ctx->children)
    if (isRule(child, GenParser::RuleStatement))
      if (Decl *d = buildStatement(asRule(child)))
        decls.push_back(d);
  program.decls = arena.copy(llvm::ArrayRef<Decl *>(decls));
  return program;
}

Decorator SyntaxBuilder::buildDecorator(ParserRuleContext *ctx) {
  Decorator d;
  d.range = rangeOf(ctx);
  llvm::SmallVector<llvm::StringRef, 2> names;
  for (ParseTree *child : ctx->children) {
    if (isRule(child, GenParser::RuleIdentifier)) {
      SourceRange r;
      names.push_back(identifierText(asRule(child), r));
    } else if (isRule(child, GenParser::RuleArguments)) {
      d.args = buildArguments(asRule(child));
      d.hasArgs = true;
    }
  }
  if (names.size() >= 2) {
    d.nameSpace = names[names.size() - 2];
    d.name = names.back();
  } else if (!names.empty()) {
    d.name = names.back();
  }
  return d;
}

llvm::ArrayRef<Decorator>
SyntaxBuilder::buildDecorators(ParserRuleContext *ctx) {
  llvm::SmallVector<Decorator, 4> decorators;
  for (ParseTree *child : ctx->children)
    if (isRule(child, GenParser::RuleDecorator))
      decorators.push_back(buildDecorator(asRule(child)));
  return arena.copy(llvm::ArrayRef<Decorator>(decorators));
}

Decl *SyntaxBuilder::buildStatement(ParserRuleContext *ctx) {
  ParserRuleContext *decl = findRule(ctx, GenParser::RuleDeclaration);
  if (!decl || decl->children.empty())
    return nullptr;
  ParserRuleContext *inner = asRule(decl->children.front());
  if (!inner)
    return nullptr;
  Decl *d = buildDeclaration(inner);
  if (!d)
    return nullptr;
  d->decorators = buildDecorators(ctx);
  d->range = rangeOf(ctx);
  if (inner->getRuleIndex() == GenParser::RuleResourceDecl)
    d->range = rangeOf(inner);
  return d;
}

Expr *SyntaxBuilder::buildDeclBody(ParserRuleContext *ctx) {
  if (!ctx || ctx->children.empty())
    return error(rangeOf(ctx));
  ParserRuleContext *body = asRule(ctx->children.front());
  if (!body)
    return error(rangeOf(ctx));
  switch (body->getRuleIndex()) {
  case GenParser::RuleObject:
    return buildObject(body);
  case GenParser::RuleIfCondition:
    return buildIf(body);
  case GenParser::RuleForExpression:
    return buildFor(body);
  default:
    return error(rangeOf(body));
  }
}

ResourceDecl *
SyntaxBuilder::buildResource(ParserRuleContext *ctx,
                             llvm::ArrayRef<Decorator> decorators) {
  SourceRange nameRange;
  llvm::StringRef name =
      identifierText(findRule(ctx, GenParser::RuleIdentifier), nameRange);
  ParserRuleContext *typeCtx = findRule(ctx, GenParser::RuleInterpString);
  StringExpr *type = typeCtx ? buildString(typeCtx) : nullptr;
  ParserRuleContext *bodyCtx = findRule(ctx, GenParser::RuleDeclBody);
  Expr *body = bodyCtx ? buildDeclBody(bodyCtx) : error(rangeOf(ctx));
  auto *r = arena.make<ResourceDecl>(
      rangeOf(ctx), type, hasToken(ctx, GenParser::KW_EXISTING), body);
  r->name = name;
  r->nameRange = nameRange;
  r->decorators = decorators;
  return r;
}

Decl *SyntaxBuilder::buildDeclaration(ParserRuleContext *ctx) {
  SourceRange range = rangeOf(ctx);
  SourceRange nameRange;
  auto name = [&]() {
    return identifierText(findRule(ctx, GenParser::RuleIdentifier), nameRange);
  };
  auto value = [&]() -> Expr * {
    ParserRuleContext *e = findRule(ctx, GenParser::RuleExpression);
    return e ? buildExpression(e) : error(range);
  };
  Decl *d = nullptr;
  switch (ctx->getRuleIndex()) {
  case GenParser::RuleTargetScopeDecl:
    d = arena.make<ValueDecl>(Decl::Kind::TargetScope, range, value());
    break;
  case GenParser::RuleMetadataDecl: {
    llvm::StringRef n = name();
    d = arena.make<ValueDecl>(Decl::Kind::Metadata, range, value());
    d->name = n;
    break;
  }
  case GenParser::RuleAssertDecl: {
    llvm::StringRef n = name();
    d = arena.make<ValueDecl>(Decl::Kind::Assert, range, value());
    d->name = n;
    break;
  }
  case GenParser::RuleParamDecl: {
    llvm::StringRef n = name();
    ParserRuleContext *t = findRule(ctx, GenParser::RuleTypeOrResource);
    ParserRuleContext *e = findRule(ctx, GenParser::RuleExpression);
    d = arena.make<ParamDecl>(range, t ? buildTypeOrResource(t) : nullptr,
                              e ? buildExpression(e) : nullptr);
    d->name = n;
    break;
  }
  case GenParser::RuleVarDecl: {
    llvm::StringRef n = name();
    ParserRuleContext *t = findRule(ctx, GenParser::RuleTypeExpression);
    d = arena.make<VarDecl>(range, t ? buildType(t) : nullptr, value());
    d->name = n;
    break;
  }
  case GenParser::RuleTypeDecl: {
    llvm::StringRef n = name();
    ParserRuleContext *t = findRule(ctx, GenParser::RuleTypeExpression);
    d = arena.make<TypeDecl>(range, t ? buildType(t) : errorType(range));
    d->name = n;
    break;
  }
  case GenParser::RuleFuncDecl: {
    llvm::StringRef n = name();
    llvm::SmallVector<FuncParam, 4> params;
    TypeNode *returnType = nullptr;
    Expr *body = nullptr;
    for (ParseTree *child : ctx->children) {
      ParserRuleContext *r = asRule(child);
      if (!r)
        continue;
      if (r->getRuleIndex() == GenParser::RuleTypedParam) {
        FuncParam p;
        p.name =
            identifierText(findRule(r, GenParser::RuleIdentifier), p.nameRange);
        ParserRuleContext *t = findRule(r, GenParser::RuleTypeExpression);
        p.type = t ? buildType(t) : errorType(rangeOf(r));
        params.push_back(p);
      } else if (r->getRuleIndex() == GenParser::RuleTypeExpression) {
        returnType = buildType(r);
      } else if (r->getRuleIndex() == GenParser::RuleExpression) {
        body = buildExpression(r);
      }
    }
    d = arena.make<FuncDecl>(
        range, arena.copy(llvm::ArrayRef<FuncParam>(params)),
        returnType ? returnType : errorType(range), body ? body : error(range));
    d->name = n;
    break;
  }
  case GenParser::RuleResourceDecl:
    return buildResource(ctx, {});
  case GenParser::RuleModuleDecl: {
    llvm::StringRef n = name();
    ParserRuleContext *p = findRule(ctx, GenParser::RuleInterpString);
    ParserRuleContext *b = findRule(ctx, GenParser::RuleDeclBody);
    d = arena.make<ModuleDecl>(range, p ? buildString(p) : nullptr,
                               b ? buildDeclBody(b) : error(range));
    d->name = n;
    break;
  }
  case GenParser::RuleOutputDecl: {
    llvm::StringRef n = name();
    ParserRuleContext *t = findRule(ctx, GenParser::RuleTypeOrResource);
    d = arena.make<OutputDecl>(
        range, t ? buildTypeOrResource(t) : errorType(range), value());
    d->name = n;
    break;
  }
  case GenParser::RuleImportDecl: {
    ParserRuleContext *path = findRule(ctx, GenParser::RuleInterpString);
    StringExpr *pathExpr = path ? buildString(path) : nullptr;
    llvm::SmallVector<ImportedSymbol, 8> symbols;
    llvm::StringRef wildcard;
    bool legacy = !hasToken(ctx, GenParser::KW_FROM);
    ParserRuleContext *list = findRule(ctx, GenParser::RuleImportedSymbols);
    if (list) {
      for (ParseTree *child : list->children) {
        ParserRuleContext *item = asRule(child);
        if (!item || item->getRuleIndex() != GenParser::RuleImportedSymbol)
          continue;
        ImportedSymbol s;
        s.range = rangeOf(item);
        SourceRange r;
        llvm::SmallVector<ParserRuleContext *, 2> ids;
        for (ParseTree *c : item->children)
          if (isRule(c, GenParser::RuleIdentifier))
            ids.push_back(asRule(c));
        ParserRuleContext *str = findRule(item, GenParser::RuleInterpString);
        bool hasAs = hasToken(item, GenParser::KW_AS);
        if (str) {
          StringExpr *se = buildString(str);
          s.name = se->literal();
          if (!ids.empty())
            s.alias = identifierText(ids.back(), r);
        } else if (!ids.empty()) {
          s.name = identifierText(ids.front(), r);
          s.alias =
              hasAs && ids.size() > 1 ? identifierText(ids.back(), r) : s.name;
        }
        symbols.push_back(s);
      }
    } else if (!legacy) {
      wildcard = name();
    }
    auto *imp = arena.make<ImportDecl>(
        range, pathExpr, arena.copy(llvm::ArrayRef<ImportedSymbol>(symbols)),
        wildcard, legacy);
    if (legacy && hasToken(ctx, GenParser::KW_AS))
      imp->name = name();
    d = imp;
    break;
  }
  case GenParser::RuleExtensionDecl:
  case GenParser::RuleExtensionConfigDecl: {
    bool isConfig = ctx->getRuleIndex() == GenParser::RuleExtensionConfigDecl;
    llvm::SmallVector<ParserRuleContext *, 2> ids;
    for (ParseTree *c : ctx->children)
      if (isRule(c, GenParser::RuleIdentifier))
        ids.push_back(asRule(c));
    ParserRuleContext *str = findRule(ctx, GenParser::RuleInterpString);
    ParserRuleContext *obj = findRule(ctx, GenParser::RuleObject);
    SourceRange r;
    llvm::StringRef spec = !isConfig && !str && !ids.empty()
                               ? identifierText(ids.front(), r)
                               : llvm::StringRef();
    auto *ext = arena.make<ExtensionDecl>(
        isConfig ? Decl::Kind::ExtensionConfig : Decl::Kind::Extension, range,
        spec, str ? buildString(str) : nullptr,
        obj ? buildObject(obj) : nullptr);
    // The symbol: the alias after `as`, else an identifier specification.
    if (hasToken(ctx, GenParser::KW_AS) && !ids.empty())
      ext->name = identifierText(ids.back(), ext->nameRange);
    else if (isConfig && !ids.empty())
      ext->name = identifierText(ids.front(), ext->nameRange);
    else if (!spec.empty())
      ext->name = spec, ext->nameRange = r;
    d = ext;
    break;
  }
  case GenParser::RuleTestDecl: {
    llvm::StringRef n = name();
    ParserRuleContext *p = findRule(ctx, GenParser::RuleInterpString);
    ParserRuleContext *o = findRule(ctx, GenParser::RuleObject);
    d = arena.make<FileRefDecl>(Decl::Kind::Test, range,
                                p ? buildString(p) : nullptr,
                                o ? buildObject(o) : nullptr);
    d->name = n;
    break;
  }
  case GenParser::RuleUsingDecl:
  case GenParser::RuleExtendsDecl: {
    ParserRuleContext *p = findRule(ctx, GenParser::RuleInterpString);
    ParserRuleContext *o = findRule(ctx, GenParser::RuleObject);
    d = arena.make<FileRefDecl>(
        ctx->getRuleIndex() == GenParser::RuleUsingDecl ? Decl::Kind::Using
                                                        : Decl::Kind::Extends,
        range, p ? buildString(p) : nullptr, o ? buildObject(o) : nullptr);
    break;
  }
  default:
    return nullptr;
  }
  d->nameRange = nameRange;
  return d;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

Expr *SyntaxBuilder::buildExpression(ParserRuleContext *ctx) {
  if (!ctx)
    return error({});
  llvm::SmallVector<ParserRuleContext *, 3> parts;
  for (ParseTree *child : ctx->children)
    if (ParserRuleContext *r = asRule(child))
      parts.push_back(r);
  if (parts.empty())
    return error(rangeOf(ctx));
  Expr *condition = parts[0]->getRuleIndex() == GenParser::RuleBinaryExpression
                        ? buildBinary(parts[0])
                        : error(rangeOf(parts[0]));
  if (!hasToken(ctx, GenParser::QUESTION))
    return condition;
  Expr *whenTrue =
      parts.size() > 1 ? buildExpression(parts[1]) : error(rangeOf(ctx));
  Expr *whenFalse =
      parts.size() > 2 ? buildExpression(parts[2]) : error(rangeOf(ctx));
  return arena.make<TernaryExpr>(rangeOf(ctx), condition, whenTrue, whenFalse);
}

static std::optional<BinaryOp> binaryOpOf(size_t type) {
  switch (type) {
  case GenParser::ASTERISK:
    return BinaryOp::Multiply;
  case GenParser::SLASH:
    return BinaryOp::Divide;
  case GenParser::MODULO:
    return BinaryOp::Modulo;
  case GenParser::PLUS:
    return BinaryOp::Add;
  case GenParser::MINUS:
    return BinaryOp::Subtract;
  case GenParser::GT:
    return BinaryOp::Greater;
  case GenParser::GTE:
    return BinaryOp::GreaterOrEquals;
  case GenParser::LT:
    return BinaryOp::Less;
  case GenParser::LTE:
    return BinaryOp::LessOrEquals;
  case GenParser::EQ:
    return BinaryOp::Equals;
  case GenParser::NEQ:
    return BinaryOp::NotEquals;
  case GenParser::EQI:
    return BinaryOp::EqualsInsensitive;
  case GenParser::NEQI:
    return BinaryOp::NotEqualsInsensitive;
  case GenParser::AND:
    return BinaryOp::And;
  case GenParser::OR:
    return BinaryOp::Or;
  case GenParser::COALESCE:
    return BinaryOp::Coalesce;
  default:
    return std::nullopt;
  }
}

Expr *SyntaxBuilder::buildBinary(ParserRuleContext *ctx) {
  SourceRange range = rangeOf(ctx);
  if (ctx->children.empty())
    return error(range);
  // Binary form: binaryExpression op binaryExpression. A long chain
  // (`a + b + c ...`) nests to the left; walk its spine without recursion.
  if (isRule(ctx->children.front(), GenParser::RuleBinaryExpression)) {
    llvm::SmallVector<ParserRuleContext *, 8> spine{ctx};
    while (isRule(spine.back()->children.front(),
                  GenParser::RuleBinaryExpression) &&
           spine.back()->children.size() > 1)
      spine.push_back(asRule(spine.back()->children.front()));
    ParserRuleContext *leftmost = spine.back();
    spine.pop_back();
    Expr *current = leftmost->children.size() > 1 ||
                            !isRule(leftmost->children.front(),
                                    GenParser::RuleBinaryExpression)
                        ? buildBinary(leftmost)
                        : error(rangeOf(leftmost));
    for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
      ParserRuleContext *node = *it;
      std::optional<BinaryOp> op;
      Expr *rhs = nullptr;
      for (size_t i = 1; i < node->children.size(); ++i) {
        ParseTree *child = node->children[i];
        if (antlr4::Token *t = asToken(child); t && !op)
          op = binaryOpOf(t->getType());
        else if (isRule(child, GenParser::RuleBinaryExpression))
          rhs = buildBinary(asRule(child));
      }
      SourceRange nodeRange = rangeOf(node);
      current = op && rhs ? arena.make<BinaryExpr>(nodeRange, *op, current, rhs)
                          : error(nodeRange);
    }
    return current;
  }

  // Unary form: (! | -)? primaryExpression memberSuffix*.
  std::optional<UnaryOp> prefix;
  Expr *current = nullptr;
  for (ParseTree *child : ctx->children) {
    if (antlr4::Token *t = asToken(child)) {
      if (!current && t->getType() == GenParser::EXCLAMATION)
        prefix = UnaryOp::Not;
      else if (!current && t->getType() == GenParser::MINUS)
        prefix = UnaryOp::Minus;
      continue;
    }
    ParserRuleContext *r = asRule(child);
    if (!r)
      continue;
    if (r->getRuleIndex() == GenParser::RulePrimaryExpression) {
      current = buildPrimary(r);
      continue;
    }
    if (r->getRuleIndex() != GenParser::RuleMemberSuffix || !current ||
        r->children.empty())
      continue;
    SourceRange suffixRange = join(current->range, rangeOf(r));
    antlr4::Token *first = asToken(r->children.front());
    size_t type = first ? first->getType() : 0;
    if (type == GenParser::LSQUARE) {
      ParserRuleContext *index = findRule(r, GenParser::RuleExpression);
      current = arena.make<IndexExpr>(
          suffixRange, current,
          index ? buildExpression(index) : error(suffixRange),
          hasToken(r, GenParser::QUESTION), hasToken(r, GenParser::HAT));
    } else if (type == GenParser::DOT) {
      SourceRange nameRange;
      llvm::StringRef name = nameIn(r, nameRange);
      if (ParserRuleContext *args = findRule(r, GenParser::RuleArguments))
        current = arena.make<CallExpr>(suffixRange, current, name, nameRange,
                                       buildArguments(args));
      else
        current =
            arena.make<PropertyExpr>(suffixRange, current, name, nameRange,
                                     hasToken(r, GenParser::QUESTION));
    } else if (type == GenParser::DOUBLE_COLON) {
      SourceRange nameRange;
      llvm::StringRef name =
          identifierText(findRule(r, GenParser::RuleIdentifier), nameRange);
      current =
          arena.make<ResourceAccessExpr>(suffixRange, current, name, nameRange);
    } else if (type == GenParser::EXCLAMATION) {
      current = arena.make<NonNullExpr>(suffixRange, current);
    }
  }
  if (!current)
    return error(range);
  if (prefix)
    return arena.make<UnaryExpr>(range, *prefix, current);
  return current;
}

Expr *SyntaxBuilder::buildLambda(SourceRange range,
                                 llvm::ArrayRef<Expr *> params, Expr *body) {
  llvm::SmallVector<llvm::StringRef, 4> names;
  for (Expr *p : params) {
    auto *n = llvm::dyn_cast<NameExpr>(p);
    if (!n)
      return error(range); // reported by the lowering
    names.push_back(n->name);
  }
  return arena.make<LambdaExpr>(
      range, arena.copy(llvm::ArrayRef<llvm::StringRef>(names)), body);
}

Expr *SyntaxBuilder::buildPrimary(ParserRuleContext *ctx) {
  SourceRange range = rangeOf(ctx);
  if (ctx->children.empty())
    return error(range);
  ParseTree *first = ctx->children.front();
  if (antlr4::Token *t = asToken(first)) {
    switch (t->getType()) {
    case GenParser::INTEGER: {
      uint64_t value = 0;
      bool overflow = textOf(t).getAsInteger(10, value);
      return arena.make<IntegerExpr>(range, value, overflow);
    }
    case GenParser::TRUE_LITERAL:
      return arena.make<BooleanExpr>(range, true);
    case GenParser::FALSE_LITERAL:
      return arena.make<BooleanExpr>(range, false);
    case GenParser::NULL_LITERAL:
      return arena.make<NullExpr>(range);
    default:
      if (isNameToken(t->getType())) {
        SourceRange nameRange = rangeOf(t);
        llvm::StringRef name = textOf(t);
        if (ParserRuleContext *args = findRule(ctx, GenParser::RuleArguments))
          return arena.make<CallExpr>(range, nullptr, name, nameRange,
                                      buildArguments(args));
        if (hasToken(ctx, GenParser::ARROW)) {
          ParserRuleContext *body = findRule(ctx, GenParser::RuleExpression);
          Expr *param = arena.make<NameExpr>(nameRange, name);
          return buildLambda(range, param,
                             body ? buildExpression(body) : error(range));
        }
        return arena.make<NameExpr>(range, name);
      }
      return error(range);
    case GenParser::LPAREN: {
      llvm::SmallVector<Expr *, 4> items;
      ParserRuleContext *body = nullptr;
      bool arrow = false;
      for (ParseTree *child : ctx->children) {
        if (isToken(child, GenParser::ARROW)) {
          arrow = true;
          continue;
        }
        if (!isRule(child, GenParser::RuleExpression))
          continue;
        if (arrow)
          body = asRule(child);
        else
          items.push_back(buildExpression(asRule(child)));
      }
      if (arrow)
        return buildLambda(range, items,
                           body ? buildExpression(body) : error(range));
      if (items.size() != 1)
        return error(range); // reported by the lowering
      return arena.make<ParenExpr>(range, items.front());
    }
    }
  }
  ParserRuleContext *r = asRule(first);
  if (!r)
    return error(range);
  switch (r->getRuleIndex()) {
  case GenParser::RuleInterpString:
    return buildString(r);
  case GenParser::RuleObject:
    return buildObject(r);
  case GenParser::RuleArray:
    return buildArray(r);
  case GenParser::RuleForExpression:
    return buildFor(r);
  default:
    return error(range);
  }
}

llvm::ArrayRef<Expr *> SyntaxBuilder::buildArguments(ParserRuleContext *ctx) {
  llvm::SmallVector<Expr *, 4> args;
  for (ParseTree *child : ctx->children)
    if (isRule(child, GenParser::RuleExpression))
      args.push_back(buildExpression(asRule(child)));
  return arena.copy(llvm::ArrayRef<Expr *>(args));
}

StringExpr *SyntaxBuilder::buildString(ParserRuleContext *ctx) {
  llvm::SmallVector<LexToken, 4> pieces;
  llvm::SmallVector<Expr *, 4> holes;
  for (ParseTree *child : ctx->children) {
    if (antlr4::Token *t = asToken(child)) {
      uint32_t begin = 0, end = 0;
      if (tokenOffsets(t, text, begin, end))
        pieces.push_back(
            {static_cast<TokenKind>(t->getType()), begin, end, 0, 0});
      continue;
    }
    if (isRule(child, GenParser::RuleExpression))
      holes.push_back(buildExpression(asRule(child)));
  }
  std::vector<std::string> values = decodeStringSegments(text, pieces);
  // Keep segments == holes + 1 even after errors.
  values.resize(holes.size() + 1);
  llvm::SmallVector<llvm::StringRef, 4> segments;
  for (const std::string &v : values)
    segments.push_back(arena.copy(llvm::StringRef(v)));
  return arena.make<StringExpr>(
      rangeOf(ctx), arena.copy(llvm::ArrayRef<llvm::StringRef>(segments)),
      arena.copy(llvm::ArrayRef<Expr *>(holes)));
}

ObjectExpr *SyntaxBuilder::buildObject(ParserRuleContext *ctx) {
  llvm::SmallVector<ObjectItem, 8> items;
  for (ParseTree *child : ctx->children) {
    ParserRuleContext *el = asRule(child);
    if (!el || el->getRuleIndex() != GenParser::RuleObjectElement ||
        el->children.empty())
      continue;
    ObjectItem item;
    item.range = rangeOf(el);
    if (ParserRuleContext *res = findRule(el, GenParser::RuleResourceDecl)) {
      item.kind = ObjectItem::Kind::Resource;
      item.resource = buildResource(res, buildDecorators(el));
      item.resource->range = item.range;
      items.push_back(item);
      continue;
    }
    if (isToken(el->children.front(), GenParser::ELLIPSIS)) {
      item.kind = ObjectItem::Kind::Spread;
      ParserRuleContext *e = findRule(el, GenParser::RuleExpression);
      item.value = e ? buildExpression(e) : error(item.range);
      items.push_back(item);
      continue;
    }
    item.kind = ObjectItem::Kind::Property;
    if (ParserRuleContext *keyCtx = asRule(el->children.front())) {
      if (keyCtx->getRuleIndex() != GenParser::RuleInterpString)
        continue;
      item.key = buildString(keyCtx);
    } else {
      SourceRange keyRange;
      llvm::StringRef key = nameIn(el, keyRange);
      item.key = arena.make<StringExpr>(
          keyRange, arena.copy(llvm::ArrayRef<llvm::StringRef>(key)),
          llvm::ArrayRef<Expr *>());
    }
    ParserRuleContext *e = findRule(el, GenParser::RuleExpression);
    item.value = e ? buildExpression(e) : error(item.range);
    items.push_back(item);
  }
  return arena.make<ObjectExpr>(rangeOf(ctx),
                                arena.copy(llvm::ArrayRef<ObjectItem>(items)));
}

Expr *SyntaxBuilder::buildArray(ParserRuleContext *ctx) {
  llvm::SmallVector<ArrayItem, 8> items;
  for (ParseTree *child : ctx->children) {
    ParserRuleContext *el = asRule(child);
    if (!el || el->getRuleIndex() != GenParser::RuleArrayElement)
      continue;
    ParserRuleContext *e = findRule(el, GenParser::RuleExpression);
    items.push_back({e ? buildExpression(e) : error(rangeOf(el)),
                     hasToken(el, GenParser::ELLIPSIS)});
  }
  return arena.make<ArrayExpr>(rangeOf(ctx),
                               arena.copy(llvm::ArrayRef<ArrayItem>(items)));
}

Expr *SyntaxBuilder::buildFor(ParserRuleContext *ctx) {
  SourceRange range = rangeOf(ctx);
  llvm::StringRef item, index;
  SourceRange itemRange, indexRange;
  if (ParserRuleContext *vars = findRule(ctx, GenParser::RuleForVariables)) {
    llvm::SmallVector<ParserRuleContext *, 2> ids;
    for (ParseTree *c : vars->children)
      if (isRule(c, GenParser::RuleIdentifier))
        ids.push_back(asRule(c));
    if (!ids.empty())
      item = identifierText(ids[0], itemRange);
    if (ids.size() > 1)
      index = identifierText(ids[1], indexRange);
  }
  ParserRuleContext *iterCtx = findRule(ctx, GenParser::RuleExpression);
  Expr *iterable = iterCtx ? buildExpression(iterCtx) : error(range);
  Expr *body = nullptr;
  if (ParserRuleContext *b = findRule(ctx, GenParser::RuleForBody);
      b && !b->children.empty()) {
    ParserRuleContext *inner = asRule(b->children.front());
    if (inner && inner->getRuleIndex() == GenParser::RuleIfCondition)
      body = buildIf(inner);
    else if (inner)
      body = buildExpression(inner);
  }
  return arena.make<ForExpr>(range, item, itemRange, index, indexRange,
                             iterable, body ? body : error(range));
}

IfExpr *SyntaxBuilder::buildIf(ParserRuleContext *ctx) {
  SourceRange range = rangeOf(ctx);
  ParserRuleContext *c = findRule(ctx, GenParser::RuleExpression);
  ParserRuleContext *o = findRule(ctx, GenParser::RuleObject);
  ObjectExpr *body =
      o ? buildObject(o)
        : arena.make<ObjectExpr>(range, llvm::ArrayRef<ObjectItem>());
  return arena.make<IfExpr>(range, c ? buildExpression(c) : error(range), body);
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

TypeNode *SyntaxBuilder::buildTypeOrResource(ParserRuleContext *ctx) {
  if (ctx->children.empty())
    return errorType(rangeOf(ctx));
  if (isToken(ctx->children.front(), GenParser::KW_RESOURCE)) {
    TypeNode *t = arena.make<TypeNode>(TypeNode::Kind::Resource, rangeOf(ctx));
    if (ParserRuleContext *s = findRule(ctx, GenParser::RuleInterpString))
      t->resourceType = buildString(s);
    return t;
  }
  ParserRuleContext *t = findRule(ctx, GenParser::RuleTypeExpression);
  return t ? buildType(t) : errorType(rangeOf(ctx));
}

TypeNode *SyntaxBuilder::buildType(ParserRuleContext *ctx) {
  llvm::SmallVector<TypeNode *, 4> members;
  for (ParseTree *child : ctx->children)
    if (isRule(child, GenParser::RuleUnaryType))
      members.push_back(buildUnaryType(asRule(child)));
  if (members.empty())
    return errorType(rangeOf(ctx));
  if (members.size() == 1 && !hasToken(ctx, GenParser::PIPE))
    return members.front();
  TypeNode *t = arena.make<TypeNode>(TypeNode::Kind::Union, rangeOf(ctx));
  t->elements = arena.copy(llvm::ArrayRef<TypeNode *>(members));
  return t;
}

TypeNode *SyntaxBuilder::buildUnaryType(ParserRuleContext *ctx) {
  std::optional<UnaryOp> prefix;
  TypeNode *current = nullptr;
  for (ParseTree *child : ctx->children) {
    if (antlr4::Token *t = asToken(child)) {
      size_t type = t->getType();
      if (!current) {
        if (type == GenParser::MINUS)
          prefix = UnaryOp::Minus;
        else if (type == GenParser::EXCLAMATION)
          prefix = UnaryOp::Not;
        continue;
      }
      SourceRange r = join(current->range, rangeOf(t));
      if (type == GenParser::QUESTION)
        current = wrapType(TypeNode::Kind::Nullable, r, current);
      else if (type == GenParser::EXCLAMATION)
        current = wrapType(TypeNode::Kind::NonNullable, r, current);
      continue;
    }
    ParserRuleContext *r = asRule(child);
    if (!r)
      continue;
    if (r->getRuleIndex() == GenParser::RulePrimaryType) {
      current = buildPrimaryType(r);
      if (prefix && current->kind == TypeNode::Kind::Literal) {
        SourceRange whole = join(rangeOf(ctx->start), current->range);
        current->value = arena.make<UnaryExpr>(whole, *prefix, current->value);
        current->range = whole;
      }
      continue;
    }
    if (r->getRuleIndex() != GenParser::RuleTypeSuffix || !current ||
        r->children.empty())
      continue;
    SourceRange range = join(current->range, rangeOf(r));
    antlr4::Token *first = asToken(r->children.front());
    size_t type = first ? first->getType() : 0;
    if (type == GenParser::LSQUARE) {
      if (hasToken(r, GenParser::ASTERISK)) {
        current = wrapType(TypeNode::Kind::Items, range, current);
      } else if (ParserRuleContext *e =
                     findRule(r, GenParser::RuleExpression)) {
        current = wrapType(TypeNode::Kind::Index, range, current);
        current->value = buildExpression(e);
      } else {
        current = wrapType(TypeNode::Kind::Array, range, current);
      }
    } else if (type == GenParser::DOT) {
      if (hasToken(r, GenParser::ASTERISK)) {
        current = wrapType(TypeNode::Kind::Additional, range, current);
        continue;
      }
      SourceRange nameRange;
      llvm::StringRef name =
          identifierText(findRule(r, GenParser::RuleIdentifier), nameRange);
      if (ParserRuleContext *args = findRule(r, GenParser::RuleTypeArguments)) {
        // `sys.resourceInput<...>`: a namespace-qualified generic type.
        llvm::SmallVector<TypeNode *, 2> argTypes;
        for (ParseTree *c : args->children)
          if (isRule(c, GenParser::RuleTypeExpression))
            argTypes.push_back(buildType(asRule(c)));
        current = arena.make<TypeNode>(TypeNode::Kind::Named, range);
        current->name = name;
        current->elements = arena.copy(llvm::ArrayRef<TypeNode *>(argTypes));
        continue;
      }
      if (current->kind == TypeNode::Kind::Named &&
          (current->name == "sys" || current->name == "az") &&
          current->elements.empty()) {
        // `sys.string`: a namespace-qualified ambient type.
        current = arena.make<TypeNode>(TypeNode::Kind::Named, range);
        current->name = name;
        continue;
      }
      current = wrapType(TypeNode::Kind::Property, range, current);
      current->name = name;
    }
  }
  return current ? current : errorType(rangeOf(ctx));
}

TypeNode *SyntaxBuilder::buildPrimaryType(ParserRuleContext *ctx) {
  SourceRange range = rangeOf(ctx);
  if (ctx->children.empty())
    return errorType(range);
  ParseTree *first = ctx->children.front();
  if (antlr4::Token *t = asToken(first)) {
    switch (t->getType()) {
    case GenParser::INTEGER:
    case GenParser::TRUE_LITERAL:
    case GenParser::FALSE_LITERAL:
    case GenParser::NULL_LITERAL: {
      TypeNode *lit = arena.make<TypeNode>(TypeNode::Kind::Literal, range);
      if (t->getType() == GenParser::INTEGER) {
        uint64_t value = 0;
        bool overflow = textOf(t).getAsInteger(10, value);
        lit->value = arena.make<IntegerExpr>(range, value, overflow);
      } else if (t->getType() == GenParser::NULL_LITERAL) {
        lit->value = arena.make<NullExpr>(range);
      } else {
        lit->value = arena.make<BooleanExpr>(
            range, t->getType() == GenParser::TRUE_LITERAL);
      }
      return lit;
    }
    case GenParser::LBRACE: {
      llvm::SmallVector<ObjectTypeProperty, 8> props;
      for (ParseTree *child : ctx->children) {
        ParserRuleContext *p = asRule(child);
        if (!p || p->getRuleIndex() != GenParser::RuleObjectTypeProperty)
          continue;
        ObjectTypeProperty prop;
        prop.decorators = buildDecorators(p);
        prop.additional = hasToken(p, GenParser::ASTERISK);
        if (ParserRuleContext *id = findRule(p, GenParser::RuleIdentifier))
          prop.name = identifierText(id, prop.nameRange);
        else if (ParserRuleContext *s =
                     findRule(p, GenParser::RuleInterpString))
          prop.name = buildString(s)->literal(), prop.nameRange = rangeOf(s);
        ParserRuleContext *te = findRule(p, GenParser::RuleTypeExpression);
        prop.type = te ? buildType(te) : errorType(rangeOf(p));
        props.push_back(prop);
      }
      TypeNode *obj = arena.make<TypeNode>(TypeNode::Kind::Object, range);
      obj->properties = arena.copy(llvm::ArrayRef<ObjectTypeProperty>(props));
      return obj;
    }
    case GenParser::LSQUARE: {
      llvm::SmallVector<TupleTypeItem, 4> items;
      for (ParseTree *child : ctx->children) {
        ParserRuleContext *p = asRule(child);
        if (!p || p->getRuleIndex() != GenParser::RuleTupleItem)
          continue;
        ParserRuleContext *te = findRule(p, GenParser::RuleTypeExpression);
        items.push_back(
            {buildDecorators(p), te ? buildType(te) : errorType(rangeOf(p))});
      }
      TypeNode *tuple = arena.make<TypeNode>(TypeNode::Kind::Tuple, range);
      tuple->tupleItems = arena.copy(llvm::ArrayRef<TupleTypeItem>(items));
      return tuple;
    }
    case GenParser::LPAREN: {
      ParserRuleContext *te = findRule(ctx, GenParser::RuleTypeExpression);
      return te ? buildType(te) : errorType(range);
    }
    default:
      return errorType(range);
    }
  }
  ParserRuleContext *r = asRule(first);
  if (!r)
    return errorType(range);
  if (r->getRuleIndex() == GenParser::RuleInterpString) {
    TypeNode *lit = arena.make<TypeNode>(TypeNode::Kind::Literal, range);
    lit->value = buildString(r);
    return lit;
  }
  if (r->getRuleIndex() == GenParser::RuleTypeName) {
    TypeNode *named = arena.make<TypeNode>(TypeNode::Kind::Named, range);
    SourceRange nameRange;
    named->name = identifierText(r, nameRange);
    if (ParserRuleContext *args = findRule(ctx, GenParser::RuleTypeArguments)) {
      llvm::SmallVector<TypeNode *, 2> argTypes;
      for (ParseTree *c : args->children)
        if (isRule(c, GenParser::RuleTypeExpression))
          argTypes.push_back(buildType(asRule(c)));
      named->elements = arena.copy(llvm::ArrayRef<TypeNode *>(argTypes));
    }
    return named;
  }
  return errorType(range);
}

//===----------------------------------------------------------------------===//
// Entry point
//===----------------------------------------------------------------------===//

/// Tokens that start a top-level declaration.
static bool startsDeclaration(TokenKind kind) {
  switch (kind) {
  case TokenKind::At:
  case TokenKind::KwTargetScope:
  case TokenKind::KwMetadata:
  case TokenKind::KwParam:
  case TokenKind::KwVar:
  case TokenKind::KwType:
  case TokenKind::KwFunc:
  case TokenKind::KwResource:
  case TokenKind::KwModule:
  case TokenKind::KwOutput:
  case TokenKind::KwImport:
  case TokenKind::KwExtension:
  case TokenKind::KwExtensionConfig:
  case TokenKind::KwAssert:
  case TokenKind::KwTest:
  case TokenKind::KwUsing:
  case TokenKind::KwExtends:
    return true;
  default:
    return false;
  }
}

static ParsedFile parseOnThisStack(const Lexer &lexer, FileId file,
                                   DiagnosticEngine &diags);

/// An upper bound of the nesting the parser recurses through: brackets, plus
/// the operators that nest without brackets (`?` of a ternary, unary `!` and
/// `-`, `=>` of a lambda) counted since the last separator (comma, or line
/// break outside parentheses) of the bracket they are in.
static unsigned recursionEstimate(llvm::ArrayRef<LexToken> toks) {
  struct Level {
    TokenKind open;
    unsigned operators;
  };
  llvm::SmallVector<Level, 16> levels{{TokenKind::EndOfFile, 0}};
  unsigned operators = 0, deepest = 0;
  for (const LexToken &t : toks) {
    switch (t.kind) {
    case TokenKind::LBrace:
    case TokenKind::LParen:
    case TokenKind::LSquare:
    case TokenKind::StringLeft:
      levels.push_back({t.kind, 0});
      break;
    case TokenKind::RBrace:
    case TokenKind::RParen:
    case TokenKind::RSquare:
    case TokenKind::StringRight:
      if (levels.size() > 1) {
        operators -= levels.back().operators;
        levels.pop_back();
      }
      break;
    case TokenKind::NewLine:
      if (levels.back().open == TokenKind::LParen)
        break;
      [[fallthrough]];
    case TokenKind::Comma:
      operators -= levels.back().operators;
      levels.back().operators = 0;
      break;
    case TokenKind::Question:
    case TokenKind::Exclamation:
    case TokenKind::Minus:
    case TokenKind::Arrow:
      ++levels.back().operators;
      ++operators;
      break;
    default:
      break;
    }
    deepest = std::max(deepest, unsigned(levels.size()) + operators);
  }
  return deepest;
}

ParsedFile armor::bicep::parseFile(llvm::StringRef text, FileId file,
                                   DiagnosticEngine &diags) {
  Lexer lexer(text);
  lexer.lex();
  // The generated parser recurses several frames per nesting level of the
  // input, and ternaries, unary operators and lambdas nest without brackets.
  // Shallow files (nearly all) parse on the caller's stack; the rest on a
  // stack of their own, large enough for anything the lexer lets through.
  constexpr unsigned shallowEnough = 48;
  if (recursionEstimate(lexer.tokens()) <= shallowEnough)
    return parseOnThisStack(lexer, file, diags);
  ParsedFile result;
  llvm::thread worker(std::optional<unsigned>(256u << 20),
                      [&] { result = parseOnThisStack(lexer, file, diags); });
  worker.join();
  return result;
}

static ParsedFile parseOnThisStack(const Lexer &lexer, FileId file,
                                   DiagnosticEngine &diags) {
  // Declared first, destroyed last: the token streams below delete their
  // tokens before the arena they live in goes away.
  llvm::BumpPtrAllocator tokenArena;
  BicepToken::currentTokenArena() = &tokenArena;
  auto clearArena =
      llvm::make_scope_exit([] { BicepToken::currentTokenArena() = nullptr; });
  llvm::StringRef text = lexer.text();
  ParsedFile result;
  result.arena = std::make_unique<SyntaxArena>();
  result.program.file = file;

  for (const LexError &e : lexer.errors()) {
    ++result.errorCount;
    diags.syntaxError({file, e.begin, std::max(e.begin, e.end)}, "{0}",
                      e.message);
  }
  result.pragmas = lexer.pragmas();

  try {
    LexerTokenSource source(lexer);
    antlr4::CommonTokenStream tokens(&source);
    GenParser parser(&tokens);
    parser.removeErrorListeners();
    // Stage 1: SLL prediction, bail out at the first error.
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    ParserRuleContext *tree = nullptr;
    try {
      tree = parser.program();
    } catch (antlr4::ParseCancellationException &) {
      tree = nullptr;
    } catch (antlr4::RecognitionException &) {
      tree = nullptr;
    }
    if (tree) {
      SyntaxBuilder builder(text, file, *result.arena);
      result.program = builder.buildProgram(tree);
    } else {
      // Stage 2: the file has an error (or needs full-context prediction).
      // Parse it declaration by declaration, each a top-level keyword at the
      // start of a line, in LL mode with recovery: an error stays in its
      // declaration and the rest of the file still lowers.
      result.neededFullContext = true;
      const std::vector<LexToken> &toks = lexer.tokens();
      std::vector<size_t> starts{0};
      for (size_t i = 1; i + 1 < toks.size(); ++i)
        if (toks[i - 1].kind == TokenKind::NewLine && toks[i].column == 0 &&
            startsDeclaration(toks[i].kind))
          starts.push_back(i);
      starts.push_back(toks.size() - 1); // the end of file
      SyntaxBuilder builder(text, file, *result.arena);
      std::vector<Decl *> decls;
      unsigned count = 0;
      ErrorListener listener(file, text, diags, count);
      for (size_t c = 0; c + 1 < starts.size(); ++c) {
        LexerTokenSource chunk(lexer, starts[c], starts[c + 1]);
        antlr4::CommonTokenStream chunkTokens(&chunk);
        GenParser chunkParser(&chunkTokens);
        chunkParser.removeErrorListeners();
        chunkParser.addErrorListener(&listener);
        chunkParser.getInterpreter<antlr4::atn::ParserATNSimulator>()
            ->setPredictionMode(antlr4::atn::PredictionMode::LL);
        Program part = builder.buildProgram(chunkParser.program());
        decls.insert(decls.end(), part.decls.begin(), part.decls.end());
        if (count > ErrorListener::maxErrors)
          break;
      }
      result.errorCount += count;
      result.program.decls = result.arena->copy(llvm::ArrayRef<Decl *>(decls));
    }
  } catch (std::exception &e) {
    ++result.errorCount;
    diags.syntaxError({file, 0, 0}, "internal parser error: {0}", e.what());
  } catch (...) {
    ++result.errorCount;
    diags.syntaxError({file, 0, 0}, "internal parser error");
  }
  return result;
}
