//===- Parser.cpp - Bicep text to the typed AST ---------------------------===//
///
/// \file
/// Three parts: a TokenStream that hands the hand-written lexer's tokens to
/// the generated parser, the two-stage parse (SLL, then LL with recovery),
/// and the builder that turns the tree the parser records (SyntaxNode, see
/// grammar/BicepParserBase.h) into the typed AST.
///
//===----------------------------------------------------------------------===//

#include "frontend/bicep/Parser.h"

#include "BicepParser.h"
#include "antlr4-runtime.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/thread.h"

using namespace armor;
using namespace armor::bicep;
using namespace armor::bicep::ast;
using GenParser = armor_bicep_gen::BicepParser;
using Node = armor_bicep_gen::SyntaxNode;

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

class BicepTokenStream;

/// A token of the lexer as the generated parser sees it: a view of the
/// LexToken with the kind the grammar needs (see contextualize). Its token
/// index is its position in the lexer's token vector.
class BicepToken final : public antlr4::WritableToken {
public:
  BicepToken(const LexToken *token, TokenKind kind, uint32_t index,
             const BicepTokenStream *stream)
      : token(token),
        type(kind == TokenKind::EndOfFile ? antlr4::Token::EOF
                                          : static_cast<size_t>(kind)),
        index(index), stream(stream) {}

  std::string getText() const override;
  size_t getType() const override { return type; }
  size_t getLine() const override { return token->line; }
  size_t getCharPositionInLine() const override { return token->column; }
  size_t getChannel() const override { return antlr4::Token::DEFAULT_CHANNEL; }
  size_t getTokenIndex() const override { return index; }
  size_t getStartIndex() const override { return token->begin; }
  size_t getStopIndex() const override {
    return endOffset() == token->begin ? token->begin : endOffset() - 1;
  }
  antlr4::TokenSource *getTokenSource() const override;
  antlr4::CharStream *getInputStream() const override { return nullptr; }
  std::string toString() const override { return getText(); }

  void setText(const std::string &) override {}
  void setType(size_t t) override { type = t; }
  void setLine(size_t) override {}
  void setCharPositionInLine(size_t) override {}
  void setChannel(size_t) override {}
  void setTokenIndex(size_t i) override { index = static_cast<uint32_t>(i); }

  uint32_t beginOffset() const { return token->begin; }
  uint32_t endOffset() const {
    return type == antlr4::Token::EOF ? token->begin : token->end;
  }

private:
  const LexToken *token;
  size_t type;
  uint32_t index;
  const BicepTokenStream *stream;
};

/// The token source the tokens name as theirs; the parser asks it only for
/// the factory of the tokens error recovery conjures.
class LexerTokenSource final : public antlr4::TokenSource {
public:
  std::unique_ptr<antlr4::Token> nextToken() override { return nullptr; }
  size_t getLine() const override { return 0; }
  size_t getCharPositionInLine() override { return 0; }
  antlr4::CharStream *getInputStream() override { return nullptr; }
  std::string getSourceName() override { return "bicep"; }
  antlr4::TokenFactory<antlr4::CommonToken> *getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }
};

static bool isNameKind(TokenKind kind) {
  return kind == TokenKind::Identifier ||
         (kind >= TokenKind::KwTargetScope && kind <= TokenKind::KwWith);
}

/// Decides, from the token after it, what a token is to the grammar, so that
/// every decision the parser makes often is LL(1) (see BicepParser.g4):
///  - `if` is a keyword only before '(' (`if (cond) {`), `for` only before a
///    loop variable (`[for x in` or `[for (x, i) in`), elsewhere they are
///    names;
///  - a keyword before ':' is a name (`resource: 1` is an object property);
///  - a line break before '?' (a ternary continued on the next line) or '|'
///    (a union type continued) is no separator: it is dropped.
/// Returns false for a dropped token.
static bool contextualize(TokenKind &kind, TokenKind next) {
  switch (kind) {
  case TokenKind::NewLine:
    return next != TokenKind::Question && next != TokenKind::Pipe;
  case TokenKind::KwIf:
    if (next != TokenKind::LParen)
      kind = TokenKind::Identifier;
    return true;
  case TokenKind::KwFor:
    if (next != TokenKind::LParen && !isNameKind(next))
      kind = TokenKind::Identifier;
    return true;
  default:
    if (next == TokenKind::Colon && isNameKind(kind))
      kind = TokenKind::Identifier;
    return true;
  }
}

/// The lexer's tokens [begin, end), then an end of file at the start of the
/// token at \p end, as the parser's token stream: an array built once, in
/// the parse arena (tokens own nothing and are never destroyed), with none
/// of CommonTokenStream's lazy fetching, channels and hidden tokens.
class BicepTokenStream final : public antlr4::TokenStream {
public:
  BicepTokenStream(const Lexer &lexer, size_t begin, size_t end)
      : lexer(lexer) {
    const std::vector<LexToken> &toks = lexer.tokens();
    end = std::min(end, toks.size() - 1);
    tokens = static_cast<BicepToken *>(
        armor_bicep_gen::currentParseArena()->allocate(
            (end - begin + 1) * sizeof(BicepToken), alignof(BicepToken)));
    for (size_t i = begin; i != end; ++i) {
      TokenKind kind = toks[i].kind;
      if (contextualize(kind, toks[i + 1].kind))
        new (&tokens[count++])
            BicepToken(&toks[i], kind, static_cast<uint32_t>(i), this);
    }
    eof = toks[end];
    eof.kind = TokenKind::EndOfFile;
    new (&tokens[count++]) BicepToken(&eof, TokenKind::EndOfFile,
                                      static_cast<uint32_t>(end), this);
  }
  explicit BicepTokenStream(const Lexer &lexer)
      : BicepTokenStream(lexer, 0, lexer.tokens().size()) {}

