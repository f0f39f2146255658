//===- PolicyEvaluator.cpp - Evaluating policy rules on resources ---------===//
///
/// \file
/// Three-valued evaluation of compiled conditions on one resource. Fields
/// resolve to items that are present (pointing into the IR), absent (with
/// the range of the closest element that exists) or unknown (with the
/// provenance of the value that is not known). Enumerated values are
/// explored one combination of alternatives at a time ("worlds"): a run
/// takes the first alternative of every enumerated value it meets that the
/// world does not fix yet, and the runs for the other alternatives are
/// queued, so every combination the rule actually reads is evaluated once.
///
//===----------------------------------------------------------------------===//

#include "passes/policy/PolicyEngine.h"
#include "passes/policy/PolicyExpr.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <set>

using namespace armor;
using namespace armor::policy;
using ir::ExprPtr;
using ir::Value;

/// Combinations of enumerated alternatives evaluated per resource; beyond
/// it the verdict is unknown.
static constexpr unsigned maxWorlds = 64;

namespace {

/// A resolved field: present (a value), absent, or not known.
struct Item {
  enum class State : uint8_t { Absent, Present, Unknown };
  State state = State::Absent;
  const Value *value = nullptr;
  /// Keeps a computed value alive (a normalized location, a name segment).
  std::shared_ptr<const Value> keep;
  /// The value's range; for an absent field, the closest element that
  /// exists (the tags object, or the resource type).
  SourceRange range;
  std::string why; ///< Unknown: the provenance

  static Item present(const Value *value, SourceRange range) {
    Item item;
    item.state = State::Present;
    item.value = value;
    item.range = range;
    return item;
  }
  static Item owned(Value value, SourceRange range) {
    Item item;
    item.keep = std::make_shared<const Value>(std::move(value));
    item.state = State::Present;
    item.value = item.keep.get();
    item.range = range;
    return item;
  }
  static Item absent(SourceRange range) {
    Item item;
    item.range = range;
    return item;
  }
  static Item unknown(SourceRange range, std::string why) {
    Item item;
    item.state = State::Unknown;
    item.range = range;
    item.why = std::move(why);
    return item;
  }
};

/// A field's items: one, or the members of a `[*]` collection.
struct Resolved {
  bool collection = false;
  std::vector<Item> items;
  /// Collections: the array (or where it would be).
  SourceRange anchor;
};

/// A member being counted, for fields inside `where` and `current()`.
struct Frame {
  const FieldRef *prefix = nullptr; ///< field count: the counted alias
  std::string name;                 ///< value count: its name
  Item member;
};

struct Outcome {
  Truth truth = Truth::False;
  std::vector<Reason> reasons;
  std::optional<UnknownVerdict> unknown;
};

/// The assignment of alternatives to the enumerated values of one run.
using World = std::vector<std::pair<std::string, unsigned>>;

/// One evaluation of conditions on one resource in one world.
class Run : public FieldAccess {
public:
  Run(const ir::Resource &resource, const ir::Module &module,
      const EvaluationOptions &options, World world)
      : resource(resource), module(module), options(options),
        world(std::move(world)) {}

  Outcome eval(const Condition &condition);

  /// Fields in expressions (`[field('name')]`) read \p other; existence
  /// conditions evaluate on a related resource but refer to the resource
  /// that triggered them in their expressions.
  void setExpressionResource(const ir::Resource *other) {
    expressionResource = other;
  }

  struct Discovery {
    std::string key;
    unsigned count;
  };
  /// Enumerated values met that the world did not fix, in order.
  std::vector<Discovery> discovered;

  Value getField(llvm::StringRef name, const ExprPtr &call) override;
  Value getCurrent(std::optional<std::string> name,
                   const ExprPtr &call) override;

private:
  const Value &pick(const Value &value);
  Value materialize(const Value &value);
  Resolved resolve(const ir::Resource &on, const FieldRef &ref);
  void walk(Item item, llvm::ArrayRef<PathStep> steps, bool lenient,
            Resolved &out);
  Value toValue(const Item &item, const ExprPtr &call);
  Value evalOperand(const Condition &condition);
  Outcome evalLeaf(const Condition &condition);
  Truth applyItem(const Item &item, Operator op, const Value &operand,
                  Reason &reason, std::optional<UnknownVerdict> &unknown,
                  const std::string &subject);
  Truth evalCount(const Condition &condition, Reason &reason,
                  std::optional<UnknownVerdict> &unknown);

