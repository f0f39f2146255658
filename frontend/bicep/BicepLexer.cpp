//===- BicepLexer.cpp - Hand-written Bicep lexer --------------------------===//

#include "frontend/bicep/BicepLexer.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace armor;
using namespace armor::bicep;

static bool isIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool isIdentifierChar(char c) {
  return isIdentifierStart(c) || (c >= '0' && c <= '9');
}

static bool isDigit(char c) { return c >= '0' && c <= '9'; }

static bool isNewLine(char c) { return c == '\n' || c == '\r'; }

Lexer::Lexer(llvm::StringRef text) : source(text) {
  // A UTF-8 byte order mark is not part of the program.
  if (source.starts_with("\xEF\xBB\xBF"))
    pos = lineStart = 3;
}

void Lexer::error(uint32_t begin, uint32_t end, std::string message) {
  errs.push_back({begin, end, std::move(message)});
}

void Lexer::push(TokenKind kind, uint32_t begin) {
  // Tokens never span lines except multi-line strings, so the column of a
  // token is its distance from the start of the line it begins on; callers
  // push before advancing over any line break inside the token.
  toks.push_back({kind, begin, pos, line, begin - lineStart});
}

void Lexer::lex() {
  if (done)
    return;
  done = true;
  toks.reserve(source.size() / 5 + 16);
  while (toks.empty() || toks.back().kind != TokenKind::EndOfFile)
    lexToken();
}

/// Recognizes a diagnostics pragma at pos (on a '#'); returns false if the
/// text there is not one.
bool Lexer::tryPragma() {
  // Only whitespace may precede the pragma on its line.
  for (uint32_t i = lineStart; i < pos; ++i)
    if (source[i] != ' ' && source[i] != '\t')
      return false;
  llvm::StringRef rest = source.substr(pos + 1);
  DiagnosticPragma pragma;
  llvm::StringRef keyword;
  for (auto [word, kind] :
       {std::pair{llvm::StringRef("disable-next-line"),
                  DiagnosticPragma::Kind::DisableNextLine},
        std::pair{llvm::StringRef("disable-diagnostics"),
                  DiagnosticPragma::Kind::DisableDiagnostics},
        std::pair{llvm::StringRef("restore-diagnostics"),
                  DiagnosticPragma::Kind::RestoreDiagnostics}}) {
    if (rest.starts_with(word) &&
        (rest.size() == word.size() ||
         !(isIdentifierChar(rest[word.size()]) || rest[word.size()] == '-'))) {
      keyword = word;
      pragma.kind = kind;
      break;
    }
  }
  if (keyword.empty())
    return false;

  pragma.line = line;
  pragma.begin = pos;
  pos += 1 + keyword.size();
  for (;;) {
    while (peek() == ' ' || peek() == '\t')
      ++pos;
    uint32_t begin = pos;
    // armor's ids also contain '/' (azure-policy/<name>); a '//' or '/*'
    // still starts a comment.
    while (!atEnd() &&
           (isIdentifierChar(peek()) || peek() == '-' ||
            (peek() == '/' && pos != begin && peek(1) != '/' && peek(1) != '*')))
      ++pos;
    if (pos == begin)
      break;
    pragma.codes.push_back(source.slice(begin, pos).str());
  }
  // Anything else up to a comment or the end of the line is ignored, as the
  // official lexer does.
  while (!atEnd() && !isNewLine(peek()) &&
         !(peek() == '/' && (peek(1) == '/' || peek(1) == '*')))
    ++pos;
  pragma.end = pos;
  if (pragma.codes.empty())
    error(pragma.begin, pos,
          "expected at least one diagnostic code after '#" + keyword.str() +
              "'");
  prags.push_back(std::move(pragma));
  return true;
}

