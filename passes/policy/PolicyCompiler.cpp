//===- PolicyCompiler.cpp - Policy definitions with their parameters ------===//
///
/// \file
/// Binds parameter values to a definition and compiles its rule into a
/// Condition tree: structure checked, fields parsed, parameter-only
/// expressions folded. Every problem is a `config` error at its key.
///
//===----------------------------------------------------------------------===//

#include "passes/policy/PolicyEngine.h"
#include "passes/policy/PolicyExpr.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorHandling.h"

using namespace armor;
using namespace armor::policy;
using ir::Member;
using ir::Value;

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

static bool hasType(const Value &value, llvm::StringRef type) {
  std::string t = type.lower();
  if (t == "string" || t == "datetime")
    return value.isString();
  if (t == "array")
    return value.isArray();
  if (t == "object")
    return value.isObject();
  if (t == "boolean")
    return value.isBoolean();
  if (t == "integer")
    return value.isInteger();
  if (t == "float")
    return value.isInteger() || value.isFloat();
  return true;
}

static bool isAllowed(const Value &value, const Value &allowedValues) {
  auto contains = [&](const Value &v) {
    return llvm::any_of(allowedValues.elements(), [&](const Value &a) {
      return policyEquals(v, a) == Truth::True;
    });
  };
  if (contains(value))
    return true;
  // An array parameter's allowedValues list the values of its elements.
  return value.isArray() && llvm::all_of(value.elements(), contains);
}

static SourceRange pick(SourceRange preferred, SourceRange fallback) {
  return preferred.isValid() ? preferred : fallback;
}

std::shared_ptr<const ParameterValues>
armor::policy::bindParameters(llvm::ArrayRef<ParameterDecl> declared,
                              const Value &given, llvm::StringRef owner,
                              SourceRange at, DiagnosticEngine &diags) {
  auto values = std::make_shared<ParameterValues>();
  bool ok = true;
  auto error = [&](SourceRange range, std::string message) {
    diags.report("config", Level::Error, pick(range, at), "{0}", message);
    ok = false;
  };
  if (!given.isNull() && !given.isObject()) {
    error(given.getRange(),
          "the parameters of policy '" + owner.str() + "' must be an object");
    return nullptr;
  }
  for (const Member &m : given.members()) {
    const ParameterDecl *decl = nullptr;
    for (const ParameterDecl &d : declared)
      if (llvm::StringRef(d.name).equals_insensitive(m.key))
        decl = &d;
    if (!decl) {
      std::string names;
      for (const ParameterDecl &d : declared)
        names += (names.empty() ? "'" : ", '") + d.name + "'";
      error(m.keyRange, "policy '" + owner.str() + "' has no parameter '" +
                            m.key + "'" +
                            (names.empty() ? std::string(" (it has none)")
                                           : " (it has " + names + ")"));
      continue;
    }
    // An assignment writes { "name": { "value": v } }.
    const Value *value = &m.value;
    if (value->isObject() && value->members().size() == 1 &&
        value->members().front().key == "value")
      value = &value->members().front().value;
    if (!hasType(*value, decl->type)) {
      error(value->getRange(), "parameter '" + decl->name + "' of policy '" +
                                   owner.str() + "' must be of type " +
                                   decl->type);
      continue;
    }
    if (decl->allowedValues && !isAllowed(*value, *decl->allowedValues)) {
      error(value->getRange(), "parameter '" + decl->name + "' of policy '" +
                                   owner.str() + "' must be one of " +
                                   decl->allowedValues->toJson() + ", not " +
                                   value->toJson());
      continue;
    }
    (*values)[llvm::StringRef(decl->name).lower()] = *value;
  }
  for (const ParameterDecl &decl : declared) {
    std::string key = llvm::StringRef(decl.name).lower();
    if (values->count(key))
      continue;
    if (decl.defaultValue) {
      (*values)[key] = *decl.defaultValue;
      continue;
    }
    if (ok)
      error(at, "policy '" + owner.str() + "' needs a value for parameter '" +
                    decl.name + "'");
  }
  if (!ok)
    return nullptr;
  return values;
}

