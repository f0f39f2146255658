//===- BicepLexer.h - Hand-written Bicep lexer ------------------*- C++ -*-===//
///
/// \file
/// Splits Bicep source text into tokens for the ANTLR-generated parser
/// (grammar/BicepParser.g4). The lexer is hand-written: it is several times
/// faster than an ANTLR lexer and handles the modal parts of the language
/// (string interpolation, `'''` and `$'''` strings) with an explicit stack.
///
/// Comments and diagnostic pragmas are trivia. A run of line breaks, with the
/// blank and comment-only lines between them, becomes one NL token. Pragmas
/// (`#disable-next-line`, `#disable-diagnostics`, `#restore-diagnostics`) are
/// recorded with their line and codes. Lexical errors are recorded, never
/// thrown; unrecognized characters are reported and dropped.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_FRONTEND_BICEP_BICEPLEXER_H
#define ARMOR_FRONTEND_BICEP_BICEPLEXER_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace armor::bicep {

/// Token kinds, numbered as the `tokens {}` block of BicepParser.g4 numbers
/// them (the parser adapter checks this with static_asserts).
enum class TokenKind : uint16_t {
  Invalid = 0,
  NewLine,
  Identifier,
  Integer,
  StringComplete,
  StringLeft,
  StringMiddle,
  StringRight,
  True,
  False,
  Null,
  KwTargetScope,
  KwMetadata,
  KwParam,
  KwVar,
  KwType,
  KwFunc,
  KwResource,
  KwModule,
  KwOutput,
  KwImport,
  KwExtension,
  KwExtensionConfig,
  KwAssert,
  KwTest,
  KwUsing,
  KwExtends,
  KwExisting,
  KwIf,
  KwFor,
  KwIn,
  KwAs,
  KwFrom,
  KwWith,
  At,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LSquare,
  RSquare,
  Comma,
  Dot,
  Question,
  Colon,
  Semicolon,
  Assign,
  Plus,
  Minus,
  Asterisk,
  Slash,
  Modulo,
  Exclamation,
  Lt,
  Gt,
  Lte,
  Gte,
  Eq,
  Neq,
  Eqi,
  Neqi,
  And,
  Or,
  Coalesce,
  DoubleColon,
  Arrow,
  Pipe,
  Ellipsis,
  Hat,
  Unrecognized,
  EndOfFile, ///< not an ANTLR type; the adapter maps it to Token::EOF
};

/// One token: its kind and byte range in the source.
struct LexToken {
  TokenKind kind;
  uint32_t begin;
  uint32_t end;
  uint32_t line;   ///< 1-based line of begin
  uint32_t column; ///< 0-based byte column of begin
};

/// A problem found while lexing, at a byte range of the source.
struct LexError {
  uint32_t begin;
  uint32_t end;
  std::string message;
};

/// A `#disable-next-line`, `#disable-diagnostics` or `#restore-diagnostics`
/// line, as the official compiler recognizes it: first on its line, not
/// after a comment.
struct DiagnosticPragma {
  enum class Kind : uint8_t {
    DisableNextLine,
    DisableDiagnostics,
    RestoreDiagnostics
  };
  Kind kind;
  uint32_t line; ///< 1-based line of the pragma
  uint32_t begin;
  uint32_t end;
  /// The codes named (rule ids, BCP codes, linter codes), as written.
  std::vector<std::string> codes;
};

/// Lexes \p text completely. The token list always ends with EndOfFile.
class Lexer {
public:
  /// Brackets nested deeper than this are an error and end the input: the
  /// parser and the lowering recurse once per level.
  static constexpr unsigned maxNesting = 200;

  explicit Lexer(llvm::StringRef text);

  /// Runs the lexer over the whole text; idempotent.
  void lex();

  const std::vector<LexToken> &tokens() const { return toks; }
  const std::vector<LexError> &errors() const { return errs; }
  const std::vector<DiagnosticPragma> &pragmas() const { return prags; }
  llvm::StringRef text() const { return source; }

private:
  enum class Mode : uint8_t { Brace, Interpolation, MultiLineInterpolation };
  struct ModeEntry {
    Mode mode;
    uint8_t dollars; ///< `$` count of a `$'''` string
  };

  void lexToken();
  void skipTrivia(bool &sawNewLine, uint32_t &newLineBegin);
  bool tryPragma();
  TokenKind scanIdentifier();
  TokenKind scanStringSegment(bool first);
  TokenKind scanMultiLineString(bool first, unsigned dollars);
  void scanEscape();
  void push(TokenKind kind, uint32_t begin);
  void error(uint32_t begin, uint32_t end, std::string message);
  char peek(unsigned ahead = 0) const {
    return pos + ahead < source.size() ? source[pos + ahead] : '\0';
  }
  bool atEnd() const { return pos >= source.size(); }
  void newLineAt(uint32_t offset) {
    ++line;
    lineStart = offset + 1;
  }

  llvm::StringRef source;
  uint32_t pos = 0;
  /// Open brackets; input nested deeper than maxNesting stops the lexer.
  unsigned nesting = 0;
  uint32_t line = 1;
  uint32_t lineStart = 0;
  bool done = false;
  llvm::SmallVector<ModeEntry, 8> modes;
  std::vector<LexToken> toks;
  std::vector<LexError> errs;
  std::vector<DiagnosticPragma> prags;
};

/// Spelling of a token kind for messages: `'{'`, `identifier`, ...
llvm::StringRef getTokenSpelling(TokenKind kind);

} // namespace armor::bicep

#endif // ARMOR_FRONTEND_BICEP_BICEPLEXER_H