  const ir::Resource &resource;
  const ir::Module &module;
  const EvaluationOptions &options;
  const ir::Resource *expressionResource = nullptr;
  World world;
  std::vector<Frame> frames;
  /// Assumptions made so far; a leaf takes the ones made while it ran.
  std::vector<std::pair<std::string, Assumption>> assumptions;
};

} // namespace

static SourceRange orRange(SourceRange preferred, SourceRange fallback) {
  return preferred.isValid() ? preferred : fallback;
}

/// Why a value is not known, for messages.
static std::string getReason(const Value &value) {
  if ((value.isUnknown() || value.isEnumerated()) &&
      !value.provenance().empty())
    return value.provenance();
  if (value.isExpression() && value.expr())
    return "'[" + value.expr()->str() + "]' is not evaluated";
  if (value.isKnown()) {
    for (const Value &e : value.elements())
      if (!e.isFullyKnown())
        return getReason(e);
    for (const ir::Member &m : value.members())
      if (!m.value.isFullyKnown())
        return getReason(m.value);
  }
  return "its value is not known";
}

static bool containsEnumerated(const Value &value) {
  if (value.isEnumerated())
    return true;
  return llvm::any_of(value.elements(), containsEnumerated) ||
         llvm::any_of(value.members(), [](const ir::Member &m) {
           return containsEnumerated(m.value);
         });
}

/// The template parameter an enumerated value comes from, if any.
static std::string getParameterName(const Value &value) {
  const ExprPtr &expr = value.expr();
  if (!expr || !expr->isCallTo("parameters") || expr->args().size() != 1 ||
      expr->args().front()->getKind() != ir::Expr::Kind::String)
    return {};
  return expr->args().front()->text();
}

const Value &Run::pick(const Value &value) {
  if (!value.isEnumerated() || value.alternatives().empty())
    return value;
  SourceRange r = value.getRange();
  std::string key = value.expr()
                        ? "e:" + value.expr()->str()
                        : "r:" + std::to_string(r.file) + ":" +
                              std::to_string(r.begin) + ":" +
                              std::to_string(r.end) + ":" + value.provenance();
  unsigned index = 0;
  auto it = llvm::find_if(world, [&](const auto &p) { return p.first == key; });
  if (it != world.end()) {
    index = it->second;
  } else {
    world.push_back({key, 0});
    discovered.push_back(
        {key, static_cast<unsigned>(value.alternatives().size())});
  }
  index = std::min<unsigned>(index, value.alternatives().size() - 1);
  const Value &alternative = value.alternatives()[index];
  if (llvm::none_of(assumptions,
                    [&](const auto &a) { return a.first == key; })) {
    Assumption assumption;
    assumption.subject =
        value.expr() ? value.expr()->str() : std::string("the value");
    assumption.value = alternative;
    assumption.provenance = value.provenance();
    assumption.range = orRange(alternative.getRange(), value.getRange());
    assumption.parameter = getParameterName(value);
    assumptions.push_back({key, std::move(assumption)});
  }
  return alternative;
}

Value Run::materialize(const Value &value) {
  const Value &v = pick(value);
  if (!containsEnumerated(v))
    return v;
  if (v.isArray()) {
    std::vector<Value> elements;
    for (const Value &e : v.elements())
      elements.push_back(materialize(e));
    return Value::array(std::move(elements), v.getRange());
  }
  if (v.isObject()) {
    std::vector<ir::Member> members;
    for (const ir::Member &m : v.members())
      members.push_back({m.key, m.keyRange, materialize(m.value)});
    return Value::object(std::move(members), v.getRange());
  }
  return v;
}