std::optional<Value> armor::policy::resolveMemberParameters(
    const Value &mapping, const ParameterValues &setParameters,
    llvm::StringRef owner, DiagnosticEngine &diags) {
  std::vector<Member> members;
  bool ok = true;
  PolicyExprEvaluator evaluator(&setParameters, nullptr, nullptr);
  for (const Member &m : mapping.members()) {
    const Value *value = m.value.get("value");
    if (!m.value.isObject() || !value) {
      diags.report("config", Level::Error, pick(m.value.getRange(), m.keyRange),
                   "parameter '{0}' of a member of initiative '{1}' needs a "
                   "'value'",
                   m.key, owner);
      ok = false;
      continue;
    }
    Value result = evaluator.evalValue(*value);
    if (!evaluator.getError().empty()) {
      diags.report("config", Level::Error,
                   pick(evaluator.getErrorRange(), value->getRange()), "{0}",
                   evaluator.getError());
      evaluator.clearError();
      ok = false;
      continue;
    }
    if (!result.isFullyKnown()) {
      diags.report("config", Level::Error, value->getRange(),
                   "the value of parameter '{0}' in initiative '{1}' must be "
                   "a constant or depend only on the initiative's parameters",
                   m.key, owner);
      ok = false;
      continue;
    }
    result.setRange(value->getRange());
    members.push_back({m.key, m.keyRange, std::move(result)});
  }
  if (!ok)
    return std::nullopt;
  return Value::object(std::move(members), mapping.getRange());
}

//===----------------------------------------------------------------------===//
// Conditions
//===----------------------------------------------------------------------===//

static std::string describeOperand(Operator op, const Value &operand) {
  if (op == Operator::Exists && operand.isString())
    return llvm::StringRef(operand.getString()).lower();
  return operand.toJson();
}

std::string Condition::describe() const {
  switch (kind) {
  case Kind::AllOf:
  case Kind::AnyOf: {
    if (children.size() == 1)
      return children.front().describe();
    std::string out = "(";
    for (size_t i = 0; i != children.size(); ++i) {
      if (i)
        out += kind == Kind::AllOf ? " and " : " or ";
      out += children[i].describe();
    }
    return out + ")";
  }
  case Kind::Not:
    return "not (" + children.front().describe() + ")";
  case Kind::Field:
  case Kind::Value:
  case Kind::Count:
    break;
  }
  std::string out;
  if (kind == Kind::Field) {
    out = "field '" + field.text + "'";
  } else if (kind == Kind::Value) {
    out = "value " + value.toJson();
  } else {
    out = "count(";
    if (count->field)
      out += "field '" + count->field->text + "'";
    else
      out += "value " + count->value.toJson();
    if (!count->name.empty())
      out += " as '" + count->name + "'";
    if (count->where)
      out += " where " + count->where->describe();
    out += ")";
  }
  return out + " " + getOperatorName(op).str() + " " +
         describeOperand(op, operand);
}

namespace {
/// Compiles the conditions of one definition.
class Compiler {
public:
  Compiler(std::shared_ptr<const ParameterValues> parameters,
           llvm::StringRef owner, SourceRange fallback, DiagnosticEngine &diags)
      : parameters(std::move(parameters)), owner(owner), fallback(fallback),
        diags(diags), evaluator(this->parameters.get(), nullptr, nullptr) {}

  bool compile(const Value &node, Condition &out);
  /// Folds the expressions of \p value that depend only on parameters.
  /// Returns \p value itself when some need the resource.
  Value fold(const Value &value);
  std::optional<FieldRef> compileFieldName(const Value &value, FieldSpec *spec);
  std::shared_ptr<const Condition> compileShared(const Value &node) {
    auto condition = std::make_shared<Condition>();
    if (!compile(node, *condition))
      return nullptr;
    return condition;
  }

  template <typename... Ts>
  void error(SourceRange range, const char *fmt, Ts &&...args) {
    diags.report("config", Level::Error, pick(range, fallback), fmt,
                 std::forward<Ts>(args)...);
    ok = false;
  }
  bool succeeded() const { return ok; }

private:
  bool compileCount(const Value &node, Condition &out);

