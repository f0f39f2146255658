//===- PolicyExpr.cpp - Template functions inside policy rules ------------===//

#include "passes/policy/PolicyExpr.h"

#include "passes/eval/Evaluator.h"
#include "passes/eval/ValueUtil.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

using namespace armor;
using namespace armor::policy;
using ir::Expr;
using ir::ExprPtr;
using ir::Value;

FieldAccess::~FieldAccess() = default;

/// Deeper nesting than this in a policy expression is not evaluated.
static constexpr unsigned maxDepth = 64;

PolicyExprEvaluator::PolicyExprEvaluator(const ParameterValues *parameters,
                                         FieldAccess *fields,
                                         const EvaluationOptions *options)
    : parameters(parameters), fields(fields), options(options) {}

PolicyExprEvaluator::~PolicyExprEvaluator() = default;

bool armor::policy::hasExpressions(const Value &value) {
  if (value.isExpression())
    return true;
  return llvm::any_of(value.elements(), hasExpressions) ||
         llvm::any_of(value.members(), [](const ir::Member &m) {
           return hasExpressions(m.value);
         });
}

Value PolicyExprEvaluator::fail(const ExprPtr &at, std::string message) {
  if (error.empty()) {
    error = message;
    errorRange = at->getRange();
  }
  return Value::unknown(at, std::move(message));
}

Value PolicyExprEvaluator::needsResource(const ExprPtr &call) {
  dynamic = true;
  return Value::unknown(call, (llvm::Twine("'") + call->str() +
                               "' depends on the resource "
                               "evaluated")
                                  .str());
}

Value PolicyExprEvaluator::evalValue(const Value &value) {
  switch (value.getKind()) {
  case Value::Kind::Expression: {
    Value result = eval(value.expr());
    if (!result.getRange().isValid())
      result.setRange(value.getRange());
    return result;
  }
  case Value::Kind::Array: {
    if (!hasExpressions(value))
      return value;
    std::vector<Value> elements;
    for (const Value &e : value.elements())
      elements.push_back(evalValue(e));
    return Value::array(std::move(elements), value.getRange());
  }
  case Value::Kind::Object: {
    if (!hasExpressions(value))
      return value;
    std::vector<ir::Member> members;
    for (const ir::Member &m : value.members())
      members.push_back({m.key, m.keyRange, evalValue(m.value)});
    return Value::object(std::move(members), value.getRange());
  }
  default:
    return value;
  }
}

static std::string getReason(const Value &value) {
  if ((value.isUnknown() || value.isEnumerated()) &&
      !value.provenance().empty())
    return value.provenance();
  return "its value is not known";
}

Value PolicyExprEvaluator::eval(const ExprPtr &exprPtr) {
  const Expr &expr = *exprPtr;
  if (std::optional<Value> literal = eval::getLiteralValue(expr))
    return std::move(*literal);
  if (depth >= maxDepth)
    return fail(exprPtr, "the expression is nested too deeply");
  ++depth;
  Value result;
  if (expr.getKind() == Expr::Kind::Call) {
    result = evalCall(exprPtr);
  } else {
    Value base = eval(expr.operandPtr());
    Value index = expr.getKind() == Expr::Kind::Member
                      ? Value::string(expr.text())
                      : eval(expr.indexPtr());
    if (!base.isKnown() || !index.isKnown()) {
      result =
          Value::unknown(exprPtr, getReason(base.isKnown() ? index : base));
    } else if (base.isObject() && index.isString()) {
      const Value *member = base.get(index.getString());
      result = member ? *member
                      : fail(exprPtr, "the object has no member '" +
                                          index.getString() + "'");
    } else if (base.isArray() && index.isInteger()) {
      int64_t i = index.getInteger();
      if (i < 0 || static_cast<size_t>(i) >= base.elements().size())
        result = fail(exprPtr, "index " + std::to_string(i) +
                                   " is out of the array's bounds");
      else
        result = base.elements()[i];
    } else if (base.isNull()) {
      result = Value::null();
    } else {
      result = fail(exprPtr, (llvm::Twine("'") + expr.str() +
                              "' indexes a value that has no such member")
                                 .str());
    }
  }
  --depth;
  return result;
}

/// True if \p builtin is one of \p table's.
static bool isIn(const eval::Builtin *builtin,
                 llvm::ArrayRef<eval::Builtin> table) {
  return builtin >= table.begin() && builtin < table.end();
}

static Value unknownMember(llvm::StringRef function, llvm::StringRef member,
                           std::string why) {
  return Value::unknown(
      Expr::makeMember(Expr::makeCall(function.str(), {}), member.str()),
      std::move(why));
}