  antlr4::Token *LT(ssize_t k) override {
    if (k > 0)
      return &tokens[std::min(p + static_cast<size_t>(k) - 1, count - 1)];
    if (k == 0 || static_cast<size_t>(-k) > p)
      return nullptr;
    return &tokens[p - static_cast<size_t>(-k)];
  }
  size_t LA(ssize_t i) override {
    if (i > 0)
      return tokens[std::min(p + static_cast<size_t>(i) - 1, count - 1)]
          .getType();
    antlr4::Token *t = LT(i);
    return t ? t->getType() : antlr4::Token::INVALID_TYPE;
  }
  /// The runtime never consumes the end of file; nor does this.
  void consume() override {
    if (p + 1 < count)
      ++p;
  }
  ssize_t mark() override { return 0; }
  void release(ssize_t) override {}
  size_t index() override { return p; }
  void seek(size_t i) override { p = std::min(i, count - 1); }
  size_t size() override { return count; }
  std::string getSourceName() const override { return "bicep"; }
  antlr4::Token *get(size_t i) const override {
    return &tokens[std::min(i, count - 1)];
  }
  antlr4::TokenSource *getTokenSource() const override {
    return const_cast<LexerTokenSource *>(&source);
  }
  std::string getText(const antlr4::misc::Interval &interval) override {
    if (interval.a < 0 || interval.b < interval.a)
      return "";
    return text(tokens[std::min<size_t>(interval.a, count - 1)],
                tokens[std::min<size_t>(interval.b, count - 1)]);
  }
  std::string getText() override { return text(tokens[0], tokens[count - 1]); }
  std::string getText(antlr4::RuleContext *ctx) override {
    return getText(ctx->getSourceInterval());
  }
  std::string getText(antlr4::Token *start, antlr4::Token *stop) override {
    auto *a = dynamic_cast<BicepToken *>(start);
    auto *b = dynamic_cast<BicepToken *>(stop);
    return a && b ? text(*a, *b) : std::string();
  }

  std::string text(const BicepToken &a, const BicepToken &b) const {
    return lexer.text()
        .slice(a.beginOffset(), std::max(a.beginOffset(), b.endOffset()))
        .str();
  }

private:
  friend class BicepToken;
  const Lexer &lexer;
  LexerTokenSource source;
  BicepToken *tokens = nullptr;
  size_t count = 0;
  size_t p = 0;
  LexToken eof;
};

std::string BicepToken::getText() const {
  if (type == antlr4::Token::EOF)
    return "<EOF>";
  return stream->text(*this, *this);
}

antlr4::TokenSource *BicepToken::getTokenSource() const {
  return stream->getTokenSource();
}

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

/// Calls \p segment(raw, escaped) for each segment of the string tokens
/// \p pieces: \p raw is the segment's text without its delimiters, to be
/// unescaped if \p escaped ('...' strings), verbatim otherwise.
template <typename Fn>
static void forEachSegment(llvm::StringRef text,
                           llvm::ArrayRef<LexToken> pieces, Fn segment) {
  if (pieces.empty())
    return;
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
      segment(t, true);
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
    segment(t, false);
  }
}

std::vector<std::string>
armor::bicep::decodeStringSegments(llvm::StringRef text,
                                   llvm::ArrayRef<LexToken> pieces) {
  std::vector<std::string> segments;
  forEachSegment(text, pieces, [&](llvm::StringRef raw, bool escaped) {
    segments.push_back(escaped ? unescape(raw) : raw.str());
  });
  return segments;
}

//===----------------------------------------------------------------------===//
// Recorded tree to AST
//===----------------------------------------------------------------------===//

namespace {

class SyntaxBuilder {
public:
  SyntaxBuilder(const Lexer &lexer, FileId file, SyntaxArena &arena,
                DiagnosticEngine &diags)
      : text(lexer.text()), tokens(lexer.tokens()), file(file), arena(arena),
        diags(diags) {}

  /// Syntax errors the builder found (the grammar leaves a few checks to
  /// it: the parameters of a lambda, a parenthesized list that is not).
  unsigned errorCount = 0;

  /// Builds the declarations of a tree whose end of file is the token at
  /// \p eof (the start of the next part of the file, or the end of it).
  Program buildProgram(const Node *ctx, size_t eof) {
    eofIndex = eof;
    if (!ctx) {
      Program empty;
      empty.file = file;
      return empty;
    }
    return buildProgram(ctx);
  }

  Program buildProgram(const Node *ctx);

private:
  // Tree access. A node is a rule, a token, or a token that error recovery
  // skipped (neither a rule nor a token to the builder).
  static const Node *asRule(const Node *t) {
    return t && !t->isToken ? t : nullptr;
  }
  static const Node *asToken(const Node *t) {
    return t && t->isToken && !t->isError ? t : nullptr;
  }
  static bool isRule(const Node *t, size_t rule) {
    return t && !t->isToken && t->kind == rule;
  }
  static bool isToken(const Node *t, size_t type) {
    return t && t->isToken && !t->isError && t->kind == type;
  }
  static const Node *findRule(const Node *ctx, size_t rule) {
    for (const Node *child : ctx->children)
      if (isRule(child, rule))
        return child;
    return nullptr;
  }
  static bool hasToken(const Node *ctx, size_t type) {
    return llvm::any_of(ctx->children,
                        [&](const Node *t) { return isToken(t, type); });
  }

  bool tokenOffsets(uint32_t index, uint32_t &begin, uint32_t &end) const;
  SourceRange tokenRange(uint32_t index) const;
  SourceRange rangeOf(const Node *n) const;
  SourceRange join(SourceRange a, SourceRange b) const {
    if (!a.isValid())
      return b;
    if (!b.isValid())
      return a;
    return {file, std::min(a.begin, b.begin), std::max(a.end, b.end)};
  }
  llvm::StringRef textOf(const Node *t) const;
  llvm::StringRef identifierText(const Node *ctx, SourceRange &range);
  llvm::StringRef nameIn(const Node *ctx, SourceRange &range);

  Expr *error(SourceRange range) { return arena.make<ErrorExpr>(range); }

  // Declarations.
  Decl *buildStatement(const Node *ctx);
  Decl *buildDeclaration(const Node *ctx);
  llvm::ArrayRef<Decorator> buildDecorators(const Node *ctx);
  Decorator buildDecorator(const Node *ctx);
  ResourceDecl *buildResource(const Node *ctx,
                              llvm::ArrayRef<Decorator> decorators);
  Expr *buildDeclBody(const Node *ctx);

