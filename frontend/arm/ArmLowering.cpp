//===- ArmLowering.cpp - ARM template JSON to the IR ----------------------===//

#include "frontend/arm/ArmLowering.h"

#include "frontend/arm/ExprParser.h"

#include "llvm/ADT/StringExtras.h"

using namespace armor;
using namespace armor::arm;
using namespace armor::ir;

static bool schemaContains(const Value &root, llvm::StringRef needle) {
  const Value *schema = root.get("$schema");
  return schema && schema->isString() &&
         llvm::StringRef(schema->getString()).contains_insensitive(needle);
}

bool armor::arm::isDeploymentTemplate(const Value &root) {
  return root.isObject() && schemaContains(root, "deploymentTemplate");
}

bool armor::arm::isParameterFile(const Value &root) {
  return root.isObject() && schemaContains(root, "deploymentParameters");
}

bool armor::arm::lowerExpressionStrings(Value &value, DiagnosticEngine &diags) {
  switch (value.getKind()) {
  case Value::Kind::String: {
    const std::string &s = value.getString();
    switch (classifyString(s)) {
    case StringForm::Literal:
      return true;
    case StringForm::Escaped:
      value = Value::string(s.substr(1), value.getRange());
      return true;
    case StringForm::Expression: {
      SourceRange range = value.getRange();
      // The JSON range includes the quotes; when the source text has no
      // escapes, offsets inside the string map one to one.
      bool exact = range.isValid() && range.end - range.begin == s.size() + 2;
      SourceRange inner = range;
      if (exact) {
        inner.begin = range.begin + 2; // the quote and the '['
        inner.end = range.end - 2;
      }
      llvm::StringRef text = llvm::StringRef(s).drop_front().drop_back();
      ExprPtr expr = parseExpression(text, inner, exact, diags);
      if (!expr)
        return false; // reported; keep the string
      value = Value::expression(std::move(expr), range);
      return true;
    }
    }
    return true;
  }
  case Value::Kind::Array: {
    bool ok = true;
    for (Value &e : value.elements())
      ok &= lowerExpressionStrings(e, diags);
    return ok;
  }
  case Value::Kind::Object: {
    bool ok = true;
    for (Member &m : value.members())
      ok &= lowerExpressionStrings(m.value, diags);
    return ok;
  }
  default:
    return true;
  }
}

namespace {

/// Lowers one template object; recursive for nested deployments.
class Lowering {
public:
  Lowering(FileId file, DiagnosticEngine &diags) : file(file), diags(diags) {}

  std::unique_ptr<Module> lowerModule(Value &root);

private:
  void lowerParameters(Module &module, Value *params);
  void lowerVariables(Module &module, Value *vars);
  void lowerFunctions(Module &module, Value *functions);
  void lowerResources(Module &module, Value &resources, int parent);
  void lowerResource(Module &module, std::string symbolicName, Value &decl,
                     int parent);
  void lowerOutputs(Module &module, Value *outputs);
  std::optional<CopyLoop> lowerCopy(Value *copy);
  std::string getString(const Value *value, llvm::StringRef what,
                        SourceRange where);

  FileId file;
  DiagnosticEngine &diags;
};

} // namespace

std::string Lowering::getString(const Value *value, llvm::StringRef what,
                                SourceRange where) {
  if (!value) {
    diags.semanticError(where, "missing '{0}'", what);
    return {};
  }
  if (!value->isString()) {
    diags.semanticError(value->getRange(), "'{0}' must be a string", what);
    return {};
  }
  return value->getString();
}

void Lowering::lowerParameters(Module &module, Value *params) {
  if (!params)
    return;
  if (!params->isObject()) {
    diags.semanticError(params->getRange(), "'parameters' must be an object");
    return;
  }
  for (Member &m : params->members()) {
    Parameter p;
    p.name = m.key;
    p.range = m.keyRange;
    if (!m.value.isObject()) {
      diags.semanticError(m.value.getRange(),
                          "parameter '{0}' must be an object", m.key);
      continue;
    }
    if (const Value *type = m.value.get("type"); type && type->isString())
      p.type = type->getString();
    else if (const Value *ref = m.value.get("$ref"); ref && ref->isString())
      p.type = ref->getString();
    if (Value *def = m.value.get("defaultValue"))
      p.defaultValue = *def;
    if (Value *allowed = m.value.get("allowedValues"))
      p.allowedValues = *allowed;
    p.declaration = std::move(m.value);
    module.parameters.push_back(std::move(p));
  }
}

void Lowering::lowerVariables(Module &module, Value *vars) {
  if (!vars)
    return;
  if (!vars->isObject()) {
    diags.semanticError(vars->getRange(), "'variables' must be an object");
    return;
  }
  for (Member &m : vars->members())
    module.variables.push_back({m.key, m.keyRange, std::move(m.value)});
}

