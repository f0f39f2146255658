//===- Expr.h - ARM template language expressions ---------------*- C++ -*-===//
///
/// \file
/// The AST of the ARM template expression language: the text inside a
/// `"[...]"` string. Bicep lowers into the same AST, so the evaluator and
/// the checks see one language.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_IR_EXPR_H
#define ARMOR_IR_EXPR_H

#include "ir/SourceManager.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace armor::ir {

class Expr;
using ExprPtr = std::shared_ptr<const Expr>;

/// One node of an ARM expression. Immutable once built; shared freely.
class Expr {
public:
  enum class Kind : uint8_t {
    String,  ///< 'text' (text() is the unescaped value)
    Integer, ///< 42, -1
    Boolean, ///< true, false
    Null,    ///< null
    Call,    ///< name(args...); name() may contain a '.' for UDFs
    Member,  ///< operand().name
    Index,   ///< operand()[index()]
  };

  static ExprPtr makeString(std::string value, SourceRange range = {});
  static ExprPtr makeInteger(int64_t value, SourceRange range = {});
  static ExprPtr makeBoolean(bool value, SourceRange range = {});
  static ExprPtr makeNull(SourceRange range = {});
  static ExprPtr makeCall(std::string name, std::vector<ExprPtr> args,
                          SourceRange range = {});
  static ExprPtr makeMember(ExprPtr operand, std::string name,
                            SourceRange range = {});
  static ExprPtr makeIndex(ExprPtr operand, ExprPtr index,
                           SourceRange range = {});

  Kind getKind() const { return kind; }
  SourceRange getRange() const { return range; }

  /// String value, function name or member name.
  const std::string &text() const { return textValue; }
  int64_t integer() const { return integerValue; }
  bool boolean() const { return integerValue != 0; }
  /// Call arguments.
  const std::vector<ExprPtr> &args() const { return operands; }
  /// Operand of Member and Index.
  const Expr &operand() const { return *operands[0]; }
  const ExprPtr &operandPtr() const { return operands[0]; }
  /// Subscript of Index.
  const Expr &index() const { return *operands[1]; }
  const ExprPtr &indexPtr() const { return operands[1]; }

  /// True if this is a call to \p name (case-insensitive, as ARM is).
  bool isCallTo(llvm::StringRef name) const {
    return kind == Kind::Call &&
           llvm::StringRef(textValue).equals_insensitive(name);
  }

  /// Prints the expression in ARM syntax without the enclosing brackets:
  /// `parameters('x')`.
  std::string str() const;
  void print(std::string &out) const;
  /// The string a template holds for this expression: a string literal's
  /// text, anything else as `[...]`.
  std::string toTemplateString() const;

  Expr(Kind kind, SourceRange range) : kind(kind), range(range) {}

private:
  Kind kind;
  SourceRange range;
  int64_t integerValue = 0;
  std::string textValue;
  std::vector<ExprPtr> operands;
};

} // namespace armor::ir

#endif // ARMOR_IR_EXPR_H
