//===- PolicyOperators.h - Azure Policy condition operators -----*- C++ -*-===//
///
/// \file
/// The condition operators of the Azure Policy rule language (equals, like,
/// match, in, containsKey, less, exists, ...) with Azure's comparison rules:
/// strings compare case-insensitively except in `match`/`notMatch`, booleans
/// and numbers equal their string forms ("false" equals false), `like`
/// takes a `*` wildcard, `match` patterns take `#` (a digit), `?` (a letter)
/// and `.` (any character). Every negative operator is the negation of its
/// positive one, so a field that does not exist satisfies `notEquals`,
/// `notIn`, `notLike`, ... and no positive operator but `exists: false`.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_POLICY_POLICYOPERATORS_H
#define ARMOR_PASSES_POLICY_POLICYOPERATORS_H

#include "ir/Value.h"
#include "passes/eval/ValueUtil.h"

#include "llvm/ADT/StringRef.h"

#include <optional>

namespace armor::policy {

/// Three-valued truth: a condition on a value that is not known is Unknown.
using Truth = eval::Tri;

inline Truth toTruth(bool b) { return b ? Truth::True : Truth::False; }
inline Truth negate(Truth t) {
  if (t == Truth::Unknown)
    return t;
  return t == Truth::True ? Truth::False : Truth::True;
}

enum class Operator : uint8_t {
  Equals,
  NotEquals,
  Like,
  NotLike,
  Match,
  NotMatch,
  MatchInsensitively,
  NotMatchInsensitively,
  Contains,
  NotContains,
  In,
  NotIn,
  ContainsKey,
  NotContainsKey,
  Less,
  LessOrEquals,
  Greater,
  GreaterOrEquals,
  Exists,
};

/// Parses a condition key ("equals", "notIn", ...), case-insensitively.
std::optional<Operator> parseOperator(llvm::StringRef key);
/// The operator as Azure spells it: "notIn".
llvm::StringRef getOperatorName(Operator op);
/// The positive operator a negative one negates (NotIn -> In); null if
/// \p op is positive.
std::optional<Operator> getNegatedOperator(Operator op);

/// Applies \p op to an operand (null: the field does not exist) and the
/// condition's value. Parts of either that are not known make the result
/// Unknown when the answer depends on them.
Truth applyOperator(Operator op, const ir::Value *operand,
                    const ir::Value &value);

/// Azure Policy equality: strings case-insensitively, a boolean or number
/// against its string form, arrays element-wise, objects by key
/// (case-insensitive) regardless of order.
Truth policyEquals(const ir::Value &a, const ir::Value &b);

/// `like`: \p pattern with `*` matching any run of characters,
/// case-insensitively.
bool matchLike(llvm::StringRef text, llvm::StringRef pattern);

/// `match`: `#` a digit, `?` a letter, `.` any character, anything else
/// itself; the whole text must match.
bool matchPattern(llvm::StringRef text, llvm::StringRef pattern,
                  bool ignoreCase);

/// A location as Azure Policy normalizes it: lower case without spaces
/// ("East US 2" -> "eastus2").
std::string normalizeLocation(llvm::StringRef location);

} // namespace armor::policy

#endif // ARMOR_PASSES_POLICY_POLICYOPERATORS_H