Value PolicyExprEvaluator::evalCall(const ExprPtr &callPtr) {
  const Expr &call = *callPtr;
  llvm::StringRef name = call.text();
  const std::vector<ExprPtr> &args = call.args();
  auto arity = [&](size_t min, size_t max) {
    return args.size() >= min && args.size() <= max;
  };
  auto stringArg = [&](size_t i) -> std::optional<std::string> {
    Value v = eval(args[i]);
    if (v.isString())
      return v.getString();
    return std::nullopt;
  };

  if (name.equals_insensitive("parameters")) {
    if (!arity(1, 1))
      return fail(callPtr, "parameters() takes one argument");
    std::optional<std::string> key = stringArg(0);
    if (!key)
      return fail(callPtr, "the argument of parameters() must be a string");
    auto it = parameters ? parameters->find(llvm::StringRef(*key).lower())
                         : ParameterValues::const_iterator();
    if (!parameters || it == parameters->end())
      return fail(callPtr, "the policy has no parameter '" + *key + "'");
    return it->second;
  }
  if (name.equals_insensitive("field")) {
    if (!arity(1, 1))
      return fail(callPtr, "field() takes one argument");
    std::optional<std::string> field = stringArg(0);
    if (!field)
      return fail(callPtr, "the argument of field() must be a string");
    if (!fields)
      return needsResource(callPtr);
    return fields->getField(*field, callPtr);
  }
  if (name.equals_insensitive("current")) {
    if (!arity(0, 1))
      return fail(callPtr, "current() takes at most one argument");
    std::optional<std::string> which;
    if (args.size() == 1) {
      which = stringArg(0);
      if (!which)
        return fail(callPtr, "the argument of current() must be a string");
    }
    if (!fields)
      return needsResource(callPtr);
    return fields->getCurrent(which, callPtr);
  }
  if (name.equals_insensitive("if")) {
    if (!arity(3, 3))
      return fail(callPtr, "if() takes three arguments");
    Value condition = eval(args[0]);
    if (condition.isBoolean())
      return eval(args[condition.getBoolean() ? 1 : 2]);
    if (condition.isKnown())
      return fail(callPtr, "the condition of if() must be a boolean");
    Value whenTrue = eval(args[1]), whenFalse = eval(args[2]);
    if (whenTrue.isFullyKnown() && whenFalse.isFullyKnown() &&
        policyEquals(whenTrue, whenFalse) == Truth::True)
      return whenTrue;
    return Value::unknown(callPtr, getReason(condition));
  }
  if (name.equals_insensitive("and") || name.equals_insensitive("or")) {
    bool isAnd = name.equals_insensitive("and");
    if (args.empty())
      return fail(callPtr, name.str() + "() takes at least one argument");
    std::optional<std::string> unknownWhy;
    for (const ExprPtr &arg : args) {
      Value v = eval(arg);
      if (v.isBoolean()) {
        if (v.getBoolean() != isAnd)
          return Value::boolean(!isAnd);
        continue;
      }
      if (v.isKnown())
        return fail(callPtr,
                    "the arguments of " + name.str() + "() must be booleans");
      if (!unknownWhy)
        unknownWhy = getReason(v);
    }
    if (unknownWhy)
      return Value::unknown(callPtr, *unknownWhy);
    return Value::boolean(isAnd);
  }
  // The deployment context of the resource evaluated.
  if (name.equals_insensitive("resourceGroup")) {
    if (!options)
      return needsResource(callPtr);
    std::vector<ir::Member> members;
    members.push_back({"name",
                       {},
                       unknownMember("resourceGroup", "name",
                                     "the resource group is not known")});
    members.push_back({"id",
                       {},
                       unknownMember("resourceGroup", "id",
                                     "the resource group is not known")});
    members.push_back(
        {"location",
         {},
         options->resourceGroupLocation
             ? Value::string(*options->resourceGroupLocation)
             : unknownMember("resourceGroup", "location",
                             "resourceGroup().location is not configured")});
    return Value::object(std::move(members));
  }
  if (name.equals_insensitive("subscription") ||
      name.equals_insensitive("requestContext") ||
      name.equals_insensitive("policy") ||
      name.equals_insensitive("managementGroup"))
    return Value::unknown(callPtr,
                          name.str() + "() is not known before deployment");

  const eval::Builtin *builtin = eval::lookupBuiltin(name);
  if (!builtin)
    return fail(callPtr, "unknown function '" + name.str() + "'");
  if (builtin->lazy || isIn(builtin, eval::getDeploymentBuiltins()) ||
      isIn(builtin, eval::getLambdaBuiltins()))
    return fail(callPtr, "function '" + name.str() +
                             "' cannot be used in a policy rule");
  if (args.size() < builtin->minArgs ||
      (builtin->maxArgs != eval::Builtin::VarArgs &&
       args.size() > builtin->maxArgs))
    return fail(callPtr, "function '" + name.str() +
                             "' is called with the wrong number of "
                             "arguments");
  std::vector<Value> values;
  values.reserve(args.size());
  for (const ExprPtr &arg : args)
    values.push_back(eval(arg));
  if (!library) {
    scratch = std::make_unique<DiagnosticEngine>();
    library = std::make_unique<eval::Evaluator>(*scratch);
  }
  return library->applyBuiltin(*builtin, call, std::move(values));
}
