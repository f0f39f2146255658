//===- Syntax.h - The typed Bicep AST ---------------------------*- C++ -*-===//
///
/// \file
/// The abstract syntax of a Bicep file, built from the tree the generated
/// parser records and consumed by the lowering. Nodes live in a SyntaxArena (a bump allocator
/// that never runs destructors), so they hold only trivially destructible
/// members: StringRef into the source or the arena, ArrayRef of arena arrays,
/// pointers to other nodes. Every node has the SourceRange of its text.
///
/// Parse errors leave ErrorExpr / ErrorType nodes behind; consumers treat
/// them as unknown and never report them again.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_FRONTEND_BICEP_SYNTAX_H
#define ARMOR_FRONTEND_BICEP_SYNTAX_H

#include "ir/SourceManager.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/Casting.h"

#include <cstdint>
#include <type_traits>

namespace armor::bicep::ast {

/// Owns the nodes and strings of one file's AST.
class SyntaxArena {
public:
  template <typename T, typename... Args> T *make(Args &&...args) {
    static_assert(std::is_trivially_destructible_v<T>,
                  "arena nodes are never destroyed");
    return new (alloc.Allocate<T>()) T(std::forward<Args>(args)...);
  }
  template <typename T> llvm::ArrayRef<T> copy(llvm::ArrayRef<T> items) {
    static_assert(std::is_trivially_destructible_v<T>,
                  "arena arrays are never destroyed");
    if (items.empty())
      return {};
    T *data = alloc.Allocate<T>(items.size());
    std::uninitialized_copy(items.begin(), items.end(), data);
    return {data, items.size()};
  }
  llvm::StringRef copy(llvm::StringRef text) {
    if (text.empty())
      return {};
    char *data = alloc.Allocate<char>(text.size());
    std::memcpy(data, text.data(), text.size());
    return {data, text.size()};
  }
  size_t getBytesAllocated() const { return alloc.getBytesAllocated(); }

private:
  llvm::BumpPtrAllocator alloc;
};

struct Expr;
struct TypeNode;
struct ObjectExpr;
struct ResourceDecl;

//===----------------------------------------------------------------------===//
// Decorators
//===----------------------------------------------------------------------===//

/// `@name(args)` or `@ns.name(args)`.
struct Decorator {
  llvm::StringRef nameSpace; ///< `sys` in `@sys.description`; may be empty
  llvm::StringRef name;
  llvm::ArrayRef<Expr *> args;
  bool hasArgs = false;
  SourceRange range;
};

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

struct Expr {
  enum class Kind : uint8_t {
    Error,
    String,
    Integer,
    Boolean,
    Null,
    Object,
    Array,
    For,
    If,
    Ternary,
    Binary,
    Unary,
    Call,
    Property,
    Index,
    ResourceAccess,
    NonNull,
    Name,
    Paren,
    Lambda,
  };
  Kind kind;
  SourceRange range;

protected:
  Expr(Kind kind, SourceRange range) : kind(kind), range(range) {}
};

/// A placeholder for text that did not parse (already reported).
struct ErrorExpr : Expr {
  explicit ErrorExpr(SourceRange range) : Expr(Kind::Error, range) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Error; }
};

/// A string: segments.size() == holes.size() + 1; segments are unescaped.
struct StringExpr : Expr {
  llvm::ArrayRef<llvm::StringRef> segments;
  llvm::ArrayRef<Expr *> holes;
  StringExpr(SourceRange range, llvm::ArrayRef<llvm::StringRef> segments,
             llvm::ArrayRef<Expr *> holes)
      : Expr(Kind::String, range), segments(segments), holes(holes) {}
  bool isLiteral() const { return holes.empty(); }
  /// The value of a string without interpolation.
  llvm::StringRef literal() const {
    return segments.empty() ? llvm::StringRef() : segments.front();
  }
  static bool classof(const Expr *e) { return e->kind == Kind::String; }
};