  // Expressions.
  Expr *buildExpression(const Node *ctx);
  Expr *buildOperand(const Node *ctx);
  llvm::ArrayRef<Expr *> buildArguments(const Node *ctx);
  void buildItems(const Node *first, const Node *end,
                  llvm::SmallVectorImpl<Expr *> &out);
  bool lambdaParams(const Node *expr,
                    llvm::SmallVectorImpl<llvm::StringRef> &names);
  StringExpr *buildString(const Node *ctx);
  ObjectExpr *buildObject(const Node *ctx);
  Expr *buildArray(const Node *ctx);
  Expr *buildFor(const Node *ctx);
  IfExpr *buildIf(const Node *ctx);
  void syntaxError(SourceRange range, llvm::StringRef message) {
    ++errorCount;
    diags.syntaxError(range, "{0}", message);
  }

  // Types.
  TypeNode *buildTypeOrResource(const Node *ctx);
  TypeNode *buildType(const Node *ctx);
  TypeNode *buildUnaryType(const Node *ctx);
  TypeNode *buildPrimaryType(const Node *ctx);
  TypeNode *errorType(SourceRange range) {
    return arena.make<TypeNode>(TypeNode::Kind::Error, range);
  }
  TypeNode *wrapType(TypeNode::Kind kind, SourceRange range, TypeNode *inner) {
    TypeNode *t = arena.make<TypeNode>(kind, range);
    t->elements = arena.copy(llvm::ArrayRef<TypeNode *>(inner));
    return t;
  }

  llvm::StringRef text;
  llvm::ArrayRef<LexToken> tokens;
  /// The index of the end-of-file token of the tree being built.
  size_t eofIndex = 0;
  FileId file;
  SyntaxArena &arena;
  DiagnosticEngine &diags;
};

} // namespace

/// The byte range of the token at \p index; the end of file is empty.
bool SyntaxBuilder::tokenOffsets(uint32_t index, uint32_t &begin,
                                 uint32_t &end) const {
  if (index >= tokens.size())
    return false;
  begin = tokens[index].begin;
  end = index >= eofIndex ? begin : tokens[index].end;
  return true;
}

SourceRange SyntaxBuilder::tokenRange(uint32_t index) const {
  uint32_t begin = 0, end = 0;
  if (!tokenOffsets(index, begin, end))
    return {};
  return {file, begin, end};
}

/// The range of a token, or of a rule from its first to its last token.
SourceRange SyntaxBuilder::rangeOf(const Node *n) const {
  if (!n)
    return {};
  if (n->isToken)
    return tokenRange(n->first);
  SourceRange begin = tokenRange(n->first);
  SourceRange end = n->hasLast ? tokenRange(n->last) : SourceRange();
  if (!begin.isValid())
    return end;
  if (!end.isValid() || end.end < begin.begin)
    return {file, begin.begin, begin.begin};
  return {file, begin.begin, end.end};
}

llvm::StringRef SyntaxBuilder::textOf(const Node *t) const {
  uint32_t begin = 0, end = 0;
  if (!t || !tokenOffsets(t->first, begin, end))
    return {};
  return text.slice(begin, end);
}

static bool isNameToken(size_t type) {
  return type == GenParser::IDENTIFIER || isKeywordKind(type);
}

/// The first name token (an identifier or a keyword) among the children of
/// \p ctx: the name of a property suffix, a variable or an object key.
llvm::StringRef SyntaxBuilder::nameIn(const Node *ctx, SourceRange &range) {
  for (const Node *child : ctx->children)
    if (const Node *t = asToken(child); t && isNameToken(t->getType())) {
      range = rangeOf(t);
      return textOf(t);
    }
  range = rangeOf(ctx);
  return {};
}

/// The text of an identifier or typeName rule.
llvm::StringRef SyntaxBuilder::identifierText(const Node *ctx,
                                              SourceRange &range) {
  if (!ctx || ctx->children.empty()) {
    range = rangeOf(ctx);
    return {};
  }
  const Node *t = asToken(ctx->children.front());
  range = rangeOf(t);
  return textOf(t);
}

Program SyntaxBuilder::buildProgram(const Node *ctx) {
  Program program;
  program.file = file;
  llvm::SmallVector<Decl *, 64> decls;
  for (const Node *child : ctx->children)
    if (isRule(child, GenParser::RuleStatement))
      if (Decl *d = buildStatement(asRule(child)))
        decls.push_back(d);
  program.decls = arena.copy(llvm::ArrayRef<Decl *>(decls));
  return program;
}

