//===- ExprParser.h - ARM template expression parser ------------*- C++ -*-===//
///
/// \file
/// Parses the ARM template language inside `"[...]"` strings: function
/// calls, `.member`, `[index]`, `'...'` strings with `''` escapes, integers,
/// `true`/`false`/`null`.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_FRONTEND_ARM_EXPRPARSER_H
#define ARMOR_FRONTEND_ARM_EXPRPARSER_H

#include "ir/Diagnostic.h"
#include "ir/Expr.h"

#include "llvm/ADT/StringRef.h"

#include <optional>

namespace armor::arm {

/// How a JSON string value relates to the template language.
enum class StringForm {
  Literal,    ///< a plain string
  Escaped,    ///< starts with "[[": a literal whose first '[' is dropped
  Expression, ///< "[...]": an expression
};

/// Classifies a JSON string value as ARM does: an expression if it starts
/// with '[' and ends with ']', unless it starts with "[[".
StringForm classifyString(llvm::StringRef s);

/// Parses \p text, the characters between the outer brackets.
///
/// \p location maps offsets in \p text to the source: when \p exact is true
/// the character at text[i] sits at location.begin + i in location.file;
/// otherwise (the JSON string contained escapes) every node gets
/// \p location. Reports a `syntax-error` and returns null on bad input.
ir::ExprPtr parseExpression(llvm::StringRef text, SourceRange location,
                            bool exact, DiagnosticEngine &diags);

} // namespace armor::arm

#endif // ARMOR_FRONTEND_ARM_EXPRPARSER_H