struct IntegerExpr : Expr {
  uint64_t value;
  bool overflow; ///< more digits than an unsigned 64-bit integer holds
  IntegerExpr(SourceRange range, uint64_t value, bool overflow)
      : Expr(Kind::Integer, range), value(value), overflow(overflow) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Integer; }
};

struct BooleanExpr : Expr {
  bool value;
  BooleanExpr(SourceRange range, bool value)
      : Expr(Kind::Boolean, range), value(value) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Boolean; }
};

struct NullExpr : Expr {
  explicit NullExpr(SourceRange range) : Expr(Kind::Null, range) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Null; }
};

/// One element of an object literal.
struct ObjectItem {
  enum class Kind : uint8_t { Property, Spread, Resource };
  Kind kind;
  /// Property: the key (an identifier key is a literal StringExpr).
  StringExpr *key = nullptr;
  /// Property: the value; Spread: the spread expression.
  Expr *value = nullptr;
  /// Resource: a nested resource declaration.
  ResourceDecl *resource = nullptr;
  SourceRange range;

  /// The key text of a property without interpolation, else empty.
  llvm::StringRef keyText() const {
    return key && key->isLiteral() ? key->literal() : llvm::StringRef();
  }
};

struct ObjectExpr : Expr {
  llvm::ArrayRef<ObjectItem> items;
  ObjectExpr(SourceRange range, llvm::ArrayRef<ObjectItem> items)
      : Expr(Kind::Object, range), items(items) {}
  /// The first property whose literal key equals \p name (case-sensitive,
  /// as Bicep property names are).
  const ObjectItem *find(llvm::StringRef name) const {
    for (const ObjectItem &item : items)
      if (item.kind == ObjectItem::Kind::Property && item.keyText() == name)
        return &item;
    return nullptr;
  }
  Expr *get(llvm::StringRef name) const {
    const ObjectItem *item = find(name);
    return item ? item->value : nullptr;
  }
  static bool classof(const Expr *e) { return e->kind == Kind::Object; }
};

struct ArrayItem {
  Expr *value;
  bool spread;
};

struct ArrayExpr : Expr {
  llvm::ArrayRef<ArrayItem> items;
  ArrayExpr(SourceRange range, llvm::ArrayRef<ArrayItem> items)
      : Expr(Kind::Array, range), items(items) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Array; }
};

/// `[for item in iterable: body]` / `[for (item, index) in iterable: body]`.
struct ForExpr : Expr {
  llvm::StringRef itemName;
  llvm::StringRef indexName; ///< empty without an index variable
  SourceRange itemRange, indexRange;
  Expr *iterable;
  Expr *body; ///< an IfExpr for a filtered loop
  ForExpr(SourceRange range, llvm::StringRef itemName, SourceRange itemRange,
          llvm::StringRef indexName, SourceRange indexRange, Expr *iterable,
          Expr *body)
      : Expr(Kind::For, range), itemName(itemName), indexName(indexName),
        itemRange(itemRange), indexRange(indexRange), iterable(iterable),
        body(body) {}
  static bool classof(const Expr *e) { return e->kind == Kind::For; }
};

/// `if (condition) { body }`: the value of a conditional resource or module,
/// or the body of a filtered loop.
struct IfExpr : Expr {
  Expr *condition;
  ObjectExpr *body;
  IfExpr(SourceRange range, Expr *condition, ObjectExpr *body)
      : Expr(Kind::If, range), condition(condition), body(body) {}
  static bool classof(const Expr *e) { return e->kind == Kind::If; }
};

struct TernaryExpr : Expr {
  Expr *condition, *whenTrue, *whenFalse;
  TernaryExpr(SourceRange range, Expr *condition, Expr *whenTrue,
              Expr *whenFalse)
      : Expr(Kind::Ternary, range), condition(condition), whenTrue(whenTrue),
        whenFalse(whenFalse) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Ternary; }
};

enum class BinaryOp : uint8_t {
  Multiply,
  Divide,
  Modulo,
  Add,
  Subtract,
  Greater,
  GreaterOrEquals,
  Less,
  LessOrEquals,
  Equals,
  NotEquals,
  EqualsInsensitive,
  NotEqualsInsensitive,
  And,
  Or,
  Coalesce,
};

