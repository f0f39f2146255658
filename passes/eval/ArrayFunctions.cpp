//===- ArrayFunctions.cpp - ARM array and object functions ----------------===//
///
/// \file
/// array, createArray, createObject, distinct, flatten, indexFromEnd,
/// intersection, items, null, objectKeys, range, shallowMerge, tryGet,
/// tryIndexFromEnd, union. (contains, empty, first, last, indexOf, length,
/// skip, take and concat work on strings and arrays alike and live with
/// the string functions; min and max with the numeric ones.)
///
/// Object keys compare case-insensitively, as ARM's do; `union()` merges
/// nested objects, later arguments winning; `items()` sorts by key.
///
//===----------------------------------------------------------------------===//

#include "passes/eval/Evaluator.h"
#include "passes/eval/ValueUtil.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>

using namespace armor;
using namespace armor::eval;
using ir::Expr;
using ir::Member;
using ir::Value;

static Value fnArray(CallContext &c) {
  if (c[0].isArray())
    return c[0];
  return Value::array({c[0]});
}

static Value fnCreateArray(CallContext &c) { return Value::array(c.args); }

static Value fnCreateObject(CallContext &c) {
  if (c.size() % 2 != 0)
    return c.fail("expects an even number of arguments: names and values");
  std::vector<Member> members;
  for (size_t i = 0; i < c.size(); i += 2) {
    const Value &key = c[i];
    if (key.isUnknown() || key.isEnumerated() || key.isExpression())
      return c.unknown(Evaluator::getProvenance(key));
    if (!key.isString())
      return c.failType(i, "a property name string");
    for (const Member &m : members)
      if (m.key == key.getString())
        return c.fail("the property name '" + key.getString() +
                      "' is given twice");
    members.push_back({key.getString(), key.getRange(), c[i + 1]});
  }
  return Value::object(std::move(members));
}

static Value fnNull(CallContext &) { return Value::null(); }

/// Distinct elements in order; Unknown if equality cannot be decided.
static bool appendDistinct(std::vector<Value> &out, const Value &e) {
  for (const Value &seen : out) {
    Tri t = equalValues(seen, e);
    if (t == Tri::True)
      return true;
    if (t == Tri::Unknown)
      return false;
  }
  out.push_back(e);
  return true;
}

static Value fnDistinct(CallContext &c) {
  if (!c[0].isArray())
    return c.failType(0, "an array");
  std::vector<Value> out;
  for (const Value &e : c[0].elements())
    if (!appendDistinct(out, e))
      return c.unknown();
  return Value::array(std::move(out));
}

static Value fnFlatten(CallContext &c) {
  if (!c[0].isArray())
    return c.failType(0, "an array");
  std::vector<Value> out;
  for (const Value &e : c[0].elements()) {
    if (e.isArray()) {
      for (const Value &inner : e.elements())
        out.push_back(inner);
      continue;
    }
    if (e.isNull())
      continue;
    if (!e.isKnown())
      return c.unknown(Evaluator::getProvenance(e));
    return c.fail(llvm::Twine("every element must be an array, not ") +
                  getTypeName(e));
  }
  return Value::array(std::move(out));
}

static Value indexFromEnd(CallContext &c, bool lenient) {
  if (c[0].isNull() && lenient)
    return Value::null();
  if (!c[0].isArray())
    return c.failType(0, "an array");
  if (!c[1].isInteger())
    return c.failType(1, "an integer");
  int64_t n = c[1].getInteger();
  int64_t size = static_cast<int64_t>(c[0].elements().size());
  if (n < 1 || n > size) {
    if (lenient)
      return Value::null();
    return c.fail(llvm::Twine("index ") + llvm::Twine(n) +
                  " from the end is out of bounds of an array of length " +
                  llvm::Twine(size));
  }
  return c[0].elements()[size - n];
}

static Value fnIndexFromEnd(CallContext &c) { return indexFromEnd(c, false); }
static Value fnTryIndexFromEnd(CallContext &c) { return indexFromEnd(c, true); }