void Run::walk(Item item, llvm::ArrayRef<PathStep> steps, bool lenient,
               Resolved &out) {
  if (steps.empty()) {
    out.items.push_back(std::move(item));
    return;
  }
  bool wildcardAhead =
      llvm::any_of(steps, [](const PathStep &s) { return s.wildcard; });
  auto stop = [&](Item last) {
    if (wildcardAhead) {
      // A collection under something absent has no members.
      out.collection = true;
      if (!out.anchor.isValid())
        out.anchor = last.range;
      if (last.state == Item::State::Unknown)
        out.items.push_back(std::move(last));
      return;
    }
    out.items.push_back(std::move(last));
  };
  if (item.state != Item::State::Present)
    return stop(std::move(item));
  const Value &v = pick(*item.value);
  if (!v.isKnown())
    return stop(Item::unknown(orRange(v.getRange(), item.range), getReason(v)));
  const PathStep &step = steps.front();
  if (step.wildcard) {
    out.collection = true;
    if (!out.anchor.isValid())
      out.anchor = item.range;
    if (!v.isArray())
      return;
    for (const Value &element : v.elements())
      walk(Item::present(&element, orRange(element.getRange(), item.range)),
           steps.drop_front(), /*lenient=*/true, out);
    return;
  }
  const Value *found = nullptr;
  if (v.isObject()) {
    found = v.get(step.key);
    // Members of sub-resource arrays keep their settings in `properties`.
    if (!found && lenient)
      if (const Value *props = v.get("properties")) {
        const Value &p = pick(*props);
        if (p.isObject())
          found = p.get(step.key);
      }
  }
  if (!found)
    return stop(Item::absent(item.range));
  walk(Item::present(found, orRange(found->getRange(), item.range)),
       steps.drop_front(), /*lenient=*/false, out);
}

static std::string getLastSegment(llvm::StringRef name) {
  return name.rsplit('/').second.empty() ? name.str()
                                         : name.rsplit('/').second.str();
}

Resolved Run::resolve(const ir::Resource &on, const FieldRef &ref) {
  Resolved r;
  SourceRange typeRange = orRange(on.typeRange, on.range);
  auto single = [&](Item item) {
    r.items.push_back(std::move(item));
    return r;
  };
  switch (ref.kind) {
  case FieldRef::Kind::Name:
  case FieldRef::Kind::FullName: {
    const Value &name = pick(on.name);
    SourceRange range = orRange(name.getRange(), typeRange);
    if (!name.isKnown())
      return single(Item::unknown(range, getReason(name)));
    if (ref.kind == FieldRef::Kind::Name && name.isString())
      return single(
          Item::owned(Value::string(getLastSegment(name.getString())), range));
    return single(Item::present(&name, range));
  }
  case FieldRef::Kind::Type:
    return single(Item::owned(Value::string(on.type), typeRange));
  case FieldRef::Kind::Location: {
    if (on.location.isNull())
      return single(Item::absent(typeRange));
    const Value &location = pick(on.location);
    SourceRange range = orRange(location.getRange(),
                                orRange(on.location.getRange(), typeRange));
    if (location.isString())
      return single(Item::owned(
          Value::string(normalizeLocation(location.getString())), range));
    return single(Item::present(&location, range));
  }
  case FieldRef::Kind::Id:
    return single(Item::unknown(
        typeRange, "the resource id contains the subscription and resource "
                   "group, which are not known before deployment"));
  case FieldRef::Kind::Path:
    break;
  }
  if (!ref.aliasType.empty() &&
      !llvm::StringRef(on.type).equals_insensitive(ref.aliasType))
    return single(Item::absent(typeRange));
  if (&on == &resource)
    for (const Frame &frame : llvm::reverse(frames)) {
      std::vector<PathStep> rest;
      if (frame.prefix && isInside(ref, *frame.prefix, rest)) {
        walk(frame.member, rest, /*lenient=*/true, r);
        return r;
      }
    }
  llvm::ArrayRef<PathStep> steps = ref.path;
  Item start = Item::present(&on.body, typeRange);
  if (!steps.empty() && !steps.front().wildcard) {
    // The first step names a top-level member of the declaration: read it
    // as the IR keeps it (tags, properties, ... have their own fields).
    const Value *member = on.getMember(steps.front().key);
    start = member
                ? Item::present(member, orRange(member->getRange(), typeRange))
                : Item::absent(typeRange);
    steps = steps.drop_front();
  }
  walk(std::move(start), steps, /*lenient=*/false, r);
  return r;
}

Value Run::toValue(const Item &item, const ExprPtr &call) {
  switch (item.state) {
  case Item::State::Absent:
    return Value::null(item.range);
  case Item::State::Unknown:
    return Value::unknown(call, item.why, item.range);
  case Item::State::Present:
    break;
  }
  Value v = materialize(*item.value);
  if (!v.getRange().isValid())
    v.setRange(item.range);
  return v;
}