void Lowering::lowerFunctions(Module &module, Value *functions) {
  if (!functions)
    return;
  if (!functions->isArray()) {
    diags.semanticError(functions->getRange(), "'functions' must be an array");
    return;
  }
  for (Value &ns : functions->elements()) {
    std::string nsName =
        getString(ns.get("namespace"), "namespace", ns.getRange());
    Value *members = ns.get("members");
    if (!members || !members->isObject())
      continue;
    for (Member &m : members->members()) {
      Function f;
      f.qualifiedName = nsName + "." + m.key;
      f.range = m.keyRange;
      if (Value *params = m.value.get("parameters");
          params && params->isArray())
        for (const Value &param : params->elements()) {
          const Value *name = param.get("name");
          const Value *type = param.get("type");
          f.parameters.emplace_back(
              name && name->isString() ? name->getString() : "",
              type && type->isString() ? type->getString() : "");
        }
      if (Value *output = m.value.get("output")) {
        if (Value *v = output->get("value"))
          f.output = *v;
        if (const Value *t = output->get("type"); t && t->isString())
          f.outputType = t->getString();
      }
      module.functions.push_back(std::move(f));
    }
  }
}

std::optional<CopyLoop> Lowering::lowerCopy(Value *copy) {
  if (!copy)
    return std::nullopt;
  if (!copy->isObject()) {
    diags.semanticError(copy->getRange(), "'copy' must be an object");
    return std::nullopt;
  }
  CopyLoop loop;
  loop.range = copy->getRange();
  if (const Value *name = copy->get("name"); name && name->isString())
    loop.name = name->getString();
  if (Value *count = copy->get("count"))
    loop.count = *count;
  else
    diags.semanticError(copy->getRange(), "copy loop '{0}' has no 'count'",
                        loop.name);
  if (const Value *mode = copy->get("mode"); mode && mode->isString())
    loop.mode = mode->getString();
  if (Value *batch = copy->get("batchSize"))
    loop.batchSize = *batch;
  if (Value *input = copy->get("input"))
    loop.input = *input;
  return loop;
}

/// Joins a parent's and a child's name into the child's full name.
static Value joinNames(const Value &parent, const Value &child) {
  if (parent.isString() && child.isString())
    return Value::string(parent.getString() + "/" + child.getString(),
                         child.getRange());
  auto asExpr = [](const Value &v) -> ExprPtr {
    if (v.isString())
      return Expr::makeString(v.getString(), v.getRange());
    if (v.isExpression() || v.isUnknown())
      return v.expr();
    return Expr::makeString(v.toJson(), v.getRange());
  };
  return Value::expression(Expr::makeCall("format",
                                          {Expr::makeString("{0}/{1}"),
                                           asExpr(parent), asExpr(child)},
                                          child.getRange()),
                           child.getRange());
}

void Lowering::lowerResource(Module &module, std::string symbolicName,
                             Value &decl, int parent) {
  if (!decl.isObject()) {
    diags.semanticError(decl.getRange(), "a resource must be an object");
    return;
  }
  Resource r;
  r.symbolicName = std::move(symbolicName);
  r.range = decl.getRange();
  r.parent = parent;
  const Value *type = decl.get("type");
  r.type = getString(type, "type", decl.getRange());
  if (type)
    r.typeRange = type->getRange();
  if (const Value *api = decl.get("apiVersion"); api && api->isString())
    r.apiVersion = api->getString();
  if (!decl.get("name") && !decl.get("existing") &&
      !llvm::StringRef(r.type).contains('@'))
    // Extensibility resources (`apps/Deployment@v1`) carry their names in
    // their properties.
    diags.semanticError(decl.getRange(), "resource of type '{0}' has no 'name'",
                        r.type);
  if (const Value *v = decl.get("existing"); v && v->isBoolean())
    r.existing = v->getBoolean();
  r.copy = lowerCopy(decl.get("copy"));

  Value children;
  if (Value *v = decl.get("resources")) {
    children = std::move(*v);
    auto &members = decl.members();
    llvm::erase_if(members, [](const Member &m) {
      return llvm::StringRef(m.key).equals_insensitive("resources");
    });
  }

  if (Value *props = decl.get("properties")) {
    bool isDeployment = llvm::StringRef(r.type).equals_insensitive(
        "Microsoft.Resources/deployments");
    Value *inlineTemplate = isDeployment ? props->get("template") : nullptr;
    if (inlineTemplate && inlineTemplate->isObject()) {
      r.nested = lowerModule(*inlineTemplate);
      llvm::erase_if(props->members(), [](const Member &m) {
        return llvm::StringRef(m.key).equals_insensitive("template");
      });
    }
  }
  r.adoptBody(std::move(decl));

  if (parent >= 0 && !llvm::StringRef(r.type).contains('/')) {
    // A nested child resource names only its own type and name segments;
    // one with a fully qualified type also has a fully qualified name.
    const Resource &p = module.resources[parent];
    r.type = p.type + "/" + r.type;
    r.name = joinNames(p.name, r.name);
  }

  module.resources.push_back(std::move(r));
  int self = static_cast<int>(module.resources.size()) - 1;
  if (!children.isNull())
    lowerResources(module, children, self);
}

