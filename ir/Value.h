//===- Value.h - Three-valued template values -------------------*- C++ -*-===//
///
/// \file
/// A Value is what the IR knows about a piece of a template: a constant
/// (null, bool, integer, float, string, array, object), an expression not
/// evaluated yet, an Unknown (a symbolic expression with the reason it could
/// not be folded) or an Enumerated value (a finite set of possible
/// constants). Every value keeps the source range it came from.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_IR_VALUE_H
#define ARMOR_IR_VALUE_H

#include "ir/Expr.h"
#include "ir/SourceManager.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace armor::ir {

struct Member;

class Value {
public:
  /// The scalars come first: a kind up to Float owns no memory.
  enum class Kind : uint8_t {
    Null,
    Boolean,
    Integer,
    Float,
    String,
    Array,
    Object,
    Expression, ///< a `[...]` string before evaluation
    Unknown,    ///< could not be folded; expr() and provenance() say why
    Enumerated, ///< one of alternatives(); provenance() says where from
  };

  Value() : u() {}
  Value(const Value &other);
  Value(Value &&other) noexcept;
  Value &operator=(const Value &other);
  Value &operator=(Value &&other) noexcept;
  ~Value() {
    if (kind > Kind::Float) // scalars own nothing
      destroy();
  }

  static Value null(SourceRange range = {});
  static Value boolean(bool v, SourceRange range = {});
  static Value integer(int64_t v, SourceRange range = {});
  static Value floating(double v, SourceRange range = {});
  static Value string(std::string v, SourceRange range = {});
  static Value array(std::vector<Value> elements, SourceRange range = {});
  static Value object(std::vector<Member> members, SourceRange range = {});
  static Value expression(ExprPtr expr, SourceRange range = {});
  static Value unknown(ExprPtr expr, std::string provenance,
                       SourceRange range = {});
  /// \p expr, when given, is the expression the alternatives come from
  /// (`parameters('env')`), so that a value computed from this one can
  /// still be printed as an expression.
  static Value enumerated(std::vector<Value> alternatives,
                          std::string provenance, SourceRange range = {},
                          ExprPtr expr = nullptr);

  Kind getKind() const { return kind; }
  SourceRange getRange() const { return range; }
  void setRange(SourceRange r) { range = r; }

  bool isNull() const { return kind == Kind::Null; }
  bool isBoolean() const { return kind == Kind::Boolean; }
  bool isInteger() const { return kind == Kind::Integer; }
  bool isFloat() const { return kind == Kind::Float; }
  bool isString() const { return kind == Kind::String; }
  bool isArray() const { return kind == Kind::Array; }
  bool isObject() const { return kind == Kind::Object; }
  bool isExpression() const { return kind == Kind::Expression; }
  bool isUnknown() const { return kind == Kind::Unknown; }
  bool isEnumerated() const { return kind == Kind::Enumerated; }
  /// True for constants: no expression, unknown or enumerated part at the
  /// top level (members may still be unknown).
  bool isKnown() const { return kind < Kind::Expression; }
  /// True if this value and everything inside it is constant.
  bool isFullyKnown() const;

  bool getBoolean() const { return kind == Kind::Boolean && u.boolean; }
  int64_t getInteger() const { return kind == Kind::Integer ? u.integer : 0; }
  double getFloat() const { return kind == Kind::Float ? u.real : 0.0; }
  /// The text of a String; for Unknown and Enumerated values, provenance().
  const std::string &getString() const;
  /// For Unknown and Enumerated values: a human-readable reason such as
  /// "parameter 'vnetPrefix' has no value".
  const std::string &provenance() const { return getString(); }

  /// Elements of an Array, alternatives of an Enumerated value; empty for
  /// other kinds.
  const std::vector<Value> &elements() const;
  std::vector<Value> &elements();
  /// Alternatives of an Enumerated value.
  const std::vector<Value> &alternatives() const { return elements(); }
  /// Members of an Object; empty for other kinds.
  const std::vector<Member> &members() const;
  std::vector<Member> &members();
  /// Expression and Unknown: the expression; Enumerated: where it comes
  /// from, if known (may be null).
  const ExprPtr &expr() const;

  /// Object member lookup, case-insensitive as ARM property names are.
  /// Returns null if absent or if this is not an object.
  const Value *get(llvm::StringRef key) const;
  Value *get(llvm::StringRef key);
  const Member *getMember(llvm::StringRef key) const;
  /// Follows a dotted path of object keys ("properties.securityRules").
  const Value *getPath(llvm::StringRef dottedPath) const;

  /// Structural equality of constants as ARM compares them: strings and
  /// object keys case-sensitively unless \p ignoreCase. Unknown parts never
  /// compare equal.
  bool equals(const Value &other, bool ignoreCase = false) const;

  /// Prints as compact JSON; expressions and unknowns print as their
  /// `"[...]"` string.
  std::string toJson() const;
  void printJson(std::string &out) const;

private:
  /// What an Unknown or Enumerated value carries; rare enough to live
  /// behind a pointer, which keeps every Value at 48 bytes.
  struct Symbolic;

  /// One member is live, as kind says: the IR is mostly these nodes, so
  /// their size and their destructor's cost matter.
  union Storage {
    bool boolean;
    int64_t integer;
    double real;
    std::string text;           ///< String
    std::vector<Value> items;   ///< Array
    std::vector<Member> fields; ///< Object
    ExprPtr expression;         ///< Expression
    Symbolic *symbolic;         ///< Unknown, Enumerated

    Storage() : integer(0) {}
    ~Storage() {}
  };

  void destroy();
  template <typename Source> void constructFrom(Source &&other);

  Kind kind = Kind::Null;
  SourceRange range;
  Storage u;
};

/// An object member with the range of its key.
struct Member {
  std::string key;
  SourceRange keyRange;
  Value value;
};

/// Appends \p s to \p out as a JSON string literal.
void printJsonString(std::string &out, llvm::StringRef s);

} // namespace armor::ir

#endif // ARMOR_IR_VALUE_H