Value Run::getField(llvm::StringRef name, const ExprPtr &call) {
  std::string error;
  std::optional<FieldRef> ref = parseField(name, error);
  if (!ref)
    return Value::unknown(call, error);
  const ir::Resource &on = expressionResource ? *expressionResource : resource;
  Resolved r = resolve(on, *ref);
  if (!r.collection)
    return toValue(r.items.front(), call);
  std::vector<Value> values;
  for (const Item &item : r.items) {
    if (item.state == Item::State::Unknown)
      return toValue(item, call);
    values.push_back(toValue(item, call));
  }
  return Value::array(std::move(values), r.anchor);
}

Value Run::getCurrent(std::optional<std::string> name, const ExprPtr &call) {
  if (frames.empty())
    return Value::unknown(call, "current() is used outside a count");
  if (!name)
    return toValue(frames.back().member, call);
  std::string error;
  std::optional<FieldRef> ref = parseField(*name, error);
  for (const Frame &frame : llvm::reverse(frames)) {
    if (!frame.prefix) {
      if (llvm::StringRef(frame.name).equals_insensitive(*name))
        return toValue(frame.member, call);
      continue;
    }
    std::vector<PathStep> rest;
    if (ref && isInside(*ref, *frame.prefix, rest)) {
      Resolved r;
      walk(frame.member, rest, /*lenient=*/true, r);
      if (r.collection) {
        std::vector<Value> values;
        for (const Item &item : r.items)
          values.push_back(toValue(item, call));
        return Value::array(std::move(values));
      }
      return toValue(r.items.front(), call);
    }
  }
  return Value::unknown(call,
                        "current('" + *name + "') names no enclosing count");
}

Value Run::evalOperand(const Condition &condition) {
  if (!hasExpressions(condition.operand))
    return condition.operand;
  PolicyExprEvaluator evaluator(condition.parameters.get(), this, &options);
  return materialize(evaluator.evalValue(condition.operand));
}

Truth Run::applyItem(const Item &item, Operator op, const Value &operand,
                     Reason &reason, std::optional<UnknownVerdict> &unknown,
                     const std::string &subject) {
  reason.range = item.range;
  if (item.state == Item::State::Unknown) {
    if (!unknown)
      unknown = UnknownVerdict{subject, item.why, item.range};
    return Truth::Unknown;
  }
  if (item.state == Item::State::Absent) {
    reason.absent = true;
    Truth t = applyOperator(op, nullptr, operand);
    if (t == Truth::Unknown && !unknown)
      unknown = UnknownVerdict{"the value of " + subject, getReason(operand),
                               item.range};
    return t;
  }
  const Value *value = item.value;
  Value materialized;
  if (containsEnumerated(*value)) {
    materialized = materialize(*value);
    value = &materialized;
  }
  if (value->isFullyKnown())
    reason.found = value->toJson();
  Truth t = applyOperator(op, value, operand);
  if (t == Truth::Unknown && !unknown) {
    if (!value->isFullyKnown())
      unknown = UnknownVerdict{subject, getReason(*value),
                               orRange(value->getRange(), item.range)};
    else
      unknown = UnknownVerdict{"the value compared with " + subject,
                               getReason(operand), item.range};
  }
  return t;
}

