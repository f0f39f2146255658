//===- ExprParser.cpp - ARM template expression parser --------------------===//
///
/// \file
/// A hand-written lexer and recursive-descent parser for the language inside
/// `"[...]"` strings. The first error ends the parse. Nesting is capped at
/// MaxDepth levels, both while recursing and for the height of the tree that
/// is built, so hostile input cannot exhaust the stack here or in the passes
/// that walk the result recursively.
///
//===----------------------------------------------------------------------===//

#include "frontend/arm/ExprParser.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <limits>

using namespace armor;
using namespace armor::arm;
using armor::ir::Expr;
using armor::ir::ExprPtr;

/// The deepest nesting accepted, counted as the height of the tree. The
/// corpora we test against peak at 19.
static constexpr unsigned MaxDepth = 256;

/// Spellings longer than this are cut short when quoted in messages.
static constexpr size_t MaxQuotedLength = 40;

namespace {

enum class TokenKind : uint8_t {
  End,
  Identifier,
  Integer,
  String,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Dot,
  Error, ///< a lexical error; Token::error says which
};

struct Token {
  TokenKind kind = TokenKind::End;
  /// Offsets into the expression text, [begin, end).
  uint32_t begin = 0;
  uint32_t end = 0;
  int64_t integer = 0;
  std::string error;

  bool is(TokenKind k) const { return kind == k; }
};

/// Splits the expression text into tokens. Cheap to copy, which is how the
/// parser looks ahead.
class Lexer {
public:
  explicit Lexer(llvm::StringRef text) : text(text) {}

  Token lex();

private:
  Token makeToken(TokenKind kind, size_t begin) const;
  Token makeError(size_t begin, size_t end, std::string message) const;
  Token lexNumber(size_t begin);
  Token lexString(size_t begin);
  Token lexUnexpected(size_t begin);

  llvm::StringRef text;
  size_t pos = 0;
};

/// Builds the AST from the tokens of one expression.
class Parser {
public:
  Parser(llvm::StringRef text, SourceRange location, bool exact,
         DiagnosticEngine &diags)
      : text(text), location(location), exact(exact), diags(diags),
        lexer(text) {}

  ExprPtr parse();

private:
  ExprPtr parseExpr(unsigned depth, unsigned &height);
  ExprPtr parsePrimary(unsigned depth, unsigned &height);
  ExprPtr parseIdentifier(unsigned depth, unsigned &height);
  ExprPtr parseCall(std::string name, uint32_t begin, unsigned depth,
                    unsigned &height);

  void advance() { tok = lexer.lex(); }
  llvm::StringRef spelling(const Token &t) const {
    return text.slice(t.begin, t.end);
  }
  std::string describe(const Token &t) const;

  SourceRange rangeOf(uint32_t begin, uint32_t end) const {
    if (!exact)
      return location;
    return {location.file, location.begin + begin, location.begin + end};
  }
  SourceRange rangeOf(const Token &t) const { return rangeOf(t.begin, t.end); }

  /// Reports an error at the current token, or the lexical error the current
  /// token stands for, and returns null. \p open, when given, is the bracket
  /// that the expected token would have closed.
  template <typename... Ts>
  ExprPtr fail(const Token *open, const char *fmt, Ts &&...args) {
    if (tok.is(TokenKind::Error)) {
      diags.syntaxError(rangeOf(tok), "{0}", tok.error);
      return nullptr;
    }
    DiagnosticBuilder builder =
        diags.syntaxError(rangeOf(tok), fmt, std::forward<Ts>(args)...);
    if (open && exact)
      builder.note(rangeOf(*open), "to match this '{0}'", spelling(*open));
    return nullptr;
  }

  ExprPtr failTooDeep(const Token &at) {
    diags.syntaxError(rangeOf(at),
                      "expression is nested more than {0} levels deep",
                      MaxDepth);
    return nullptr;
  }

  llvm::StringRef text;
  SourceRange location;
  bool exact;
  DiagnosticEngine &diags;
  Lexer lexer;
  Token tok;
};

} // namespace

static bool isIdentifierStart(char c) {
  return llvm::isAlpha(c) || c == '_' || c == '$';
}

static bool isIdentifierChar(char c) {
  return llvm::isAlnum(c) || c == '_' || c == '$';
}

static bool canStartExpression(const Token &t) {
  return t.is(TokenKind::Identifier) || t.is(TokenKind::Integer) ||
         t.is(TokenKind::String);
}

/// True for the literal keywords; ARM names are case-insensitive.
static bool isKeyword(llvm::StringRef name) {
  return name.equals_insensitive("true") || name.equals_insensitive("false") ||
         name.equals_insensitive("null");
}