static Value fnIntersection(CallContext &c) {
  bool arrays = c[0].isArray(), objects = c[0].isObject();
  if (!arrays && !objects)
    return c.failType(0, "an array or an object");
  for (size_t i = 1; i != c.size(); ++i)
    if (c[i].getKind() != c[0].getKind())
      return c.fail("all arguments must be arrays, or all objects");
  if (arrays) {
    std::vector<Value> out;
    for (const Value &e : c[0].elements()) {
      bool everywhere = true;
      for (size_t i = 1; i != c.size() && everywhere; ++i)
        everywhere = llvm::any_of(c[i].elements(), [&](const Value &o) {
          return equalValues(o, e) == Tri::True;
        });
      if (everywhere && !appendDistinct(out, e))
        return c.unknown();
    }
    return Value::array(std::move(out));
  }
  std::vector<Member> out;
  for (const Member &m : c[0].members()) {
    bool everywhere = true;
    for (size_t i = 1; i != c.size() && everywhere; ++i) {
      const Value *o = c[i].get(m.key);
      everywhere = o && equalValues(*o, m.value) == Tri::True;
    }
    if (everywhere)
      out.push_back(m);
  }
  return Value::object(std::move(out));
}

static Value fnItems(CallContext &c) {
  if (!c[0].isObject())
    return c.failType(0, "an object");
  std::vector<const Member *> sorted;
  for (const Member &m : c[0].members())
    sorted.push_back(&m);
  std::stable_sort(
      sorted.begin(), sorted.end(), [](const Member *a, const Member *b) {
        return llvm::StringRef(a->key).compare_insensitive(b->key) < 0;
      });
  std::vector<Value> out;
  for (const Member *m : sorted)
    out.push_back(Value::object(
        {{"key", {}, Value::string(m->key)}, {"value", {}, m->value}}));
  return Value::array(std::move(out));
}

static Value fnObjectKeys(CallContext &c) {
  if (!c[0].isObject())
    return c.failType(0, "an object");
  std::vector<Value> out;
  for (const Member &m : c[0].members())
    out.push_back(Value::string(m.key));
  return Value::array(std::move(out));
}

static Value fnRange(CallContext &c) {
  if (!c[0].isInteger())
    return c.failType(0, "an integer");
  if (!c[1].isInteger())
    return c.failType(1, "an integer");
  int64_t start = c[0].getInteger(), count = c[1].getInteger();
  if (count < 0 || count > 10000)
    return c.fail(llvm::Twine("the count ") + llvm::Twine(count) +
                  " is outside 0 to 10000");
  if (start < INT32_MIN || start > INT32_MAX || start + count - 1 > INT32_MAX)
    return c.fail("the range goes beyond 32-bit integers");
  std::vector<Value> out;
  out.reserve(count);
  for (int64_t i = 0; i != count; ++i)
    out.push_back(Value::integer(start + i));
  return Value::array(std::move(out));
}

/// Sets \p key in \p members case-insensitively: replaces the value of an
/// existing key (keeping its spelling) or appends.
static void setMember(std::vector<Member> &members, const Member &m) {
  for (Member &existing : members)
    if (llvm::StringRef(existing.key).equals_insensitive(m.key)) {
      existing.value = m.value;
      return;
    }
  members.push_back(m);
}

static Value fnShallowMerge(CallContext &c) {
  if (!c[0].isArray())
    return c.failType(0, "an array of objects");
  std::vector<Member> out;
  for (const Value &e : c[0].elements()) {
    if (e.isNull())
      continue;
    if (!e.isKnown())
      return c.unknown(Evaluator::getProvenance(e));
    if (!e.isObject())
      return c.fail(llvm::Twine("every element must be an object, not ") +
                    getTypeName(e));
    for (const Member &m : e.members())
      setMember(out, m);
  }
  return Value::object(std::move(out));
}

static Value fnTryGet(CallContext &c) {
  Value current = c[0];
  for (size_t i = 1; i != c.size(); ++i) {
    Value key = c[i];
    // Bicep's `[^n]`: {value: n, fromEnd: true} indexes from the end.
    if (key.isObject()) {
      const Value *index = key.get("value");
      const Value *fromEnd = key.get("fromEnd");
      if (!index || !index->isInteger())
        return c.failType(i, "a string, an integer or an index object");
      int64_t n = index->getInteger();
      if (fromEnd && fromEnd->isBoolean() && fromEnd->getBoolean()) {
        if (!current.isArray())
          return i == 1 ? Value::null()
                        : c.fail("an index from the end "
                                 "needs an array");
        n = static_cast<int64_t>(current.elements().size()) - n;
      }
      key = Value::integer(n);
    }
    if (!key.isString() && !key.isInteger())
      return c.failType(i, "a string or an integer");
    if (!current.isKnown())
      return c.unknown(Evaluator::getProvenance(current));
    if (current.isNull())
      return Value::null();
    const Value *next = nullptr;
    if (current.isObject() && key.isString())
      next = current.get(key.getString());
    else if (current.isArray() && key.isInteger() && key.getInteger() >= 0 &&
             static_cast<uint64_t>(key.getInteger()) <
                 current.elements().size())
      next = &current.elements()[key.getInteger()];
    if (!next) {
      // The first step is safe; later ones are plain property accesses.
      if (i == 1)
        return Value::null();
      return c.fail(llvm::Twine("'") + toDisplayString(key) +
                    "' does not exist in the value");
    }
    Value copy = *next;
    current = std::move(copy);
  }
  return current;
}