Truth Run::evalCount(const Condition &condition, Reason &reason,
                     std::optional<UnknownVerdict> &unknown) {
  const CountSpec &spec = *condition.count;
  std::string subject = spec.field ? "count of field '" + spec.field->text + "'"
                                   : "count of value " + spec.value.toJson();
  std::vector<Item> members;
  SourceRange anchor = orRange(resource.typeRange, resource.range);
  std::shared_ptr<const Value> array;
  if (spec.field) {
    Resolved r = resolve(resource, *spec.field);
    anchor = orRange(r.anchor, anchor);
    for (Item &item : r.items) {
      if (item.state == Item::State::Unknown) {
        unknown = UnknownVerdict{subject, item.why, item.range};
        reason.range = item.range;
        return Truth::Unknown;
      }
      if (item.state == Item::State::Present)
        members.push_back(std::move(item));
    }
  } else {
    PolicyExprEvaluator evaluator(condition.parameters.get(), this, &options);
    array = std::make_shared<const Value>(
        materialize(evaluator.evalValue(spec.value)));
    anchor = orRange(array->getRange(), anchor);
    if (!array->isKnown()) {
      unknown = UnknownVerdict{subject, getReason(*array), anchor};
      reason.range = anchor;
      return Truth::Unknown;
    }
    if (array->isArray())
      for (const Value &element : array->elements()) {
        Item item = Item::present(&element, anchor);
        item.keep = array;
        members.push_back(std::move(item));
      }
  }

  int64_t matched = 0, possible = 0;
  SourceRange firstMatch;
  std::optional<UnknownVerdict> firstUnknown;
  for (const Item &member : members) {
    Truth where = Truth::True;
    if (spec.where) {
      frames.push_back(
          {spec.field ? &*spec.field : nullptr, spec.name, member});
      Outcome o = eval(*spec.where);
      frames.pop_back();
      where = o.truth;
      if (where == Truth::Unknown && !firstUnknown)
        firstUnknown = o.unknown;
    }
    if (where == Truth::False)
      continue;
    ++possible;
    if (where == Truth::True) {
      ++matched;
      if (!firstMatch.isValid())
        firstMatch = member.range;
    }
  }
  Value operand = evalOperand(condition);
  reason.range = orRange(firstMatch, anchor);
  reason.found = matched == possible ? std::to_string(matched)
                                     : std::to_string(matched) + " to " +
                                           std::to_string(possible);
  // The count is between the members that surely match and those that may:
  // the condition is known if it gives the same for every count between.
  Value count = Value::integer(matched);
  Truth result = applyOperator(condition.op, &count, operand);
  for (int64_t n = matched + 1; n <= possible && result != Truth::Unknown;
       ++n) {
    count = Value::integer(n);
    if (applyOperator(condition.op, &count, operand) != result)
      result = Truth::Unknown;
  }
  if (result == Truth::Unknown && !unknown)
    unknown = firstUnknown
                  ? firstUnknown
                  : UnknownVerdict{"the value compared with " + subject,
                                   getReason(operand), anchor};
  return result;
}

Outcome Run::evalLeaf(const Condition &condition) {
  size_t mark = assumptions.size();
  Outcome outcome;
  Reason reason;
  reason.condition = condition.describe();
  std::optional<UnknownVerdict> &unknown = outcome.unknown;
  Truth truth = Truth::Unknown;
  if (condition.kind == Condition::Kind::Count) {
    truth = evalCount(condition, reason, unknown);
  } else if (condition.kind == Condition::Kind::Value) {
    std::string subject = "value " + condition.value.toJson();
    PolicyExprEvaluator evaluator(condition.parameters.get(), this, &options);
    Value value = materialize(evaluator.evalValue(condition.value));
    Value operand = evalOperand(condition);
    // Report at the value when it comes from the resource (`[field(...)]`),
    // else at the resource.
    SourceRange range = value.getRange().file == resource.range.file
                            ? orRange(value.getRange(), resource.typeRange)
                            : orRange(resource.typeRange, resource.range);
    Item item =
        value.isNull() ? Item::absent(range) : Item::owned(value, range);
    truth = applyItem(item, condition.op, operand, reason, unknown, subject);
  } else {
    std::string subject = "field '" + condition.field.text + "'";
    std::optional<FieldRef> ref = condition.field.ref;
    if (!ref) {
      PolicyExprEvaluator evaluator(condition.parameters.get(), this, &options);
      Value name = evaluator.eval(condition.field.expr);
      std::string error;
      if (name.isString())
        ref = parseField(name.getString(), error);
      else
        error =
            name.isKnown() ? "the field name is not a string" : getReason(name);
      if (!ref) {
        unknown = UnknownVerdict{subject, error, condition.range};
        truth = Truth::Unknown;
      } else {
        subject = "field '" + ref->text + "'";
      }
    }
    if (ref) {
      reason.isTypeGuard = ref->kind == FieldRef::Kind::Type;
      Resolved r = resolve(resource, *ref);
      Value operand = evalOperand(condition);
      if (!r.collection) {
        truth = applyItem(r.items.front(), condition.op, operand, reason,
                          unknown, subject);
      } else {
        // A `[*]` field outside a count: the condition must hold for every
        // member, so it holds for an empty or missing array.
        truth = Truth::True;
        reason.range = r.anchor;
        std::string found;
        for (const Item &item : r.items) {
          Reason memberReason;
          Truth t = applyItem(item, condition.op, operand, memberReason,
                              unknown, subject);
          found += (found.empty() ? "" : ",") + memberReason.found;
          if (t == Truth::False) {
            truth = t;
            reason.found = memberReason.found;
            reason.absent = memberReason.absent;
            reason.range = memberReason.range;
            break;
          }
          if (t == Truth::Unknown)
            truth = t;
        }
        if (truth == Truth::True)
          reason.found = "[" + found + "]";
      }
    }
  }
  outcome.truth = truth;
  if (truth != Truth::Unknown)
    unknown.reset();
  reason.holds = truth == Truth::True;
  for (size_t i = mark; i != assumptions.size(); ++i)
    reason.assumptions.push_back(assumptions[i].second);
  outcome.reasons.push_back(std::move(reason));
  return outcome;
}