/// Cuts \p s to at most MaxQuotedLength bytes, on a UTF-8 boundary.
static std::string truncate(llvm::StringRef s) {
  if (s.size() <= MaxQuotedLength)
    return s.str();
  size_t cut = MaxQuotedLength - 8;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
    --cut;
  return (s.take_front(cut) + "...").str();
}

/// The value of a string literal's spelling, quotes included.
static std::string unescapeString(llvm::StringRef spelling) {
  llvm::StringRef body = spelling.drop_front().drop_back();
  std::string value;
  value.reserve(body.size());
  for (size_t i = 0; i != body.size(); ++i) {
    value += body[i];
    // The lexer guarantees that quotes inside the body come in pairs.
    if (body[i] == '\'')
      ++i;
  }
  return value;
}

//===----------------------------------------------------------------------===//
// Lexer
//===----------------------------------------------------------------------===//

Token Lexer::makeToken(TokenKind kind, size_t begin) const {
  Token t;
  t.kind = kind;
  t.begin = static_cast<uint32_t>(begin);
  t.end = static_cast<uint32_t>(pos);
  return t;
}

Token Lexer::makeError(size_t begin, size_t end, std::string message) const {
  Token t;
  t.kind = TokenKind::Error;
  t.begin = static_cast<uint32_t>(begin);
  t.end = static_cast<uint32_t>(end);
  t.error = std::move(message);
  return t;
}

Token Lexer::lex() {
  while (pos != text.size() && llvm::isSpace(text[pos]))
    ++pos;
  size_t begin = pos;
  if (pos == text.size())
    return makeToken(TokenKind::End, begin);

  char c = text[pos];
  if (isIdentifierStart(c)) {
    while (pos != text.size() && isIdentifierChar(text[pos]))
      ++pos;
    return makeToken(TokenKind::Identifier, begin);
  }
  if (llvm::isDigit(c) || c == '-')
    return lexNumber(begin);
  if (c == '\'')
    return lexString(begin);

  TokenKind kind;
  switch (c) {
  case '(':
    kind = TokenKind::LParen;
    break;
  case ')':
    kind = TokenKind::RParen;
    break;
  case '[':
    kind = TokenKind::LBracket;
    break;
  case ']':
    kind = TokenKind::RBracket;
    break;
  case ',':
    kind = TokenKind::Comma;
    break;
  case '.':
    kind = TokenKind::Dot;
    break;
  default:
    return lexUnexpected(begin);
  }
  ++pos;
  return makeToken(kind, begin);
}

Token Lexer::lexNumber(size_t begin) {
  bool negative = text[pos] == '-';
  if (negative) {
    ++pos;
    if (pos == text.size() || !llvm::isDigit(text[pos]))
      return makeError(begin, pos, "expected a digit after '-'");
  }

  // Accumulate the magnitude; -2^63 is representable, 2^63 is not.
  const uint64_t limit =
      static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) +
      (negative ? 1 : 0);
  uint64_t magnitude = 0;
  bool overflow = false;
  for (; pos != text.size() && llvm::isDigit(text[pos]); ++pos) {
    unsigned digit = text[pos] - '0';
    if (magnitude > (limit - digit) / 10)
      overflow = true;
    else
      magnitude = magnitude * 10 + digit;
  }

  // ARM has no floating-point literals; say so rather than report a
  // confusing '.' followed by a digit.
  if (pos + 1 < text.size() && text[pos] == '.' &&
      llvm::isDigit(text[pos + 1])) {
    for (++pos; pos != text.size() && llvm::isDigit(text[pos]); ++pos)
      ;
    return makeError(begin, pos,
                     llvm::formatv("floating-point literal '{0}' is not "
                                   "supported in expressions",
                                   truncate(text.slice(begin, pos)))
                         .str());
  }
  if (overflow)
    return makeError(begin, pos,
                     llvm::formatv("integer literal '{0}' does not fit in 64 "
                                   "bits",
                                   truncate(text.slice(begin, pos)))
                         .str());

  Token t = makeToken(TokenKind::Integer, begin);
  // Unsigned negation wraps, and the conversion is modular in C++20.
  t.integer = static_cast<int64_t>(negative ? 0 - magnitude : magnitude);
  return t;
}

Token Lexer::lexString(size_t begin) {
  ++pos;
  for (;;) {
    size_t quote = text.find('\'', pos);
    if (quote == llvm::StringRef::npos) {
      pos = text.size();
      return makeError(begin, pos, "unterminated string literal in expression");
    }
    pos = quote + 1;
    // '' is an escaped quote inside the literal.
    if (pos == text.size() || text[pos] != '\'')
      return makeToken(TokenKind::String, begin);
    ++pos;
  }
}