void Lexer::skipTrivia(bool &sawNewLine, uint32_t &newLineBegin) {
  while (!atEnd()) {
    char c = peek();
    if (c == ' ' || c == '\t') {
      ++pos;
      continue;
    }
    if (isNewLine(c)) {
      bool inInterpolation = false;
      for (const ModeEntry &m : modes)
        inInterpolation |= m.mode != Mode::Brace;
      if (inInterpolation) {
        // A line break inside `${...}` of a one-line string: the string is
        // unterminated. Leave the interpolation so lexing can go on.
        error(pos, pos, "unterminated string: line break inside '${...}'");
        modes.clear();
      }
      if (!sawNewLine) {
        sawNewLine = true;
        newLineBegin = pos;
        // The NL token starts here, on this line.
        toks.push_back(
            {TokenKind::NewLine, pos, pos + 1, line, pos - lineStart});
      }
      if (c == '\r' && peek(1) == '\n')
        ++pos;
      newLineAt(pos);
      ++pos;
      continue;
    }
    if (c == '/' && peek(1) == '/') {
      while (!atEnd() && !isNewLine(peek()))
        ++pos;
      continue;
    }
    if (c == '/' && peek(1) == '*') {
      uint32_t begin = pos;
      pos += 2;
      for (;;) {
        if (atEnd()) {
          error(begin, pos, "unterminated multi-line comment");
          break;
        }
        char d = peek();
        if (d == '*' && peek(1) == '/') {
          pos += 2;
          break;
        }
        if (d == '\n' || (d == '\r' && peek(1) != '\n'))
          newLineAt(pos);
        ++pos;
      }
      continue;
    }
    if (c == '#' && tryPragma())
      continue;
    return;
  }
}

TokenKind Lexer::scanIdentifier() {
  uint32_t begin = pos;
  while (!atEnd() && isIdentifierChar(peek()))
    ++pos;
  llvm::StringRef word = source.slice(begin, pos);
  return llvm::StringSwitch<TokenKind>(word)
      .Case("true", TokenKind::True)
      .Case("false", TokenKind::False)
      .Case("null", TokenKind::Null)
      .Case("targetScope", TokenKind::KwTargetScope)
      .Case("metadata", TokenKind::KwMetadata)
      .Case("param", TokenKind::KwParam)
      .Case("var", TokenKind::KwVar)
      .Case("type", TokenKind::KwType)
      .Case("func", TokenKind::KwFunc)
      .Case("resource", TokenKind::KwResource)
      .Case("module", TokenKind::KwModule)
      .Case("output", TokenKind::KwOutput)
      .Case("import", TokenKind::KwImport)
      .Case("extension", TokenKind::KwExtension)
      .Case("extensionConfig", TokenKind::KwExtensionConfig)
      .Case("assert", TokenKind::KwAssert)
      .Case("test", TokenKind::KwTest)
      .Case("using", TokenKind::KwUsing)
      .Case("extends", TokenKind::KwExtends)
      .Case("existing", TokenKind::KwExisting)
      .Case("if", TokenKind::KwIf)
      .Case("for", TokenKind::KwFor)
      .Case("in", TokenKind::KwIn)
      .Case("as", TokenKind::KwAs)
      .Case("from", TokenKind::KwFrom)
      .Case("with", TokenKind::KwWith)
      .Default(TokenKind::Identifier);
}

/// Checks the escape sequence at pos (on a backslash) and steps over it.
void Lexer::scanEscape() {
  uint32_t begin = pos;
  ++pos;
  if (atEnd())
    return; // reported as an unterminated string
  char c = peek();
  switch (c) {
  case 'n':
  case 'r':
  case 't':
  case '\\':
  case '\'':
  case '$':
    ++pos;
    return;
  case 'u': {
    ++pos;
    if (peek() != '{') {
      error(begin, pos, "invalid unicode escape: expected '\\u{...}'");
      return;
    }
    ++pos;
    uint32_t digits = pos;
    uint64_t value = 0;
    while (!atEnd() && llvm::isHexDigit(peek())) {
      value = value * 16 + llvm::hexDigitValue(peek());
      if (value > 0x10FFFF)
        value = 0x110000;
      ++pos;
    }
    if (pos == digits || peek() != '}' || value > 0x10FFFF) {
      error(begin, pos,
            "invalid unicode escape: expected '\\u{...}' with a "
            "code point up to 10FFFF");
      return;
    }
    ++pos;
    return;
  }
  default:
    if (isNewLine(c))
      return; // reported as an unterminated string
    ++pos;
    error(begin, pos,
          "unrecognized escape sequence; the valid ones are \\n, \\r, \\t, "
          "\\\\, \\', \\$ and \\u{...}");
    return;
  }
}