Outcome Run::eval(const Condition &condition) {
  switch (condition.kind) {
  case Condition::Kind::Not: {
    Outcome o = eval(condition.children.front());
    o.truth = negate(o.truth);
    return o;
  }
  case Condition::Kind::AllOf:
  case Condition::Kind::AnyOf: {
    // allOf is decided by a false child, anyOf by a true one; Kleene logic
    // otherwise.
    Truth decisive =
        condition.kind == Condition::Kind::AllOf ? Truth::False : Truth::True;
    Outcome result;
    result.truth = negate(decisive);
    for (const Condition &child : condition.children) {
      Outcome o = eval(child);
      if (o.truth == decisive)
        return o;
      if (o.truth == Truth::Unknown) {
        if (result.truth != Truth::Unknown)
          result.unknown = o.unknown;
        result.truth = Truth::Unknown;
        continue;
      }
      for (Reason &r : o.reasons)
        result.reasons.push_back(std::move(r));
    }
    return result;
  }
  case Condition::Kind::Field:
  case Condition::Kind::Value:
  case Condition::Kind::Count:
    return evalLeaf(condition);
  }
  llvm_unreachable("unknown condition kind");
}

//===----------------------------------------------------------------------===//
// Worlds and verdicts
//===----------------------------------------------------------------------===//

/// Values longer than this are shortened in messages.
static constexpr size_t maxFoundLength = 120;

std::string Reason::str() const {
  std::string out = holds ? condition : "not (" + condition + ")";
  if (absent)
    out += " (absent)";
  else if (found.size() > maxFoundLength) {
    // Cut at a character boundary: messages stay valid UTF-8.
    size_t cut = maxFoundLength - 3;
    while (cut && (static_cast<unsigned char>(found[cut]) & 0xC0) == 0x80)
      --cut;
    out += " (found " + found.substr(0, cut) + "...)";
  } else if (!found.empty())
    out += " (found " + found + ")";
  return out;
}

std::string Violation::explain() const {
  bool onlyGuards =
      llvm::all_of(reasons, [](const Reason &r) { return r.isTypeGuard; });
  std::string out;
  for (const Reason &r : reasons) {
    if (r.isTypeGuard && !onlyGuards)
      continue;
    if (!out.empty())
      out += " and ";
    out += r.str();
  }
  for (size_t i = 0; i != assumptions.size(); ++i) {
    const Assumption &a = assumptions[i];
    out += i ? ", " : "; assuming ";
    out += a.subject + " is " + a.value.toJson() + " (" + a.provenance + ")";
  }
  return out;
}

namespace {
/// What exploring every world gave.
struct Exploration {
  Verdict verdict;
  unsigned trueRuns = 0, falseRuns = 0;
};
} // namespace

static Violation makeViolation(std::vector<Reason> reasons,
                               const ir::Resource &resource) {
  Violation v;
  v.reasons = std::move(reasons);
  for (const Reason &r : v.reasons)
    for (const Assumption &a : r.assumptions)
      if (llvm::none_of(v.assumptions, [&](const Assumption &b) {
            return a.subject == b.subject &&
                   a.value.toJson() == b.value.toJson();
          }))
        v.assumptions.push_back(a);
  for (const Reason &r : v.reasons)
    if (!r.isTypeGuard && r.range.isValid()) {
      v.range = r.range;
      break;
    }
  if (!v.range.isValid())
    v.range = orRange(resource.typeRange, resource.range);
  return v;
}