void Lowering::lowerResources(Module &module, Value &resources, int parent) {
  if (resources.isArray()) {
    for (Value &decl : resources.elements())
      lowerResource(module, "", decl, parent);
    return;
  }
  // languageVersion 2.0: an object keyed by symbolic name.
  if (resources.isObject()) {
    for (Member &m : resources.members())
      lowerResource(module, m.key, m.value, parent);
    return;
  }
  diags.semanticError(resources.getRange(),
                      "'resources' must be an array or an object");
}

void Lowering::lowerOutputs(Module &module, Value *outputs) {
  if (!outputs)
    return;
  if (!outputs->isObject()) {
    diags.semanticError(outputs->getRange(), "'outputs' must be an object");
    return;
  }
  for (Member &m : outputs->members()) {
    Output o;
    o.name = m.key;
    o.range = m.keyRange;
    if (const Value *t = m.value.get("type"); t && t->isString())
      o.type = t->getString();
    if (Value *v = m.value.get("value"))
      o.value = *v;
    o.copy = lowerCopy(m.value.get("copy"));
    if (Value *meta = m.value.get("metadata"))
      o.metadata = std::move(*meta);
    module.outputs.push_back(std::move(o));
  }
}

std::unique_ptr<Module> Lowering::lowerModule(Value &root) {
  auto module = std::make_unique<Module>();
  module->file = file;
  module->range = root.getRange();
  if (const Value *v = root.get("$schema"); v && v->isString()) {
    module->schema = v->getString();
    llvm::StringRef schema(module->schema);
    if (schema.contains_insensitive("subscriptionDeploymentTemplate"))
      module->targetScope = "subscription";
    else if (schema.contains_insensitive("managementGroupDeploymentTemplate"))
      module->targetScope = "managementGroup";
    else if (schema.contains_insensitive("tenantDeploymentTemplate"))
      module->targetScope = "tenant";
    else
      module->targetScope = "resourceGroup";
  }
  if (const Value *v = root.get("contentVersion"); v && v->isString())
    module->contentVersion = v->getString();
  if (const Value *v = root.get("languageVersion"); v && v->isString())
    module->languageVersion = v->getString();

  lowerParameters(*module, root.get("parameters"));
  lowerVariables(*module, root.get("variables"));
  lowerFunctions(*module, root.get("functions"));
  if (Value *defs = root.get("definitions"))
    module->definitions = std::move(*defs);
  if (Value *resources = root.get("resources"))
    lowerResources(*module, *resources, -1);
  lowerOutputs(*module, root.get("outputs"));
  return module;
}

std::unique_ptr<Module> armor::arm::lowerTemplate(Value root, FileId file,
                                                  DiagnosticEngine &diags) {
  lowerExpressionStrings(root, diags);
  return Lowering(file, diags).lowerModule(root);
}

void armor::arm::applyParameterFile(Module &module, Value root,
                                    DiagnosticEngine &diags) {
  // Parameter files hold values, not expressions: ARM passes "[dbo].[t]"
  // through literally.
  Value *params = root.get("parameters");
  if (!params)
    return;
  if (!params->isObject()) {
    diags.semanticError(params->getRange(), "'parameters' must be an object");
    return;
  }
  for (Member &m : params->members()) {
    Parameter *p = module.findParameter(m.key);
    if (!p) {
      diags.semanticError(
          m.keyRange, "parameter '{0}' is not declared in the template", m.key);
      continue;
    }
    p->suppliedRange = m.keyRange;
    if (Value *v = m.value.get("value")) {
      p->suppliedValue = std::move(*v);
      continue;
    }
    if (const Value *ref = m.value.get("reference")) {
      // A Key Vault secret: never known here, always secret.
      const Value *secret = ref->get("secretName");
      std::string what = secret && secret->isString() ? secret->getString()
                                                      : std::string("secret");
      p->suppliedValue = Value::unknown(
          Expr::makeCall("reference", {Expr::makeString(what)}),
          "parameter '" + p->name + "' is the Key Vault secret '" + what + "'",
          ref->getRange());
      continue;
    }
    diags.semanticError(m.value.getRange(),
                        "parameter '{0}' needs a 'value' or a 'reference'",
                        m.key);
  }
}