  std::shared_ptr<const ParameterValues> parameters;
  std::string owner;
  SourceRange fallback;
  DiagnosticEngine &diags;
  PolicyExprEvaluator evaluator;
  bool ok = true;
};
} // namespace

Value Compiler::fold(const Value &value) {
  if (!hasExpressions(value))
    return value;
  evaluator.resetDynamic();
  evaluator.clearError();
  Value result = evaluator.evalValue(value);
  if (!evaluator.getError().empty()) {
    error(evaluator.getErrorRange().isValid() ? evaluator.getErrorRange()
                                              : value.getRange(),
          "policy '{0}': {1}", owner, evaluator.getError());
    return value;
  }
  if (evaluator.isDynamic())
    return value;
  if (!result.getRange().isValid())
    result.setRange(value.getRange());
  return result;
}

std::optional<FieldRef> Compiler::compileFieldName(const Value &value,
                                                   FieldSpec *spec) {
  Value name = fold(value);
  if (name.isExpression()) {
    if (!spec) {
      error(value.getRange(), "this field name must not depend on the "
                              "resource");
      return std::nullopt;
    }
    spec->expr = name.expr();
    spec->text = "[" + name.expr()->str() + "]";
    return std::nullopt;
  }
  if (!name.isString()) {
    error(value.getRange(), "a field name must be a string, not {0}",
          name.toJson());
    return std::nullopt;
  }
  std::string message;
  std::optional<FieldRef> ref = parseField(name.getString(), message);
  if (!ref) {
    error(value.getRange(), "policy '{0}': {1}", owner, message);
    return std::nullopt;
  }
  if (spec) {
    spec->text = ref->text;
    spec->ref = ref;
  }
  return ref;
}

static bool isLogicalKey(llvm::StringRef key) {
  return key.equals_insensitive("allOf") || key.equals_insensitive("anyOf") ||
         key.equals_insensitive("not");
}

bool Compiler::compile(const Value &node, Condition &out) {
  out.range = node.getRange();
  out.parameters = parameters;
  if (!node.isObject()) {
    error(node.getRange(), "a policy condition must be an object");
    return false;
  }
  const Member *logical = nullptr;
  for (const Member &m : node.members())
    if (isLogicalKey(m.key))
      logical = &m;
  if (logical) {
    if (node.members().size() != 1) {
      error(logical->keyRange,
            "'{0}' must be the only key of its condition object", logical->key);
      return false;
    }
    llvm::StringRef key(logical->key);
    if (key.equals_insensitive("not")) {
      out.kind = Condition::Kind::Not;
      out.children.resize(1);
      return compile(logical->value, out.children.front());
    }
    out.kind = key.equals_insensitive("allOf") ? Condition::Kind::AllOf
                                               : Condition::Kind::AnyOf;
    if (!logical->value.isArray() || logical->value.elements().empty()) {
      error(logical->value.getRange(),
            "'{0}' must be a non-empty array of conditions", logical->key);
      return false;
    }
    bool childrenOk = true;
    out.children.resize(logical->value.elements().size());
    for (size_t i = 0; i != out.children.size(); ++i)
      childrenOk &= compile(logical->value.elements()[i], out.children[i]);
    return childrenOk;
  }

  const Member *operand = nullptr;
  const Member *opMember = nullptr;
  bool valid = true;
  for (const Member &m : node.members()) {
    llvm::StringRef key(m.key);
    if (key.equals_insensitive("field") || key.equals_insensitive("value") ||
        key.equals_insensitive("count")) {
      if (operand) {
        error(m.keyRange, "a condition has one operand; '{0}' follows '{1}'",
              m.key, operand->key);
        valid = false;
      }
      operand = &m;
      continue;
    }
    if (std::optional<Operator> op = parseOperator(key)) {
      if (opMember) {
        error(m.keyRange, "a condition has one operator; '{0}' follows '{1}'",
              m.key, opMember->key);
        valid = false;
      }
      opMember = &m;
      out.op = *op;
      continue;
    }
    error(m.keyRange,
          "unknown key '{0}' in a policy condition (expected 'field', "
          "'value' or 'count' and an operator such as 'equals')",
          m.key);
    valid = false;
  }
  if (!valid)
    return false;
  if (!operand) {
    error(node.getRange(),
          "a policy condition needs 'field', 'value' or 'count'");
    return false;
  }
  if (!opMember) {
    error(node.getRange(), "a policy condition needs an operator such as "
                           "'equals', 'in' or 'exists'");
    return false;
  }

  llvm::StringRef operandKey(operand->key);
  if (operandKey.equals_insensitive("field")) {
    out.kind = Condition::Kind::Field;
    compileFieldName(operand->value, &out.field);
  } else if (operandKey.equals_insensitive("value")) {
    out.kind = Condition::Kind::Value;
    out.value = fold(operand->value);
  } else {
    out.kind = Condition::Kind::Count;
    if (!compileCount(operand->value, out))
      return false;
  }

  out.operand = fold(opMember->value);
  const Value &v = out.operand;
  SourceRange at = opMember->value.getRange();
  switch (out.op) {
  case Operator::Like:
  case Operator::NotLike:
    if (v.isString() && llvm::count(v.getString(), '*') > 1)
      error(at, "'{0}' takes at most one '*' wildcard: {1}", opMember->key,
            v.toJson());
    break;
  case Operator::In:
  case Operator::NotIn:
    if (v.isKnown() && !v.isArray())
      error(at, "'{0}' needs an array, not {1}", opMember->key, v.toJson());
    break;
  case Operator::Exists:
    if (v.isKnown() && !v.isBoolean() &&
        !(v.isString() &&
          (llvm::StringRef(v.getString()).equals_insensitive("true") ||
           llvm::StringRef(v.getString()).equals_insensitive("false"))))
      error(at, "'exists' takes true or false, not {0}", v.toJson());
    break;
  default:
    break;
  }
  return ok;
}