/// Scans a one-line string segment; pos is after its opening `'` or `}`.
TokenKind Lexer::scanStringSegment(bool first) {
  TokenKind end = first ? TokenKind::StringComplete : TokenKind::StringRight;
  TokenKind open = first ? TokenKind::StringLeft : TokenKind::StringMiddle;
  for (;;) {
    if (atEnd()) {
      error(pos, pos, "unterminated string");
      return end;
    }
    char c = peek();
    if (isNewLine(c)) {
      error(pos, pos,
            "unterminated string: line break before the closing "
            "quote");
      return end;
    }
    if (c == '\'') {
      ++pos;
      return end;
    }
    if (c == '$' && peek(1) == '{') {
      pos += 2;
      modes.push_back({Mode::Interpolation, 0});
      return open;
    }
    if (c == '\\') {
      scanEscape();
      continue;
    }
    ++pos;
  }
}

/// Scans a multi-line string segment; pos is after its opening `'''` or `}`.
/// Line breaks inside are counted, but the token keeps the line and column
/// of its start.
TokenKind Lexer::scanMultiLineString(bool first, unsigned dollars) {
  TokenKind end = first ? TokenKind::StringComplete : TokenKind::StringRight;
  TokenKind open = first ? TokenKind::StringLeft : TokenKind::StringMiddle;
  while (!atEnd()) {
    char c = peek();
    if (c == '$') {
      unsigned run = 0;
      while (peek() == '$') {
        ++pos;
        ++run;
      }
      if (dollars > 0 && run >= dollars && peek() == '{') {
        ++pos;
        modes.push_back(
            {Mode::MultiLineInterpolation, static_cast<uint8_t>(dollars)});
        return open;
      }
      continue;
    }
    if (c == '\'') {
      unsigned run = 0;
      while (peek() == '\'') {
        ++pos;
        ++run;
      }
      if (run >= 3)
        return end;
      continue;
    }
    ++pos;
  }
  error(pos, pos, "unterminated multi-line string");
  return end;
}