Token Lexer::lexUnexpected(size_t begin) {
  char c = text[pos];
  if (llvm::isPrint(c)) {
    ++pos;
    return makeError(
        begin, pos,
        llvm::formatv("unexpected character '{0}' in expression", c).str());
  }

  // Decode one UTF-8 sequence so that the range and the message cover the
  // whole character.
  const auto *source = reinterpret_cast<const llvm::UTF8 *>(text.data() + pos);
  const auto *sourceEnd =
      reinterpret_cast<const llvm::UTF8 *>(text.data() + text.size());
  llvm::UTF32 codePoint = 0;
  if (llvm::convertUTF8Sequence(&source, sourceEnd, &codePoint,
                                llvm::strictConversion) != llvm::conversionOK) {
    ++pos;
    return makeError(
        begin, pos,
        llvm::formatv("unexpected byte 0x{0} in expression",
                      llvm::utohexstr(static_cast<unsigned char>(c)))
            .str());
  }
  size_t length = reinterpret_cast<const char *>(source) - (text.data() + pos);
  pos += length;
  std::string hex = llvm::utohexstr(codePoint);
  if (hex.size() < 4)
    hex.insert(0, 4 - hex.size(), '0');
  if (codePoint < 0x80)
    return makeError(
        begin, pos,
        llvm::formatv("unexpected character U+{0} in expression", hex).str());
  return makeError(begin, pos,
                   llvm::formatv("unexpected character '{0}' (U+{1}) in "
                                 "expression",
                                 text.slice(begin, pos), hex)
                       .str());
}

//===----------------------------------------------------------------------===//
// Parser
//===----------------------------------------------------------------------===//

std::string Parser::describe(const Token &t) const {
  switch (t.kind) {
  case TokenKind::End:
    return "end of expression";
  case TokenKind::Identifier:
    return llvm::formatv("identifier '{0}'", truncate(spelling(t))).str();
  case TokenKind::Integer:
    return llvm::formatv("integer {0}", truncate(spelling(t))).str();
  case TokenKind::String:
    return llvm::formatv("string {0}", truncate(spelling(t))).str();
  case TokenKind::LParen:
  case TokenKind::RParen:
  case TokenKind::LBracket:
  case TokenKind::RBracket:
  case TokenKind::Comma:
  case TokenKind::Dot:
    return llvm::formatv("'{0}'", spelling(t)).str();
  case TokenKind::Error:
    return t.error;
  }
  llvm_unreachable("unknown token kind");
}

ExprPtr Parser::parse() {
  advance();
  if (tok.is(TokenKind::End)) {
    diags.syntaxError(rangeOf(0, static_cast<uint32_t>(text.size())),
                      "empty expression");
    return nullptr;
  }
  unsigned height = 0;
  ExprPtr expr = parseExpr(1, height);
  if (!expr)
    return nullptr;
  if (!tok.is(TokenKind::End))
    return fail(nullptr, "expected end of expression, found {0}",
                describe(tok));
  return expr;
}

/// expr := primary ( '.' identifier | '[' expr ']' )*
ExprPtr Parser::parseExpr(unsigned depth, unsigned &height) {
  if (depth > MaxDepth)
    return failTooDeep(tok);
  uint32_t begin = tok.begin;
  ExprPtr expr = parsePrimary(depth, height);
  if (!expr)
    return nullptr;

  for (;;) {
    if (tok.is(TokenKind::Dot)) {
      Token dot = tok;
      advance();
      if (!tok.is(TokenKind::Identifier))
        return fail(nullptr, "expected property name after '.', found {0}",
                    describe(tok));
      if (++height > MaxDepth)
        return failTooDeep(dot);
      std::string name = spelling(tok).str();
      uint32_t end = tok.end;
      advance();
      expr = Expr::makeMember(std::move(expr), std::move(name),
                              rangeOf(begin, end));
      continue;
    }

    if (tok.is(TokenKind::LBracket)) {
      Token open = tok;
      advance();
      if (!canStartExpression(tok))
        return fail(nullptr, "expected index expression after '[', found {0}",
                    describe(tok));
      unsigned indexHeight = 0;
      ExprPtr index = parseExpr(depth + 1, indexHeight);
      if (!index)
        return nullptr;
      if (!tok.is(TokenKind::RBracket))
        return fail(&open, "expected ']' to close index, found {0}",
                    describe(tok));
      height = std::max(height, indexHeight) + 1;
      if (height > MaxDepth)
        return failTooDeep(open);
      uint32_t end = tok.end;
      advance();
      expr = Expr::makeIndex(std::move(expr), std::move(index),
                             rangeOf(begin, end));
      continue;
    }

    return expr;
  }
}