Decorator SyntaxBuilder::buildDecorator(const Node *ctx) {
  Decorator d;
  d.range = rangeOf(ctx);
  llvm::SmallVector<llvm::StringRef, 2> names;
  for (const Node *child : ctx->children) {
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

llvm::ArrayRef<Decorator> SyntaxBuilder::buildDecorators(const Node *ctx) {
  llvm::SmallVector<Decorator, 4> decorators;
  for (const Node *child : ctx->children)
    if (isRule(child, GenParser::RuleDecorator))
      decorators.push_back(buildDecorator(asRule(child)));
  return arena.copy(llvm::ArrayRef<Decorator>(decorators));
}

Decl *SyntaxBuilder::buildStatement(const Node *ctx) {
  const Node *decl = findRule(ctx, GenParser::RuleDeclaration);
  if (!decl || decl->children.empty())
    return nullptr;
  const Node *inner = asRule(decl->children.front());
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

Expr *SyntaxBuilder::buildDeclBody(const Node *ctx) {
  if (!ctx || ctx->children.empty())
    return error(rangeOf(ctx));
  const Node *body = asRule(ctx->children.front());
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
SyntaxBuilder::buildResource(const Node *ctx,
                             llvm::ArrayRef<Decorator> decorators) {
  SourceRange nameRange;
  llvm::StringRef name =
      identifierText(findRule(ctx, GenParser::RuleIdentifier), nameRange);
  const Node *typeCtx = findRule(ctx, GenParser::RuleInterpString);
  StringExpr *type = typeCtx ? buildString(typeCtx) : nullptr;
  const Node *bodyCtx = findRule(ctx, GenParser::RuleDeclBody);
  Expr *body = bodyCtx ? buildDeclBody(bodyCtx) : error(rangeOf(ctx));
  auto *r = arena.make<ResourceDecl>(
      rangeOf(ctx), type, hasToken(ctx, GenParser::KW_EXISTING), body);
  r->name = name;
  r->nameRange = nameRange;
  r->decorators = decorators;
  return r;
}

Decl *SyntaxBuilder::buildDeclaration(const Node *ctx) {
  SourceRange range = rangeOf(ctx);
  SourceRange nameRange;
  auto name = [&]() {
    return identifierText(findRule(ctx, GenParser::RuleIdentifier), nameRange);
  };
  auto value = [&]() -> Expr * {
    const Node *e = findRule(ctx, GenParser::RuleExpression);
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
    const Node *t = findRule(ctx, GenParser::RuleTypeOrResource);
    const Node *e = findRule(ctx, GenParser::RuleExpression);
    d = arena.make<ParamDecl>(range, t ? buildTypeOrResource(t) : nullptr,
                              e ? buildExpression(e) : nullptr);
    d->name = n;
    break;
  }
  case GenParser::RuleVarDecl: {
    llvm::StringRef n = name();
    const Node *t = findRule(ctx, GenParser::RuleTypeExpression);
    d = arena.make<VarDecl>(range, t ? buildType(t) : nullptr, value());
    d->name = n;
    break;
  }
  case GenParser::RuleTypeDecl: {
    llvm::StringRef n = name();
    const Node *t = findRule(ctx, GenParser::RuleTypeExpression);
    d = arena.make<TypeDecl>(range, t ? buildType(t) : errorType(range));
    d->name = n;
    break;
  }
  case GenParser::RuleFuncDecl: {
    llvm::StringRef n = name();
    llvm::SmallVector<FuncParam, 4> params;
    TypeNode *returnType = nullptr;
    Expr *body = nullptr;
    for (const Node *child : ctx->children) {
      const Node *r = asRule(child);
      if (!r)
        continue;
      if (r->getRuleIndex() == GenParser::RuleTypedParam) {
        FuncParam p;
        p.name =
            identifierText(findRule(r, GenParser::RuleIdentifier), p.nameRange);
        const Node *t = findRule(r, GenParser::RuleTypeExpression);
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
    const Node *p = findRule(ctx, GenParser::RuleInterpString);
    const Node *b = findRule(ctx, GenParser::RuleDeclBody);
    d = arena.make<ModuleDecl>(range, p ? buildString(p) : nullptr,
                               b ? buildDeclBody(b) : error(range));
    d->name = n;
    break;
  }
  case GenParser::RuleOutputDecl: {
    llvm::StringRef n = name();
    const Node *t = findRule(ctx, GenParser::RuleTypeOrResource);
    d = arena.make<OutputDecl>(
        range, t ? buildTypeOrResource(t) : errorType(range), value());
    d->name = n;
    break;
  }
  case GenParser::RuleImportDecl: {
    const Node *path = findRule(ctx, GenParser::RuleInterpString);
    StringExpr *pathExpr = path ? buildString(path) : nullptr;
    llvm::SmallVector<ImportedSymbol, 8> symbols;
    llvm::StringRef wildcard;
    bool legacy = !hasToken(ctx, GenParser::KW_FROM);
    const Node *list = findRule(ctx, GenParser::RuleImportedSymbols);
    if (list) {
      for (const Node *child : list->children) {
        const Node *item = asRule(child);
        if (!item || item->getRuleIndex() != GenParser::RuleImportedSymbol)
          continue;
        ImportedSymbol s;
        s.range = rangeOf(item);
        SourceRange r;
        llvm::SmallVector<const Node *, 2> ids;
        for (const Node *c : item->children)
          if (isRule(c, GenParser::RuleIdentifier))
            ids.push_back(asRule(c));
        const Node *str = findRule(item, GenParser::RuleInterpString);
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
    llvm::SmallVector<const Node *, 2> ids;
    for (const Node *c : ctx->children)
      if (isRule(c, GenParser::RuleIdentifier))
        ids.push_back(asRule(c));
    const Node *str = findRule(ctx, GenParser::RuleInterpString);
    const Node *obj = findRule(ctx, GenParser::RuleObject);
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
    const Node *p = findRule(ctx, GenParser::RuleInterpString);
    const Node *o = findRule(ctx, GenParser::RuleObject);
    d = arena.make<FileRefDecl>(Decl::Kind::Test, range,
                                p ? buildString(p) : nullptr,
                                o ? buildObject(o) : nullptr);
    d->name = n;
    break;
  }
  case GenParser::RuleUsingDecl:
  case GenParser::RuleExtendsDecl: {
    const Node *p = findRule(ctx, GenParser::RuleInterpString);
    const Node *o = findRule(ctx, GenParser::RuleObject);
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

/// Binding strength of a binary operator, higher binds tighter; all are
/// left-associative.
static unsigned precedenceOf(BinaryOp op) {
  switch (op) {
  case BinaryOp::Multiply:
  case BinaryOp::Divide:
  case BinaryOp::Modulo:
    return 7;
  case BinaryOp::Add:
  case BinaryOp::Subtract:
    return 6;
  case BinaryOp::Greater:
  case BinaryOp::GreaterOrEquals:
  case BinaryOp::Less:
  case BinaryOp::LessOrEquals:
    return 5;
  case BinaryOp::Equals:
  case BinaryOp::NotEquals:
  case BinaryOp::EqualsInsensitive:
  case BinaryOp::NotEqualsInsensitive:
    return 4;
  case BinaryOp::And:
    return 3;
  case BinaryOp::Or:
    return 2;
  case BinaryOp::Coalesce:
    return 1;
  }
  return 0;
}

/// expression: operand (op operand)* (? expression :? expression)?. The
/// operator chain is folded by precedence with an operator stack.
Expr *SyntaxBuilder::buildExpression(const Node *ctx) {
  if (!ctx)
    return error({});
  llvm::SmallVector<Expr *, 8> operands;
  llvm::SmallVector<BinaryOp, 8> ops;
  auto reduce = [&] {
    Expr *rhs = operands.pop_back_val();
    Expr *lhs = operands.pop_back_val();
    operands.push_back(arena.make<BinaryExpr>(join(lhs->range, rhs->range),
                                              ops.pop_back_val(), lhs, rhs));
  };
  // The operator read since the last operand, if any.
  BinaryOp pending = BinaryOp::Add;
  bool hasPending = false;
  const Node *child = ctx->children.front();
  for (; child; child = child->next) {
    if (isRule(child, GenParser::RuleOperand)) {
      Expr *operand = buildOperand(child);
      if (hasPending) {
        while (!ops.empty() &&
               precedenceOf(ops.back()) >= precedenceOf(pending))
          reduce();
        ops.push_back(pending);
        hasPending = false;
      } else if (!operands.empty()) {
        continue; // recovery left two operands side by side
      }
      operands.push_back(operand);
      continue;
    }
    const Node *t = asToken(child);
    if (!t)
      continue;
    if (t->kind == GenParser::QUESTION)
      break;
    if (std::optional<BinaryOp> op = binaryOpOf(t->kind);
        op && !operands.empty()) {
      pending = *op;
      hasPending = true;
    }
  }
  if (operands.empty())
    return error(rangeOf(ctx));
  if (hasPending) { // an operator without its right operand (recovery)
    operands.push_back(error(rangeOf(ctx)));
    ops.push_back(pending);
  }
  while (!ops.empty())
    reduce();
  Expr *condition = operands.front();
  if (!child)
    return condition;
  // The ternary: the two expressions after '?'.
  llvm::SmallVector<const Node *, 2> branches;
  for (const Node *c = child->next; c; c = c->next)
    if (isRule(c, GenParser::RuleExpression))
      branches.push_back(c);
  Expr *whenTrue =
      branches.size() > 0 ? buildExpression(branches[0]) : error(rangeOf(ctx));
  Expr *whenFalse =
      branches.size() > 1 ? buildExpression(branches[1]) : error(rangeOf(ctx));
  return arena.make<TernaryExpr>(rangeOf(ctx), condition, whenTrue, whenFalse);
}

/// operand: prefix? primary suffix*, all children of one node.
Expr *SyntaxBuilder::buildOperand(const Node *ctx) {
  SourceRange range = rangeOf(ctx);
  const Node *c = ctx->children.front();
  std::optional<UnaryOp> prefix;
  SourceRange prefixRange;
  if (const Node *t = asToken(c);
      t && (t->kind == GenParser::EXCLAMATION || t->kind == GenParser::MINUS)) {
    prefix = t->kind == GenParser::EXCLAMATION ? UnaryOp::Not : UnaryOp::Minus;
    prefixRange = rangeOf(t);
    c = c->next;
  }

  // The primary expression.
  Expr *current = nullptr;
  if (const Node *r = asRule(c)) {
    switch (r->kind) {
    case GenParser::RuleInterpString:
      current = buildString(r);
      break;
    case GenParser::RuleObject:
      current = buildObject(r);
      break;
    case GenParser::RuleArray:
      current = buildArray(r);
      break;
    default:
      current = error(rangeOf(r));
      break;
    }
    c = c->next;
  } else if (const Node *t = asToken(c)) {
    SourceRange tokenRange = rangeOf(t);
    switch (t->kind) {
    case GenParser::INTEGER: {
      uint64_t value = 0;
      bool overflow = textOf(t).getAsInteger(10, value);
      current = arena.make<IntegerExpr>(tokenRange, value, overflow);
      c = c->next;
      break;
    }
    case GenParser::TRUE_LITERAL:
    case GenParser::FALSE_LITERAL:
      current = arena.make<BooleanExpr>(tokenRange,
                                        t->kind == GenParser::TRUE_LITERAL);
      c = c->next;
      break;
    case GenParser::NULL_LITERAL:
      current = arena.make<NullExpr>(tokenRange);
      c = c->next;
      break;
    case GenParser::LPAREN: {
      SourceRange parenRange = tokenRange;
      const Node *close = c->next;
      while (close && !isToken(close, GenParser::RPAREN))
        close = close->next;
      if (close)
        parenRange = join(parenRange, rangeOf(close));
      llvm::SmallVector<Expr *, 2> items;
      buildItems(c->next, close, items);
      c = close ? close->next : nullptr;
      if (items.size() == 1) {
        current = arena.make<ParenExpr>(parenRange, items.front());
      } else {
        syntaxError(parenRange,
                    items.empty()
                        ? "unexpected '()': an empty pair of parentheses is "
                          "only a lambda's parameter list"
                        : "unexpected ','; a parenthesized list is only a "
                          "lambda's parameter list");
        current = error(parenRange);
      }
      break;
    }
    default:
      if (isNameToken(t->kind)) {
        llvm::StringRef name = textOf(t);
        c = c->next;
        if (isRule(c, GenParser::RuleArguments)) {
          current = arena.make<CallExpr>(join(tokenRange, rangeOf(c)), nullptr,
                                         name, tokenRange, buildArguments(c));
          c = c->next;
        } else {
          current = arena.make<NameExpr>(tokenRange, name);
        }
      }
      break;
    }
  }
  if (!current)
    return error(range);

  // The suffixes.
  while (c) {
    const Node *first = asToken(c);
    if (!first) {
      c = c->next;
      continue;
    }
    SourceRange suffixRange = join(current->range, rangeOf(first));
    switch (first->kind) {
    case GenParser::LSQUARE: {
      bool safe = false, fromEnd = false;
      Expr *index = nullptr;
      for (c = c->next; c; c = c->next) {
        if (isRule(c, GenParser::RuleExpression)) {
          index = buildExpression(c);
          continue;
        }
        const Node *t = asToken(c);
        if (!t)
          continue;
        if (t->kind == GenParser::QUESTION && !index)
          safe = true;
        else if (t->kind == GenParser::HAT && !index)
          fromEnd = true;
        else if (t->kind == GenParser::RSQUARE) {
          suffixRange = join(suffixRange, rangeOf(t));
          c = c->next;
          break;
        }
      }
      current = arena.make<IndexExpr>(suffixRange, current,
                                      index ? index : error(suffixRange), safe,
                                      fromEnd);
      break;
    }
    case GenParser::DOT: {
      bool safe = false;
      c = c->next;
      if (isToken(c, GenParser::QUESTION)) {
        safe = true;
        suffixRange = join(suffixRange, rangeOf(c));
        c = c->next;
      }
      const Node *nameToken = asToken(c);
      if (!nameToken || !isNameToken(nameToken->kind)) {
        current = error(suffixRange);
        break;
      }
      SourceRange nameRange = rangeOf(nameToken);
      llvm::StringRef name = textOf(nameToken);
      suffixRange = join(suffixRange, nameRange);
      c = c->next;
      if (isRule(c, GenParser::RuleArguments)) {
        current = arena.make<CallExpr>(join(suffixRange, rangeOf(c)), current,
                                       name, nameRange, buildArguments(c));
        c = c->next;
      } else {
        current = arena.make<PropertyExpr>(suffixRange, current, name,
                                           nameRange, safe);
      }
      break;
    }
    case GenParser::DOUBLE_COLON: {
      c = c->next;
      SourceRange nameRange;
      llvm::StringRef name;
      if (isRule(c, GenParser::RuleIdentifier)) {
        name = identifierText(c, nameRange);
        suffixRange = join(suffixRange, rangeOf(c));
        c = c->next;
      }
      current =
          arena.make<ResourceAccessExpr>(suffixRange, current, name, nameRange);
      break;
    }
    case GenParser::EXCLAMATION:
      current = arena.make<NonNullExpr>(suffixRange, current);
      c = c->next;
      break;
    default:
      c = c->next;
      break;
    }
  }
  if (prefix)
    return arena.make<UnaryExpr>(join(prefixRange, current->range), *prefix,
                                 current);
  return current;
}

/// The name token of an expression that is a bare name, else null.
static const Node *bareName(const Node *expr) {
  const Node *operand = expr ? expr->children.front() : nullptr;
  if (!operand || operand->isToken || operand->kind != GenParser::RuleOperand ||
      operand->next)
    return nullptr;
  const Node *t = operand->children.front();
  if (!t || !t->isToken || t->isError || !isNameToken(t->kind) || t->next)
    return nullptr;
  return t;
}

/// The names of a lambda's parameters: \p expr is a bare name or a
/// parenthesized list of bare names (possibly empty).
bool SyntaxBuilder::lambdaParams(
    const Node *expr, llvm::SmallVectorImpl<llvm::StringRef> &names) {
  if (const Node *name = bareName(expr)) {
    names.push_back(textOf(name));
    return true;
  }
  const Node *operand = expr->children.front();
  if (!isRule(operand, GenParser::RuleOperand) || operand->next)
    return false;
  const Node *first = asToken(operand->children.front());
  if (!first || first->kind != GenParser::LPAREN)
    return false;
  for (const Node *c = first->next; c; c = c->next) {
    if (isRule(c, GenParser::RuleExpression)) {
      const Node *name = bareName(c);
      if (!name)
        return false;
      names.push_back(textOf(name));
      continue;
    }
    const Node *t = asToken(c);
    if (!t)
      return false;
    if (t->kind == GenParser::RPAREN)
      return c->next == nullptr;
    if (t->kind != GenParser::COMMA && t->kind != GenParser::NL)
      return false;
  }
  return false;
}

/// The items of an argument list or parenthesized list, the children
/// [first, end) of its node: each an expression, or a lambda `params => body`.
void SyntaxBuilder::buildItems(const Node *first, const Node *end,
                               llvm::SmallVectorImpl<Expr *> &out) {
  // Each item's expression, and the body if an arrow follows it.
  llvm::SmallVector<std::pair<const Node *, const Node *>, 4> items;
  bool arrow = false;
  for (const Node *child = first; child != end; child = child->next) {
    if (isToken(child, GenParser::ARROW)) {
      arrow = true;
    } else if (isRule(child, GenParser::RuleExpression)) {
      if (arrow && !items.empty() && !items.back().second)
        items.back().second = child;
      else
        items.push_back({child, nullptr});
      arrow = false;
    }
  }
  for (auto [expr, body] : items) {
    if (!body) {
      out.push_back(buildExpression(expr));
      continue;
    }
    SourceRange range = join(rangeOf(expr), rangeOf(body));
    llvm::SmallVector<llvm::StringRef, 4> names;
    if (!lambdaParams(expr, names)) {
      syntaxError(rangeOf(expr), "a lambda's parameters must be a name or a "
                                 "parenthesized list of names");
      out.push_back(error(range));
      continue;
    }
    out.push_back(arena.make<LambdaExpr>(
        range, arena.copy(llvm::ArrayRef<llvm::StringRef>(names)),
        buildExpression(body)));
  }
}

llvm::ArrayRef<Expr *> SyntaxBuilder::buildArguments(const Node *ctx) {
  llvm::SmallVector<Expr *, 4> args;
  buildItems(ctx->children.front(), nullptr, args);
  return arena.copy(llvm::ArrayRef<Expr *>(args));
}

StringExpr *SyntaxBuilder::buildString(const Node *ctx) {
  llvm::SmallVector<LexToken, 4> pieces;
  llvm::SmallVector<Expr *, 4> holes;
  for (const Node *child : ctx->children) {
    if (const Node *t = asToken(child)) {
      uint32_t begin = 0, end = 0;
      if (tokenOffsets(t->first, begin, end))
        pieces.push_back({static_cast<TokenKind>(t->kind), begin, end, 0, 0});
      continue;
    }
    if (isRule(child, GenParser::RuleExpression))
      holes.push_back(buildExpression(child));
  }
  // A segment without escapes is a slice of the source; only the others
  // are decoded into the arena.
  llvm::SmallVector<llvm::StringRef, 4> segments;
  forEachSegment(text, pieces, [&](llvm::StringRef raw, bool escaped) {
    segments.push_back(escaped && raw.contains('\\')
                           ? arena.copy(llvm::StringRef(unescape(raw)))
                           : raw);
  });
  // Keep segments == holes + 1 even after errors.
  segments.resize(holes.size() + 1);
  return arena.make<StringExpr>(
      rangeOf(ctx), arena.copy(llvm::ArrayRef<llvm::StringRef>(segments)),
      arena.copy(llvm::ArrayRef<Expr *>(holes)));
}

ObjectExpr *SyntaxBuilder::buildObject(const Node *ctx) {
  llvm::SmallVector<ObjectItem, 8> items;
  for (const Node *child : ctx->children) {
    const Node *el = asRule(child);
    if (!el || el->getRuleIndex() != GenParser::RuleObjectElement ||
        el->children.empty())
      continue;
    ObjectItem item;
    item.range = rangeOf(el);
    if (const Node *res = findRule(el, GenParser::RuleResourceDecl)) {
      item.kind = ObjectItem::Kind::Resource;
      item.resource = buildResource(res, buildDecorators(el));
      item.resource->range = item.range;
      items.push_back(item);
      continue;
    }
    if (isToken(el->children.front(), GenParser::ELLIPSIS)) {
      item.kind = ObjectItem::Kind::Spread;
      const Node *e = findRule(el, GenParser::RuleExpression);
      item.value = e ? buildExpression(e) : error(item.range);
      items.push_back(item);
      continue;
    }
    item.kind = ObjectItem::Kind::Property;
    if (const Node *keyCtx = asRule(el->children.front())) {
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
    const Node *e = findRule(el, GenParser::RuleExpression);
    item.value = e ? buildExpression(e) : error(item.range);
    items.push_back(item);
  }
  return arena.make<ObjectExpr>(rangeOf(ctx),
                                arena.copy(llvm::ArrayRef<ObjectItem>(items)));
}

/// An array literal, or a loop (an array whose body is a forClause).
Expr *SyntaxBuilder::buildArray(const Node *ctx) {
  if (findRule(ctx, GenParser::RuleForClause))
    return buildFor(ctx);
  llvm::SmallVector<ArrayItem, 8> items;
  bool spread = false;
  for (const Node *child : ctx->children) {
    if (isToken(child, GenParser::ELLIPSIS)) {
      spread = true;
    } else if (isRule(child, GenParser::RuleExpression)) {
      items.push_back({buildExpression(child), spread});
      spread = false;
    }
  }
  return arena.make<ArrayExpr>(rangeOf(ctx),
                               arena.copy(llvm::ArrayRef<ArrayItem>(items)));
}

/// `[for ... in iterable: body]`: \p ctx holds the brackets and the
/// forClause.
Expr *SyntaxBuilder::buildFor(const Node *ctx) {
  SourceRange range = rangeOf(ctx);
  const Node *clause = findRule(ctx, GenParser::RuleForClause);
  if (!clause)
    return error(range);
  llvm::StringRef item, index;
  SourceRange itemRange, indexRange;
  if (const Node *vars = findRule(clause, GenParser::RuleForVariables)) {
    llvm::SmallVector<const Node *, 2> ids;
    for (const Node *c : vars->children)
      if (isRule(c, GenParser::RuleIdentifier))
        ids.push_back(c);
    if (!ids.empty())
      item = identifierText(ids[0], itemRange);
    if (ids.size() > 1)
      index = identifierText(ids[1], indexRange);
  }
  // The iterable before ':', the body after it.
  Expr *iterable = nullptr;
  Expr *body = nullptr;
  bool afterColon = false;
  for (const Node *c : clause->children) {
    if (isToken(c, GenParser::COLON)) {
      afterColon = true;
    } else if (isRule(c, GenParser::RuleExpression)) {
      if (!afterColon && !iterable)
        iterable = buildExpression(c);
      else if (afterColon && !body)
        body = buildExpression(c);
    } else if (afterColon && !body && isRule(c, GenParser::RuleIfCondition)) {
      body = buildIf(c);
    }
  }
  return arena.make<ForExpr>(range, item, itemRange, index, indexRange,
                             iterable ? iterable : error(range),
                             body ? body : error(range));
}

IfExpr *SyntaxBuilder::buildIf(const Node *ctx) {
  SourceRange range = rangeOf(ctx);
  const Node *c = findRule(ctx, GenParser::RuleExpression);
  const Node *o = findRule(ctx, GenParser::RuleObject);
  ObjectExpr *body =
      o ? buildObject(o)
        : arena.make<ObjectExpr>(range, llvm::ArrayRef<ObjectItem>());
  return arena.make<IfExpr>(range, c ? buildExpression(c) : error(range), body);
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

TypeNode *SyntaxBuilder::buildTypeOrResource(const Node *ctx) {
  if (ctx->children.empty())
    return errorType(rangeOf(ctx));
  if (isToken(ctx->children.front(), GenParser::KW_RESOURCE)) {
    TypeNode *t = arena.make<TypeNode>(TypeNode::Kind::Resource, rangeOf(ctx));
    if (const Node *s = findRule(ctx, GenParser::RuleInterpString))
      t->resourceType = buildString(s);
    return t;
  }
  const Node *t = findRule(ctx, GenParser::RuleTypeExpression);
  return t ? buildType(t) : errorType(rangeOf(ctx));
}

TypeNode *SyntaxBuilder::buildType(const Node *ctx) {
  llvm::SmallVector<TypeNode *, 4> members;
  for (const Node *child : ctx->children)
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

TypeNode *SyntaxBuilder::buildUnaryType(const Node *ctx) {
  std::optional<UnaryOp> prefix;
  TypeNode *current = nullptr;
  for (const Node *child : ctx->children) {
    if (const Node *t = asToken(child)) {
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
    const Node *r = asRule(child);
    if (!r)
      continue;
    if (r->getRuleIndex() == GenParser::RulePrimaryType) {
      current = buildPrimaryType(r);
      if (prefix && current->kind == TypeNode::Kind::Literal) {
        SourceRange whole = join(tokenRange(ctx->first), current->range);
        current->value = arena.make<UnaryExpr>(whole, *prefix, current->value);
        current->range = whole;
      }
      continue;
    }
    if (r->getRuleIndex() != GenParser::RuleTypeSuffix || !current ||
        r->children.empty())
      continue;
    SourceRange range = join(current->range, rangeOf(r));
    const Node *first = asToken(r->children.front());
    size_t type = first ? first->getType() : 0;
    if (type == GenParser::LSQUARE) {
      if (hasToken(r, GenParser::ASTERISK)) {
        current = wrapType(TypeNode::Kind::Items, range, current);
      } else if (const Node *e = findRule(r, GenParser::RuleExpression)) {
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
      if (const Node *args = findRule(r, GenParser::RuleTypeArguments)) {
        // `sys.resourceInput<...>`: a namespace-qualified generic type.
        llvm::SmallVector<TypeNode *, 2> argTypes;
        for (const Node *c : args->children)
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

TypeNode *SyntaxBuilder::buildPrimaryType(const Node *ctx) {
  SourceRange range = rangeOf(ctx);
  if (ctx->children.empty())
    return errorType(range);
  const Node *first = ctx->children.front();
  if (const Node *t = asToken(first)) {
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
      for (const Node *child : ctx->children) {
        const Node *p = asRule(child);
        if (!p || p->getRuleIndex() != GenParser::RuleObjectTypeProperty)
          continue;
        ObjectTypeProperty prop;
        prop.decorators = buildDecorators(p);
        prop.additional = hasToken(p, GenParser::ASTERISK);
        if (const Node *id = findRule(p, GenParser::RuleIdentifier))
          prop.name = identifierText(id, prop.nameRange);
        else if (const Node *s = findRule(p, GenParser::RuleInterpString))
          prop.name = buildString(s)->literal(), prop.nameRange = rangeOf(s);
        const Node *te = findRule(p, GenParser::RuleTypeExpression);
        prop.type = te ? buildType(te) : errorType(rangeOf(p));
        props.push_back(prop);
      }
      TypeNode *obj = arena.make<TypeNode>(TypeNode::Kind::Object, range);
      obj->properties = arena.copy(llvm::ArrayRef<ObjectTypeProperty>(props));
      return obj;
    }
    case GenParser::LSQUARE: {
      llvm::SmallVector<TupleTypeItem, 4> items;
      for (const Node *child : ctx->children) {
        const Node *p = asRule(child);
        if (!p || p->getRuleIndex() != GenParser::RuleTupleItem)
          continue;
        const Node *te = findRule(p, GenParser::RuleTypeExpression);
        items.push_back(
            {buildDecorators(p), te ? buildType(te) : errorType(rangeOf(p))});
      }
      TypeNode *tuple = arena.make<TypeNode>(TypeNode::Kind::Tuple, range);
      tuple->tupleItems = arena.copy(llvm::ArrayRef<TupleTypeItem>(items));
      return tuple;
    }
    case GenParser::LPAREN: {
      const Node *te = findRule(ctx, GenParser::RuleTypeExpression);
      return te ? buildType(te) : errorType(range);
    }
    default:
      return errorType(range);
    }
  }
  const Node *r = asRule(first);
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
    if (const Node *args = findRule(ctx, GenParser::RuleTypeArguments)) {
      llvm::SmallVector<TypeNode *, 2> argTypes;
      for (const Node *c : args->children)
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
  // Declared first, destroyed last: the parsers' rule contexts and trees
  // live in it (grammar/BicepParserBase.h).
  armor_bicep_gen::BumpArena parseArena;
  armor_bicep_gen::currentParseArena() = &parseArena;
  auto clearArena = llvm::make_scope_exit(
      [] { armor_bicep_gen::currentParseArena() = nullptr; });
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
    const std::vector<LexToken> &toks = lexer.tokens();
    SyntaxBuilder builder(lexer, file, *result.arena, diags);
    bool parsed = false;
    {
      BicepTokenStream tokens(lexer);
      GenParser parser(&tokens);
      parser.useFastPrediction();
      parser.removeErrorListeners();
      // Stage 1: SLL prediction, bail out at the first error.
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()
          ->setPredictionMode(antlr4::atn::PredictionMode::SLL);
      parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
      try {
        parser.program();
        parsed = true;
      } catch (antlr4::ParseCancellationException &) {
      } catch (antlr4::RecognitionException &) {
      }
      if (parsed)
        result.program =
            builder.buildProgram(parser.getTree(), toks.size() - 1);
    }
    if (!parsed) {
      // Stage 2: the file has an error (or needs full-context prediction).
      // Parse it declaration by declaration, each a top-level keyword at the
      // start of a line, in LL mode with recovery: an error stays in its
      // declaration and the rest of the file still lowers.
      result.neededFullContext = true;
      std::vector<size_t> starts{0};
      for (size_t i = 1; i + 1 < toks.size(); ++i)
        if (toks[i - 1].kind == TokenKind::NewLine && toks[i].column == 0 &&
            startsDeclaration(toks[i].kind))
          starts.push_back(i);
      starts.push_back(toks.size() - 1); // the end of file
      std::vector<Decl *> decls;
      unsigned count = 0;
      ErrorListener listener(file, text, diags, count);
      for (size_t c = 0; c + 1 < starts.size(); ++c) {
        BicepTokenStream chunkTokens(lexer, starts[c], starts[c + 1]);
        GenParser chunkParser(&chunkTokens);
        chunkParser.useFastPrediction();
        chunkParser.removeErrorListeners();
        chunkParser.addErrorListener(&listener);
        chunkParser.getInterpreter<antlr4::atn::ParserATNSimulator>()
            ->setPredictionMode(antlr4::atn::PredictionMode::LL);
        chunkParser.program();
        Program part =
            builder.buildProgram(chunkParser.getTree(), starts[c + 1]);
        decls.insert(decls.end(), part.decls.begin(), part.decls.end());
        if (count > ErrorListener::maxErrors)
          break;
      }
      result.errorCount += count;
      result.program.decls = result.arena->copy(llvm::ArrayRef<Decl *>(decls));
    }
    result.errorCount += builder.errorCount;
  } catch (std::exception &e) {
    ++result.errorCount;
    diags.syntaxError({file, 0, 0}, "internal parser error: {0}", e.what());
  } catch (...) {
    ++result.errorCount;
    diags.syntaxError({file, 0, 0}, "internal parser error");
  }
  return result;
}