void Lexer::lexToken() {
  bool sawNewLine = false;
  uint32_t newLineBegin = 0;
  skipTrivia(sawNewLine, newLineBegin);
  (void)newLineBegin;

  if (atEnd()) {
    push(TokenKind::EndOfFile, pos);
    return;
  }

  uint32_t begin = pos;
  uint32_t beginLine = line, beginLineStart = lineStart;
  char c = peek();
  ++pos;
  TokenKind kind = TokenKind::Unrecognized;
  bool multiLine = false; // a multi-line string segment
  auto twoChar = [&](char next, TokenKind two, TokenKind one) {
    if (peek() == next) {
      ++pos;
      return two;
    }
    return one;
  };
  switch (c) {
  case '{':
    if (!modes.empty())
      modes.push_back({Mode::Brace, 0});
    kind = TokenKind::LBrace;
    break;
  case '}':
    kind = TokenKind::RBrace;
    if (!modes.empty()) {
      ModeEntry top = modes.back();
      modes.pop_back();
      if (top.mode == Mode::Interpolation)
        kind = scanStringSegment(false);
      else if (top.mode == Mode::MultiLineInterpolation) {
        kind = scanMultiLineString(false, top.dollars);
        multiLine = true;
      }
    }
    break;
  case '(':
    kind = TokenKind::LParen;
    break;
  case ')':
    kind = TokenKind::RParen;
    break;
  case '[':
    kind = TokenKind::LSquare;
    break;
  case ']':
    kind = TokenKind::RSquare;
    break;
  case '@':
    kind = TokenKind::At;
    break;
  case ',':
    kind = TokenKind::Comma;
    break;
  case '.':
    if (peek() == '.' && peek(1) == '.') {
      pos += 2;
      kind = TokenKind::Ellipsis;
    } else {
      kind = TokenKind::Dot;
    }
    break;
  case '?':
    kind = twoChar('?', TokenKind::Coalesce, TokenKind::Question);
    break;
  case ':':
    kind = twoChar(':', TokenKind::DoubleColon, TokenKind::Colon);
    break;
  case ';':
    kind = TokenKind::Semicolon;
    break;
  case '+':
    kind = TokenKind::Plus;
    break;
  case '-':
    kind = TokenKind::Minus;
    break;
  case '%':
    kind = TokenKind::Modulo;
    break;
  case '*':
    kind = TokenKind::Asterisk;
    break;
  case '/':
    kind = TokenKind::Slash;
    break;
  case '^':
    kind = TokenKind::Hat;
    break;
  case '!':
    if (peek() == '=') {
      ++pos;
      kind = TokenKind::Neq;
    } else if (peek() == '~') {
      ++pos;
      kind = TokenKind::Neqi;
    } else {
      kind = TokenKind::Exclamation;
    }
    break;
  case '<':
    kind = twoChar('=', TokenKind::Lte, TokenKind::Lt);
    break;
  case '>':
    kind = twoChar('=', TokenKind::Gte, TokenKind::Gt);
    break;
  case '=':
    if (peek() == '=') {
      ++pos;
      kind = TokenKind::Eq;
    } else if (peek() == '~') {
      ++pos;
      kind = TokenKind::Eqi;
    } else if (peek() == '>') {
      ++pos;
      kind = TokenKind::Arrow;
    } else {
      kind = TokenKind::Assign;
    }
    break;
  case '&':
    if (peek() == '&') {
      ++pos;
      kind = TokenKind::And;
    }
    break;
  case '|':
    kind = twoChar('|', TokenKind::Or, TokenKind::Pipe);
    break;
  case '\'':
    if (peek() == '\'' && peek(1) == '\'') {
      pos += 2;
      kind = scanMultiLineString(true, 0);
      multiLine = true;
    } else {
      kind = scanStringSegment(true);
    }
    break;
  case '$': {
    unsigned dollars = 1;
    while (peek() == '$') {
      ++pos;
      ++dollars;
    }
    if (peek() == '\'' && peek(1) == '\'' && peek(2) == '\'') {
      pos += 3;
      kind = scanMultiLineString(true, dollars);
      multiLine = true;
    }
    break;
  }
  default:
    if (isDigit(c)) {
      while (!atEnd() && isDigit(peek()))
        ++pos;
      kind = TokenKind::Integer;
    } else if (isIdentifierStart(c)) {
      --pos;
      kind = scanIdentifier();
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      // One whole UTF-8 sequence.
      while (!atEnd() && (static_cast<unsigned char>(peek()) & 0xC0) == 0x80)
        ++pos;
    }
    break;
  }

  if (kind == TokenKind::LBrace || kind == TokenKind::LParen ||
      kind == TokenKind::LSquare || kind == TokenKind::StringLeft) {
    if (++nesting > maxNesting) {
      error(begin, pos,
            "brackets nested deeper than " + std::to_string(maxNesting) +
                " levels; the rest of the file is not read");
      pos = static_cast<uint32_t>(source.size());
      push(TokenKind::EndOfFile, pos);
      return;
    }
  } else if ((kind == TokenKind::RBrace || kind == TokenKind::RParen ||
              kind == TokenKind::RSquare || kind == TokenKind::StringRight) &&
             nesting > 0) {
    --nesting;
  }
  if (kind == TokenKind::Unrecognized) {
    // Group a run of unrecognized characters into one error; the parser never
    // sees them.
    llvm::StringRef text = source.slice(begin, pos);
    if (text == "\"")
      error(begin, pos, "unexpected '\"': strings use single quotes");
    else
      error(begin, pos, "unrecognized character '" + text.str() + "'");
    return;
  }
  // Multi-line strings may have advanced over line breaks: count them now,
  // keeping the token's own line and column.
  toks.push_back({kind, begin, pos, beginLine, begin - beginLineStart});
  if (multiLine)
    for (uint32_t i = begin; i < pos; ++i) {
      char d = source[i];
      if (d == '\n' || (d == '\r' && (i + 1 >= pos || source[i + 1] != '\n')))
        newLineAt(i);
    }
}