template <typename Fn>
static Exploration explore(const ir::Resource &resource,
                           const ir::Module &module,
                           const EvaluationOptions &options, Fn &&evaluate) {
  Exploration result;
  std::vector<World> pending(1);
  std::set<std::string> seen;
  unsigned runs = 0;
  while (!pending.empty()) {
    if (runs++ == maxWorlds) {
      if (!result.verdict.unknown)
        result.verdict.unknown =
            UnknownVerdict{"the policy",
                           "the resource has too many combinations of "
                           "possible values to evaluate",
                           orRange(resource.typeRange, resource.range)};
      break;
    }
    World fixed = std::move(pending.back());
    pending.pop_back();
    Run run(resource, module, options, fixed);
    Outcome outcome = evaluate(run);
    // The other alternatives of each value this run met first, queued so
    // that worlds run in the order of the alternatives.
    World prefix = fixed;
    std::vector<World> next;
    for (const Run::Discovery &d : run.discovered) {
      for (unsigned i = 1; i < d.count; ++i) {
        next.push_back(prefix);
        next.back().push_back({d.key, i});
      }
      prefix.push_back({d.key, 0});
    }
    for (World &w : llvm::reverse(next))
      pending.push_back(std::move(w));
    if (outcome.truth == Truth::False) {
      ++result.falseRuns;
      continue;
    }
    if (outcome.truth == Truth::Unknown) {
      if (!result.verdict.unknown)
        result.verdict.unknown = outcome.unknown;
      if (!result.verdict.unknown)
        result.verdict.unknown =
            UnknownVerdict{"the policy", "a value it reads is not known",
                           orRange(resource.typeRange, resource.range)};
      continue;
    }
    ++result.trueRuns;
    Violation v = makeViolation(std::move(outcome.reasons), resource);
    std::string key = v.explain() + "@" + std::to_string(v.range.file) + ":" +
                      std::to_string(v.range.begin);
    if (seen.insert(key).second)
      result.verdict.violations.push_back(std::move(v));
  }
  return result;
}

Verdict armor::policy::evaluateCondition(const Condition &condition,
                                         const ir::Resource &resource,
                                         const ir::Module &module,
                                         const EvaluationOptions &options) {
  return explore(resource, module, options,
                 [&](Run &run) { return run.eval(condition); })
      .verdict;
}

static std::optional<std::string> getKnownName(const ir::Resource &r) {
  if (r.name.isString())
    return r.name.getString();
  return std::nullopt;
}

/// True if \p other can be the related resource of \p resource: a child
/// type must be a child of it; other types are related by their type.
static bool isRelated(const ir::Resource &resource, const ir::Resource &other,
                      llvm::StringRef type) {
  if (!type.starts_with_insensitive(resource.type + "/"))
    return true;
  std::optional<std::string> parent = getKnownName(resource),
                             child = getKnownName(other);
  if (!parent || !child)
    return true;
  return llvm::StringRef(*child).starts_with_insensitive(*parent + "/");
}

Verdict armor::policy::evaluate(const CompiledPolicy &policy,
                                const ir::Resource &resource,
                                const ir::Module &module,
                                const EvaluationOptions &options) {
  Verdict verdict =
      evaluateCondition(policy.getCondition(), resource, module, options);
  const std::optional<ExistenceCheck> &check = policy.getExistenceCheck();
  if (!check || verdict.violations.empty())
    return verdict;

  // auditIfNotExists / deployIfNotExists: the resource is compliant if a
  // related resource satisfies the existence condition.
  std::optional<UnknownVerdict> unknown;
  for (const ir::Resource &other : module.resources) {
    if (&other == &resource ||
        !llvm::StringRef(other.type).equals_insensitive(check->type))
      continue;
    if (!check->name.empty()) {
      std::optional<std::string> name = getKnownName(other);
      if (name && !llvm::StringRef(*name).equals_insensitive(check->name) &&
          !llvm::StringRef(getLastSegment(*name))
               .equals_insensitive(check->name))
        continue;
    }
    if (!isRelated(resource, other, check->type))
      continue;
    if (!check->existenceCondition)
      return {};
    Exploration related = explore(other, module, options, [&](Run &run) {
      run.setExpressionResource(&resource);
      return run.eval(*check->existenceCondition);
    });
    if (related.falseRuns == 0 && !related.verdict.unknown)
      return {};
    if (related.falseRuns == 0 && !unknown)
      unknown = related.verdict.unknown;
  }
  if (unknown)
    return Verdict{{}, unknown};
  std::string missing =
      "no " + check->type +
      (check->name.empty() ? "" : " named '" + check->name + "'") +
      (check->existenceCondition
           ? " that satisfies " + check->existenceCondition->describe()
           : "") +
      " is deployed with it";
  for (Violation &v : verdict.violations) {
    Reason reason;
    reason.condition = missing;
    reason.range = v.range;
    v.reasons.push_back(std::move(reason));
  }
  return verdict;
}