/// union() of two objects: keys case-insensitive, nested objects merged,
/// other values replaced.
static void mergeInto(std::vector<Member> &target, const Value &patch) {
  for (const Member &m : patch.members()) {
    Member *existing = nullptr;
    for (Member &t : target)
      if (llvm::StringRef(t.key).equals_insensitive(m.key)) {
        existing = &t;
        break;
      }
    if (!existing) {
      target.push_back(m);
      continue;
    }
    const Value &old = existing->value;
    if (old.isObject() && m.value.isObject()) {
      std::vector<Member> merged = old.members();
      mergeInto(merged, m.value);
      existing->value = Value::object(std::move(merged), old.getRange());
      continue;
    }
    bool mayMerge = (old.isObject() || !old.isKnown()) &&
                    (m.value.isObject() || !m.value.isKnown()) &&
                    !(old.isKnown() && m.value.isKnown());
    if (mayMerge) {
      // Whether the values merge depends on what the unknown one is.
      existing->value = Value::unknown(
          Expr::makeCall("union", {toExpr(old), toExpr(m.value)}),
          Evaluator::getProvenance(old.isKnown() ? m.value : old));
      continue;
    }
    existing->value = m.value;
  }
}

static Value fnUnion(CallContext &c) {
  bool arrays = c[0].isArray(), objects = c[0].isObject();
  if (!arrays && !objects)
    return c.failType(0, "an array or an object");
  for (size_t i = 1; i != c.size(); ++i)
    if (c[i].getKind() != c[0].getKind())
      return c.fail("all arguments must be arrays, or all objects");
  if (arrays) {
    std::vector<Value> out;
    for (const Value &arg : c.args)
      for (const Value &e : arg.elements())
        if (!appendDistinct(out, e))
          return c.unknown();
    return Value::array(std::move(out));
  }
  std::vector<Member> out;
  for (const Value &arg : c.args)
    mergeInto(out, arg);
  return Value::object(std::move(out));
}

static const Builtin arrayBuiltins[] = {
    {"array", 1, 1, ArgPolicy::Shallow, fnArray, nullptr},
    {"createArray", 0, Builtin::VarArgs, ArgPolicy::Raw, fnCreateArray,
     nullptr},
    {"createObject", 0, Builtin::VarArgs, ArgPolicy::Raw, fnCreateObject,
     nullptr},
    {"distinct", 1, 1, ArgPolicy::Shallow, fnDistinct, nullptr},
    {"flatten", 1, 1, ArgPolicy::Shallow, fnFlatten, nullptr},
    {"indexFromEnd", 2, 2, ArgPolicy::Shallow, fnIndexFromEnd, nullptr},
    {"intersection", 2, Builtin::VarArgs, ArgPolicy::Shallow, fnIntersection,
     nullptr},
    {"items", 1, 1, ArgPolicy::Shallow, fnItems, nullptr},
    {"null", 0, 0, ArgPolicy::Raw, fnNull, nullptr},
    {"objectKeys", 1, 1, ArgPolicy::Shallow, fnObjectKeys, nullptr},
    {"range", 2, 2, ArgPolicy::Strict, fnRange, nullptr},
    {"shallowMerge", 1, 1, ArgPolicy::Shallow, fnShallowMerge, nullptr},
    {"tryGet", 2, Builtin::VarArgs, ArgPolicy::Shallow, fnTryGet, nullptr},
    {"tryIndexFromEnd", 2, 2, ArgPolicy::Shallow, fnTryIndexFromEnd, nullptr},
    {"union", 2, Builtin::VarArgs, ArgPolicy::Shallow, fnUnion, nullptr},
};

llvm::ArrayRef<Builtin> armor::eval::getArrayBuiltins() {
  return arrayBuiltins;
}