bool Compiler::compileCount(const Value &node, Condition &out) {
  if (!node.isObject()) {
    error(node.getRange(), "'count' must be an object");
    return false;
  }
  auto spec = std::make_shared<CountSpec>();
  const Member *field = nullptr, *value = nullptr;
  bool valid = true;
  for (const Member &m : node.members()) {
    llvm::StringRef key(m.key);
    if (key.equals_insensitive("field")) {
      field = &m;
    } else if (key.equals_insensitive("value")) {
      value = &m;
    } else if (key.equals_insensitive("name")) {
      if (!m.value.isString() || m.value.getString().empty()) {
        error(m.value.getRange(), "the 'name' of a count must be a string");
        valid = false;
        continue;
      }
      spec->name = m.value.getString();
    } else if (key.equals_insensitive("where")) {
      spec->where = compileShared(m.value);
      valid &= spec->where != nullptr;
    } else {
      error(m.keyRange,
            "unknown key '{0}' in a count (expected 'field' or 'value', "
            "'name' and 'where')",
            m.key);
      valid = false;
    }
  }
  if (!field == !value) {
    error(node.getRange(), "a count needs exactly one of 'field' and 'value'");
    return false;
  }
  if (field) {
    if (!spec->name.empty())
      error(node.getRange(), "a field count takes no 'name'");
    spec->field = compileFieldName(field->value, nullptr);
    if (!spec->field)
      return false;
    if (!spec->field->isCollection()) {
      error(field->value.getRange(),
            "the field of a count must be an array alias ending in '[*]', "
            "not '{0}'",
            spec->field->text);
      return false;
    }
  } else {
    spec->value = fold(value->value);
  }
  out.count = std::move(spec);
  return valid;
}

//===----------------------------------------------------------------------===//
// CompiledPolicy
//===----------------------------------------------------------------------===//