llvm::StringRef armor::bicep::getTokenSpelling(TokenKind kind) {
  switch (kind) {
  case TokenKind::Invalid:
    return "<invalid>";
  case TokenKind::NewLine:
    return "line break";
  case TokenKind::Identifier:
    return "identifier";
  case TokenKind::Integer:
    return "integer";
  case TokenKind::StringComplete:
  case TokenKind::StringLeft:
  case TokenKind::StringMiddle:
  case TokenKind::StringRight:
    return "string";
  case TokenKind::True:
    return "'true'";
  case TokenKind::False:
    return "'false'";
  case TokenKind::Null:
    return "'null'";
  case TokenKind::KwTargetScope:
    return "'targetScope'";
  case TokenKind::KwMetadata:
    return "'metadata'";
  case TokenKind::KwParam:
    return "'param'";
  case TokenKind::KwVar:
    return "'var'";
  case TokenKind::KwType:
    return "'type'";
  case TokenKind::KwFunc:
    return "'func'";
  case TokenKind::KwResource:
    return "'resource'";
  case TokenKind::KwModule:
    return "'module'";
  case TokenKind::KwOutput:
    return "'output'";
  case TokenKind::KwImport:
    return "'import'";
  case TokenKind::KwExtension:
    return "'extension'";
  case TokenKind::KwExtensionConfig:
    return "'extensionConfig'";
  case TokenKind::KwAssert:
    return "'assert'";
  case TokenKind::KwTest:
    return "'test'";
  case TokenKind::KwUsing:
    return "'using'";
  case TokenKind::KwExtends:
    return "'extends'";
  case TokenKind::KwExisting:
    return "'existing'";
  case TokenKind::KwIf:
    return "'if'";
  case TokenKind::KwFor:
    return "'for'";
  case TokenKind::KwIn:
    return "'in'";
  case TokenKind::KwAs:
    return "'as'";
  case TokenKind::KwFrom:
    return "'from'";
  case TokenKind::KwWith:
    return "'with'";
  case TokenKind::At:
    return "'@'";
  case TokenKind::LBrace:
    return "'{'";
  case TokenKind::RBrace:
    return "'}'";
  case TokenKind::LParen:
    return "'('";
  case TokenKind::RParen:
    return "')'";
  case TokenKind::LSquare:
    return "'['";
  case TokenKind::RSquare:
    return "']'";
  case TokenKind::Comma:
    return "','";
  case TokenKind::Dot:
    return "'.'";
  case TokenKind::Question:
    return "'?'";
  case TokenKind::Colon:
    return "':'";
  case TokenKind::Semicolon:
    return "';'";
  case TokenKind::Assign:
    return "'='";
  case TokenKind::Plus:
    return "'+'";
  case TokenKind::Minus:
    return "'-'";
  case TokenKind::Asterisk:
    return "'*'";
  case TokenKind::Slash:
    return "'/'";
  case TokenKind::Modulo:
    return "'%'";
  case TokenKind::Exclamation:
    return "'!'";
  case TokenKind::Lt:
    return "'<'";
  case TokenKind::Gt:
    return "'>'";
  case TokenKind::Lte:
    return "'<='";
  case TokenKind::Gte:
    return "'>='";
  case TokenKind::Eq:
    return "'=='";
  case TokenKind::Neq:
    return "'!='";
  case TokenKind::Eqi:
    return "'=~'";
  case TokenKind::Neqi:
    return "'!~'";
  case TokenKind::And:
    return "'&&'";
  case TokenKind::Or:
    return "'||'";
  case TokenKind::Coalesce:
    return "'?\?'";
  case TokenKind::DoubleColon:
    return "'::'";
  case TokenKind::Arrow:
    return "'=>'";
  case TokenKind::Pipe:
    return "'|'";
  case TokenKind::Ellipsis:
    return "'...'";
  case TokenKind::Hat:
    return "'^'";
  case TokenKind::Unrecognized:
    return "unrecognized character";
  case TokenKind::EndOfFile:
    return "end of file";
  }
  llvm_unreachable("unknown token kind");
}
