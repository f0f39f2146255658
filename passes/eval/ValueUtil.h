//===- ValueUtil.h - Template values for the evaluator ----------*- C++ -*-===//
///
/// \file
/// What the evaluator and the function library need to know about values
/// beyond ir::Value itself: ARM's equality and ordering, the JSON text that
/// `string()` prints and `json()` reads (Newtonsoft's dialect), the ARM type
/// names used in messages, and the conversion of a partly known value back
/// into an expression so that it can be folded into an unknown one.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_EVAL_VALUEUTIL_H
#define ARMOR_PASSES_EVAL_VALUEUTIL_H

#include "ir/Value.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace armor::eval {

/// A three-valued truth: what a comparison of partly unknown values gives.
enum class Tri : uint8_t { False, True, Unknown };

/// The ARM type name of a known value, as messages say it: "string", "int",
/// "bool", "array", "object", "null", "float".
llvm::StringRef getTypeName(const ir::Value &value);

/// True if \p value contains an Unknown, Enumerated or Expression anywhere.
inline bool hasUnknownParts(const ir::Value &value) {
  return !value.isFullyKnown();
}

/// ARM `equals()`: integers and floats compare by value, strings and object
/// keys case-sensitively (object member order does not matter), anything
/// unknown gives Unknown.
Tri equalValues(const ir::Value &a, const ir::Value &b);

/// Orders two strings as .NET's invariant culture does (what ARM's `less()`
/// and `greater()` use): letters compare case-insensitively first, then a
/// lowercase letter sorts before its uppercase form. Returns <0, 0 or >0.
int compareInvariant(llvm::StringRef a, llvm::StringRef b);

/// The JSON text of a fully known value as ARM's `string()` prints objects
/// and arrays: compact, members in order, Newtonsoft's escaping.
std::string toJsonText(const ir::Value &value);

/// A known scalar as ARM turns it into text for `concat()`, `string()` and
/// `format()`: strings as they are, integers in decimal, booleans as
/// "True"/"False", null as "". Arrays and objects give their JSON text.
std::string toDisplayString(const ir::Value &value);

/// Parses JSON as ARM's `json()` does (Newtonsoft: single-quoted strings,
/// comments and a trailing comma are accepted). Returns nullopt and sets
/// \p error on malformed input or nesting deeper than \p maxDepth.
std::optional<ir::Value> parseJsonText(llvm::StringRef text, std::string &error,
                                       unsigned maxDepth = 256);

/// Converts \p value into an expression that evaluates to it: literals for
/// known scalars, `createArray()`/`createObject()` for containers, the
/// folded expression of unknown parts.
ir::ExprPtr toExpr(const ir::Value &value);

/// The value of a literal expression (string, integer, boolean, null);
/// nullopt for calls, member and index accesses.
std::optional<ir::Value> getLiteralValue(const ir::Expr &expr);

/// A measure of the memory a value takes: one per node plus its string
/// bytes / 16. Stops counting once \p limit is exceeded.
size_t getValueSize(const ir::Value &value, size_t limit);

/// Removes duplicate alternatives (by structural equality) in place.
void dedupeAlternatives(std::vector<ir::Value> &alternatives);

} // namespace armor::eval

#endif // ARMOR_PASSES_EVAL_VALUEUTIL_H