std::shared_ptr<const CompiledPolicy>
CompiledPolicy::compile(std::shared_ptr<const PolicyDefinition> definition,
                        const Value &parameterValues, SourceRange assignment,
                        DiagnosticEngine &diags) {
  std::vector<ParameterDecl> implicit;
  if (definition->bareRule)
    // A bare rule takes the parameters it is given, whatever their type.
    for (const Member &m : parameterValues.members())
      implicit.push_back({m.key, "", std::nullopt, std::nullopt, m.keyRange});
  std::shared_ptr<const ParameterValues> parameters = bindParameters(
      definition->bareRule
          ? llvm::ArrayRef<ParameterDecl>(implicit)
          : llvm::ArrayRef<ParameterDecl>(definition->parameters),
      parameterValues, definition->displayName, assignment, diags);
  if (!parameters)
    return nullptr;
  std::shared_ptr<CompiledPolicy> policy(new CompiledPolicy());
  policy->definition = definition;
  policy->parameters = parameters;
  Compiler compiler(parameters, definition->displayName,
                    pick(definition->range, assignment), diags);
  const Value *ifPart = definition->rule.get("if");
  const Value *thenPart = definition->rule.get("then");
  if (!ifPart || !thenPart) {
    compiler.error(definition->range, "policy '{0}' has no 'if' or 'then'",
                   definition->displayName);
    return nullptr;
  }
  compiler.compile(*ifPart, policy->condition);

  const Value *effectValue = thenPart->get("effect");
  Value effect = effectValue ? compiler.fold(*effectValue) : Value();
  std::optional<Effect> parsed;
  if (effect.isString())
    parsed = parseEffect(effect.getString());
  if (!parsed) {
    compiler.error(
        pick(effectValue ? effectValue->getRange() : SourceRange(), assignment),
        "unknown effect {0} in policy '{1}' (deny, audit, "
        "auditIfNotExists, append, modify, deployIfNotExists, "
        "denyAction, manual or disabled)",
        effect.toJson(), definition->displayName);
    return nullptr;
  }
  policy->effect = *parsed;

  if (*parsed == Effect::AuditIfNotExists ||
      *parsed == Effect::DeployIfNotExists) {
    const Value *details = thenPart->get("details");
    const Value *type = details ? details->get("type") : nullptr;
    Value typeName = type ? compiler.fold(*type) : Value();
    if (!typeName.isString()) {
      compiler.error(details ? details->getRange() : thenPart->getRange(),
                     "'{0}' needs 'details' with the 'type' of the related "
                     "resources",
                     getEffectName(*parsed));
      return nullptr;
    }
    ExistenceCheck check;
    check.type = typeName.getString();
    if (const Value *name = details->get("name")) {
      Value folded = compiler.fold(*name);
      // A name computed from the resource (`[field('name')]`) matches any.
      if (folded.isString())
        check.name = folded.getString();
    }
    if (const Value *condition = details->get("existenceCondition"))
      check.existenceCondition = compiler.compileShared(*condition);
    policy->existence = std::move(check);
  }
  if (!compiler.succeeded())
    return nullptr;
  return policy;
}

bool CompiledPolicy::appliesTo(const ir::Resource &resource) const {
  if (resource.existing)
    return false;
  switch (definition->mode) {
  case Mode::All:
    return true;
  case Mode::Indexed:
    return isIndexedResource(resource);
  case Mode::DataPlane:
    return false;
  }
  llvm_unreachable("unknown policy mode");
}

bool armor::policy::isIndexedResource(const ir::Resource &resource) {
  if (resource.existing)
    return false;
  llvm::StringRef type(resource.type);
  // Extension resources and deployments are not evaluated in mode Indexed.
  static const char *const nonTaggable[] = {
      "Microsoft.Authorization/", "Microsoft.Insights/diagnosticSettings",
      "Microsoft.Resources/deployments", "Microsoft.Resources/tags",
      "Microsoft.Security/"};
  for (const char *prefix : nonTaggable)
    if (type.starts_with_insensitive(prefix))
      return false;
  if (type.contains_insensitive("/providers/"))
    return false;
  if (!resource.location.isNull())
    return true;
  // A top-level type without a location property may still be taggable
  // (its location defaults); child types without one are not.
  return type.count('/') == 1 && !resource.tags.isNull();
}