struct BinaryExpr : Expr {
  BinaryOp op;
  Expr *lhs, *rhs;
  BinaryExpr(SourceRange range, BinaryOp op, Expr *lhs, Expr *rhs)
      : Expr(Kind::Binary, range), op(op), lhs(lhs), rhs(rhs) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Binary; }
};

enum class UnaryOp : uint8_t { Not, Minus };

struct UnaryExpr : Expr {
  UnaryOp op;
  Expr *operand;
  UnaryExpr(SourceRange range, UnaryOp op, Expr *operand)
      : Expr(Kind::Unary, range), op(op), operand(operand) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Unary; }
};

/// `name(args)`, or `base.name(args)` (a namespace function such as
/// `sys.concat()`, a resource method such as `sa.listKeys()`, or a function
/// imported with `import * as ns`).
struct CallExpr : Expr {
  Expr *base; ///< null for a plain call
  llvm::StringRef name;
  SourceRange nameRange;
  llvm::ArrayRef<Expr *> args;
  CallExpr(SourceRange range, Expr *base, llvm::StringRef name,
           SourceRange nameRange, llvm::ArrayRef<Expr *> args)
      : Expr(Kind::Call, range), base(base), name(name), nameRange(nameRange),
        args(args) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Call; }
};

/// `base.name` or `base.?name`.
struct PropertyExpr : Expr {
  Expr *base;
  llvm::StringRef name;
  SourceRange nameRange;
  bool safe;
  PropertyExpr(SourceRange range, Expr *base, llvm::StringRef name,
               SourceRange nameRange, bool safe)
      : Expr(Kind::Property, range), base(base), name(name),
        nameRange(nameRange), safe(safe) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Property; }
};

/// `base[index]`, `base[?index]`, `base[^index]`.
struct IndexExpr : Expr {
  Expr *base;
  Expr *index;
  bool safe;
  bool fromEnd;
  IndexExpr(SourceRange range, Expr *base, Expr *index, bool safe, bool fromEnd)
      : Expr(Kind::Index, range), base(base), index(index), safe(safe),
        fromEnd(fromEnd) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Index; }
};

/// `parent::child`.
struct ResourceAccessExpr : Expr {
  Expr *base;
  llvm::StringRef name;
  SourceRange nameRange;
  ResourceAccessExpr(SourceRange range, Expr *base, llvm::StringRef name,
                     SourceRange nameRange)
      : Expr(Kind::ResourceAccess, range), base(base), name(name),
        nameRange(nameRange) {}
  static bool classof(const Expr *e) { return e->kind == Kind::ResourceAccess; }
};

/// `base!`.
struct NonNullExpr : Expr {
  Expr *base;
  NonNullExpr(SourceRange range, Expr *base)
      : Expr(Kind::NonNull, range), base(base) {}
  static bool classof(const Expr *e) { return e->kind == Kind::NonNull; }
};

/// A reference to a declaration, local variable or namespace by name.
struct NameExpr : Expr {
  llvm::StringRef name;
  NameExpr(SourceRange range, llvm::StringRef name)
      : Expr(Kind::Name, range), name(name) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Name; }
};

struct ParenExpr : Expr {
  Expr *inner;
  ParenExpr(SourceRange range, Expr *inner)
      : Expr(Kind::Paren, range), inner(inner) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Paren; }
};

/// `x => body` or `(x, y) => body`.
struct LambdaExpr : Expr {
  llvm::ArrayRef<llvm::StringRef> params;
  Expr *body;
  LambdaExpr(SourceRange range, llvm::ArrayRef<llvm::StringRef> params,
             Expr *body)
      : Expr(Kind::Lambda, range), params(params), body(body) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Lambda; }
};