/// primary := string | integer | true | false | null | call
ExprPtr Parser::parsePrimary(unsigned depth, unsigned &height) {
  height = 1;
  switch (tok.kind) {
  case TokenKind::String: {
    ExprPtr expr =
        Expr::makeString(unescapeString(spelling(tok)), rangeOf(tok));
    advance();
    return expr;
  }
  case TokenKind::Integer: {
    ExprPtr expr = Expr::makeInteger(tok.integer, rangeOf(tok));
    advance();
    return expr;
  }
  case TokenKind::Identifier:
    return parseIdentifier(depth, height);
  default:
    return fail(nullptr, "expected expression, found {0}", describe(tok));
  }
}

/// Decides between a call `f(...)`, a user-defined function call
/// `ns.f(...)` and a literal keyword.
ExprPtr Parser::parseIdentifier(unsigned depth, unsigned &height) {
  Token first = tok;
  llvm::StringRef name = spelling(first);
  bool keyword = isKeyword(name);

  Lexer ahead = lexer;
  Token next = ahead.lex();
  if (next.is(TokenKind::LParen)) {
    advance();
    return parseCall(name.str(), first.begin, depth, height);
  }

  if (next.is(TokenKind::Dot)) {
    Token member = ahead.lex();
    // `a.b` starts a user-defined function name, except that `true.b` not
    // followed by '(' is a member of the literal.
    if (member.is(TokenKind::Identifier) &&
        (!keyword || ahead.lex().is(TokenKind::LParen))) {
      std::string qualified = (name + "." + spelling(member)).str();
      advance();
      advance();
      advance();
      if (!tok.is(TokenKind::LParen))
        return fail(nullptr,
                    "expected '(' after function name '{0}', found {1}",
                    truncate(qualified), describe(tok));
      return parseCall(std::move(qualified), first.begin, depth, height);
    }
  }

  if (keyword) {
    SourceRange range = rangeOf(first);
    advance();
    if (name.equals_insensitive("null"))
      return Expr::makeNull(range);
    return Expr::makeBoolean(name.equals_insensitive("true"), range);
  }

  advance();
  return fail(nullptr, "expected '(' after function name '{0}', found {1}",
              truncate(name), describe(tok));
}

/// call := name '(' ( expr ( ',' expr )* )? ')', with tok on the '('.
ExprPtr Parser::parseCall(std::string name, uint32_t begin, unsigned depth,
                          unsigned &height) {
  Token open = tok;
  advance();
  std::vector<ExprPtr> args;
  unsigned argsHeight = 0;
  if (!tok.is(TokenKind::RParen)) {
    for (;;) {
      if (!canStartExpression(tok)) {
        if (!args.empty())
          return fail(nullptr,
                      "expected argument after ',' in call to '{0}', found "
                      "{1}",
                      truncate(name), describe(tok));
        if (tok.is(TokenKind::End) || tok.is(TokenKind::RBracket))
          return fail(&open, "expected ')' to close call to '{0}', found {1}",
                      truncate(name), describe(tok));
        return fail(&open,
                    "expected argument or ')' in call to '{0}', found {1}",
                    truncate(name), describe(tok));
      }
      unsigned argHeight = 0;
      ExprPtr arg = parseExpr(depth + 1, argHeight);
      if (!arg)
        return nullptr;
      args.push_back(std::move(arg));
      argsHeight = std::max(argsHeight, argHeight);

      if (tok.is(TokenKind::RParen))
        break;
      if (tok.is(TokenKind::End) || tok.is(TokenKind::RBracket))
        return fail(&open, "expected ')' to close call to '{0}', found {1}",
                    truncate(name), describe(tok));
      if (!tok.is(TokenKind::Comma))
        return fail(&open, "expected ',' or ')' in call to '{0}', found {1}",
                    truncate(name), describe(tok));
      advance();
    }
  }

  height = argsHeight + 1;
  uint32_t end = tok.end;
  advance();
  return Expr::makeCall(std::move(name), std::move(args), rangeOf(begin, end));
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

StringForm armor::arm::classifyString(llvm::StringRef s) {
  // "[abc" and "abc]" are plain strings, and so is "[" alone.
  if (s.size() < 2 || s.front() != '[' || s.back() != ']')
    return StringForm::Literal;
  return s[1] == '[' ? StringForm::Escaped : StringForm::Expression;
}

ExprPtr armor::arm::parseExpression(llvm::StringRef text, SourceRange location,
                                    bool exact, DiagnosticEngine &diags) {
  return Parser(text, location, exact, diags).parse();
}
