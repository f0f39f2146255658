//===- Parser.h - Bicep text to the typed AST -------------------*- C++ -*-===//
///
/// \file
/// The parse entry: lexes with the hand-written lexer, parses with the
/// ANTLR-generated parser (SLL prediction first, full LL with error recovery
/// only when SLL fails) and builds the typed AST. ANTLR exceptions never
/// leave this entry; syntax errors become `syntax-error` diagnostics, several
/// per file, each at the offending token.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_FRONTEND_BICEP_PARSER_H
#define ARMOR_FRONTEND_BICEP_PARSER_H

#include "frontend/bicep/BicepLexer.h"
#include "frontend/bicep/Syntax.h"
#include "ir/Diagnostic.h"

#include <memory>
#include <vector>

namespace armor::bicep {

/// A parsed file: its AST (owned by the arena) and its pragmas.
struct ParsedFile {
  std::unique_ptr<ast::SyntaxArena> arena;
  ast::Program program;
  std::vector<DiagnosticPragma> pragmas;
  /// Number of syntax errors reported for the file.
  unsigned errorCount = 0;
  /// True if the first, SLL-only pass failed and full LL ran.
  bool neededFullContext = false;
};

/// Parses \p text, the contents of \p file. Syntax errors are reported to
/// \p diags (at most a few dozen per file); the AST holds everything that
/// parsed, with error nodes in place of what did not. Never throws.
ParsedFile parseFile(llvm::StringRef text, FileId file,
                     DiagnosticEngine &diags);

/// Decodes the string tokens \p pieces (one StringComplete, or StringLeft,
/// StringMiddle..., StringRight) of \p text into segment values: escapes
/// resolved for '...' strings, the leading line break dropped for '''...'''
/// strings.
std::vector<std::string> decodeStringSegments(llvm::StringRef text,
                                              llvm::ArrayRef<LexToken> pieces);

} // namespace armor::bicep

#endif // ARMOR_FRONTEND_BICEP_PARSER_H