/// Strips parentheses and `!`, which have no runtime meaning.
inline Expr *skipParens(Expr *e) {
  while (e) {
    if (auto *p = llvm::dyn_cast<ParenExpr>(e))
      e = p->inner;
    else if (auto *n = llvm::dyn_cast<NonNullExpr>(e))
      e = n->base;
    else
      return e;
  }
  return e;
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

struct ObjectTypeProperty;
struct TupleTypeItem;

struct TypeNode {
  enum class Kind : uint8_t {
    Error,
    Named,       ///< string, int, myType, resourceInput<'T@v'>
    Literal,     ///< 'a', 1, -1, true, null
    Object,      ///< { a: string, *: int }
    Tuple,       ///< [string, int]
    Array,       ///< string[]
    Union,       ///< 'a' | 'b'
    Nullable,    ///< T?
    NonNullable, ///< T!
    Property,    ///< T.prop
    Index,       ///< T[0] / T['prop']
    Items,       ///< T[*]
    Additional,  ///< T.*
    Resource,    ///< resource 'T@v'
  };
  Kind kind;
  SourceRange range;

  /// Named: the name; Property: the property.
  llvm::StringRef name;
  /// Named: type arguments; Union: members; Nullable, NonNullable, Array,
  /// Property, Index, Items, Additional: the operand in elements[0].
  llvm::ArrayRef<TypeNode *> elements;
  /// Literal: the value (StringExpr, IntegerExpr, BooleanExpr, NullExpr,
  /// or a UnaryExpr minus); Index: the index expression.
  Expr *value = nullptr;
  /// Resource: the type string (null for an untyped `resource` output).
  StringExpr *resourceType = nullptr;
  llvm::ArrayRef<ObjectTypeProperty> properties; ///< Object
  llvm::ArrayRef<TupleTypeItem> tupleItems;      ///< Tuple

  TypeNode(Kind kind, SourceRange range) : kind(kind), range(range) {}
  TypeNode *operand() const {
    return elements.empty() ? nullptr : elements.front();
  }
};

struct ObjectTypeProperty {
  llvm::ArrayRef<Decorator> decorators;
  llvm::StringRef name; ///< empty for `*`
  bool additional;      ///< the `*: T` entry
  SourceRange nameRange;
  TypeNode *type;
};

struct TupleTypeItem {
  llvm::ArrayRef<Decorator> decorators;
  TypeNode *type;
};

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

struct Decl {
  enum class Kind : uint8_t {
    TargetScope,
    Metadata,
    Param,
    Var,
    Type,
    Func,
    Resource,
    Module,
    Output,
    Import,
    Extension,
    ExtensionConfig,
    Assert,
    Test,
    Using,
    Extends,
  };
  Kind kind;
  SourceRange range;
  llvm::ArrayRef<Decorator> decorators;
  llvm::StringRef name; ///< the declared symbol, if any
  SourceRange nameRange;

  const Decorator *findDecorator(llvm::StringRef decoratorName) const {
    for (const Decorator &d : decorators)
      if (d.name == decoratorName &&
          (d.nameSpace.empty() || d.nameSpace == "sys" || d.nameSpace == "az"))
        return &d;
    return nullptr;
  }

protected:
  Decl(Kind kind, SourceRange range) : kind(kind), range(range) {}
};

/// targetScope, metadata, assert: `keyword [name] = value`.
struct ValueDecl : Decl {
  Expr *value;
  ValueDecl(Kind kind, SourceRange range, Expr *value)
      : Decl(kind, range), value(value) {}
  static bool classof(const Decl *d) {
    return d->kind == Kind::TargetScope || d->kind == Kind::Metadata ||
           d->kind == Kind::Assert;
  }
};

struct ParamDecl : Decl {
  TypeNode *type;     ///< null in .bicepparam assignments
  Expr *defaultValue; ///< the default, or the assigned value in .bicepparam
  ParamDecl(SourceRange range, TypeNode *type, Expr *defaultValue)
      : Decl(Kind::Param, range), type(type), defaultValue(defaultValue) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Param; }
};

struct VarDecl : Decl {
  TypeNode *type; ///< null unless typed
  Expr *value;
  VarDecl(SourceRange range, TypeNode *type, Expr *value)
      : Decl(Kind::Var, range), type(type), value(value) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Var; }
};

struct TypeDecl : Decl {
  TypeNode *value;
  TypeDecl(SourceRange range, TypeNode *value)
      : Decl(Kind::Type, range), value(value) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Type; }
};

struct FuncParam {
  llvm::StringRef name;
  SourceRange nameRange;
  TypeNode *type;
};

struct FuncDecl : Decl {
  llvm::ArrayRef<FuncParam> params;
  TypeNode *returnType;
  Expr *body;
  FuncDecl(SourceRange range, llvm::ArrayRef<FuncParam> params,
           TypeNode *returnType, Expr *body)
      : Decl(Kind::Func, range), params(params), returnType(returnType),
        body(body) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Func; }
};

/// A resource; nested child resources are items of its body object.
struct ResourceDecl : Decl {
  StringExpr *typeString;
  bool existing;
  Expr *body; ///< ObjectExpr, IfExpr or ForExpr
  ResourceDecl(SourceRange range, StringExpr *typeString, bool existing,
               Expr *body)
      : Decl(Kind::Resource, range), typeString(typeString), existing(existing),
        body(body) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Resource; }
};

struct ModuleDecl : Decl {
  StringExpr *path;
  Expr *body; ///< ObjectExpr, IfExpr or ForExpr
  ModuleDecl(SourceRange range, StringExpr *path, Expr *body)
      : Decl(Kind::Module, range), path(path), body(body) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Module; }
};

struct OutputDecl : Decl {
  TypeNode *type;
  Expr *value;
  OutputDecl(SourceRange range, TypeNode *type, Expr *value)
      : Decl(Kind::Output, range), type(type), value(value) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Output; }
};

struct ImportedSymbol {
  llvm::StringRef name;  ///< the exported name
  llvm::StringRef alias; ///< the local name (name when no `as`)
  SourceRange range;
};

/// `import {a, b as c} from 'f'`, `import * as ns from 'f'`, or the legacy
/// extension form `import 'az@1.0.0' with {...} as x`.
struct ImportDecl : Decl {
  StringExpr *path;
  llvm::ArrayRef<ImportedSymbol> symbols;
  llvm::StringRef wildcardAlias; ///< non-empty for `import * as ns`
  bool legacyExtension;
  ImportDecl(SourceRange range, StringExpr *path,
             llvm::ArrayRef<ImportedSymbol> symbols,
             llvm::StringRef wildcardAlias, bool legacyExtension)
      : Decl(Kind::Import, range), path(path), symbols(symbols),
        wildcardAlias(wildcardAlias), legacyExtension(legacyExtension) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Import; }
};

/// `extension name`, `extension 'ref' with {...} as alias`, and the
/// .bicepparam `extensionConfig alias with {...}`.
struct ExtensionDecl : Decl {
  llvm::StringRef specName; ///< an identifier specification
  StringExpr *specString;   ///< a string specification
  ObjectExpr *config;
  ExtensionDecl(Kind kind, SourceRange range, llvm::StringRef specName,
                StringExpr *specString, ObjectExpr *config)
      : Decl(kind, range), specName(specName), specString(specString),
        config(config) {}
  static bool classof(const Decl *d) {
    return d->kind == Kind::Extension || d->kind == Kind::ExtensionConfig;
  }
};

/// `test name 'file' = {...}`, `using 'file' [with {...}]`, `extends 'f'`.
struct FileRefDecl : Decl {
  StringExpr *path; ///< null for `using none`
  ObjectExpr *body;
  FileRefDecl(Kind kind, SourceRange range, StringExpr *path, ObjectExpr *body)
      : Decl(kind, range), path(path), body(body) {}
  static bool classof(const Decl *d) {
    return d->kind == Kind::Test || d->kind == Kind::Using ||
           d->kind == Kind::Extends;
  }
};

/// One parsed file.
struct Program {
  FileId file = 0;
  llvm::ArrayRef<Decl *> decls;
};

} // namespace armor::bicep::ast

#endif // ARMOR_FRONTEND_BICEP_SYNTAX_H
