//===- ModuleEvaluation.cpp - Evaluating whole modules in place ----------===//
///
/// \file
/// Resources (copy loops, conditions, nested child resources, nested and
/// linked deployments), outputs, parameter defaults and variables of one
/// module, as EvaluatePass.h describes.
///
//===----------------------------------------------------------------------===//

#include "passes/eval/Evaluator.h"
#include "passes/eval/ValueUtil.h"

#include "llvm/ADT/StringExtras.h"

using namespace armor;
using namespace armor::eval;
using ir::Expr;
using ir::Member;
using ir::Value;

static std::unique_ptr<ir::Module> cloneModule(const ir::Module &module);

static ir::Resource cloneResource(const ir::Resource &r) {
  ir::Resource c;
  c.symbolicName = r.symbolicName;
  c.type = r.type;
  c.apiVersion = r.apiVersion;
  c.name = r.name;
  c.location = r.location;
  c.tags = r.tags;
  c.properties = r.properties;
  c.condition = r.condition;
  c.scope = r.scope;
  c.dependsOn = r.dependsOn;
  c.body = r.body;
  c.copy = r.copy;
  c.existing = r.existing;
  c.parent = r.parent;
  c.range = r.range;
  c.typeRange = r.typeRange;
  if (r.nested)
    c.nested = cloneModule(*r.nested);
  return c;
}

static std::unique_ptr<ir::Module> cloneModule(const ir::Module &module) {
  auto c = std::make_unique<ir::Module>();
  c->file = module.file;
  c->range = module.range;
  c->schema = module.schema;
  c->contentVersion = module.contentVersion;
  c->languageVersion = module.languageVersion;
  c->targetScope = module.targetScope;
  c->parameters = module.parameters;
  c->variables = module.variables;
  c->functions = module.functions;
  c->outputs = module.outputs;
  c->definitions = module.definitions;
  c->resources.reserve(module.resources.size());
  for (const ir::Resource &r : module.resources)
    c->resources.push_back(cloneResource(r));
  return c;
}

void Evaluator::evaluateModule(ModuleScope &moduleScope) {
  // A nested template in outer scope still sees its deployment's loop.
  std::vector<CopyFrame> base =
      moduleScope.outerExpressions ? copyFrames : std::vector<CopyFrame>();
  FrameSaver saver(*this, &moduleScope);
  moduleScope.baseFrames = std::move(base);
  SourceRange savedRange = fallbackRange;
  fallbackRange = moduleScope.module.range;
  evaluateResources(moduleScope);
  evaluateOutputs(moduleScope);
  evaluateParameters(moduleScope);
  fallbackRange = savedRange;
}

Value Evaluator::evaluateIn(ModuleScope &moduleScope, const ir::ExprPtr &expr) {
  FrameSaver saver(*this, &moduleScope);
  return eval(expr);
}

void Evaluator::evaluateParameters(ModuleScope &moduleScope) {
  if (moduleScope.outerExpressions)
    return;
  copyFrames.clear();
  ir::Module &module = moduleScope.module;
  for (ir::Parameter &p : module.parameters)
    speculate([&] {
      return getParameter(
          *Expr::makeCall("parameters", {Expr::makeString(p.name)}, p.range),
          p.name);
    });
  std::vector<std::string> names;
  for (const auto &entry : moduleScope.variableDecls)
    names.push_back(entry.second.name);
  llvm::sort(names);
  // ARM evaluates a variable where it is used: errors in the values of the
  // others are not deployment failures (cycles still are reported).
  for (const std::string &name : names) {
    const auto &decl =
        moduleScope.variableDecls.find(llvm::StringRef(name).lower())->second;
    speculate([&] {
      return getVariable(
          *Expr::makeCall("variables", {Expr::makeString(name)}, decl.range),
          name);
    });
  }
  // Write the evaluated defaults and variables back.
  for (ir::Parameter &p : module.parameters) {
    auto it = moduleScope.parameters.find(llvm::StringRef(p.name).lower());
    if (it != moduleScope.parameters.end() && it->second.fromDefault)
      p.defaultValue = it->second.value;
  }
  for (ir::Variable &var : module.variables) {
    if (llvm::StringRef(var.name).equals_insensitive("copy"))
      continue;
    auto it = moduleScope.variables.find(llvm::StringRef(var.name).lower());
    if (it != moduleScope.variables.end() && it->second.done)
      var.value = it->second.value;
  }
}

static bool isDeployment(const ir::Resource &r) {
  return llvm::StringRef(r.type).equals_insensitive(
      "Microsoft.Resources/deployments");
}

void Evaluator::evaluateResources(ModuleScope &moduleScope) {
  ir::Module &module = moduleScope.module;
  std::vector<ir::Resource> declared = std::move(module.resources);
  module.resources.clear();
  // The instances of each declared resource, with the copy frames they
  // were evaluated in and their parent instance (declared index, ordinal).
  struct Instance {
    ir::Resource resource;
    std::vector<CopyFrame> frames;
    int parentDeclared = -1;
    size_t parentOrdinal = 0;
  };
  std::vector<std::vector<Instance>> instances(declared.size());
  std::vector<bool> conditionFalse(declared.size(), false);

  auto evaluateDeclared = [&](size_t i) {
    ir::Resource &r = declared[i];
    // Where the resource is evaluated: once per instance of its parent.
    struct Context {
      int parentDeclared;
      size_t parentOrdinal;
      std::vector<CopyFrame> frames;
    };
    std::vector<Context> contexts;
    if (r.parent >= 0 && static_cast<size_t>(r.parent) < i) {
      const auto &parents = instances[r.parent];
      if (parents.empty() && !conditionFalse[r.parent])
        return; // the parent's loop has no iteration
      if (parents.empty())
        contexts.push_back({-1, 0, moduleScope.baseFrames});
      for (size_t k = 0; k != parents.size(); ++k)
        contexts.push_back({r.parent, k, parents[k].frames});
    } else {
      contexts.push_back({-1, 0, moduleScope.baseFrames});
    }

    for (size_t c = 0; c != contexts.size(); ++c) {
      const Context &context = contexts[c];
      bool lastContext = c + 1 == contexts.size();
      copyFrames = context.frames;
      auto keep = [&](ir::Resource instance) {
        instances[i].push_back({std::move(instance), copyFrames,
                                context.parentDeclared, context.parentOrdinal});
      };
      if (!r.copy) {
        // The declaration is used up by its last instance.
        ir::Resource instance = lastContext ? std::move(r) : cloneResource(r);
        if (!evaluateResource(moduleScope, instance)) {
          conditionFalse[i] = true;
          continue;
        }
        keep(std::move(instance));
        continue;
      }
      fallbackRange = r.copy->range.isValid() ? r.copy->range : r.range;
      assumed = false;
      Value count = evalValue(r.copy->count);
      SourceRange countRange = r.copy->count.getRange().isValid()
                                   ? r.copy->count.getRange()
                                   : r.range;
      std::vector<Value> indexes;
      if (count.isInteger() && count.getInteger() >= 0 &&
          count.getInteger() <= Limits::MaxCopyCount) {
        for (int64_t k = 0; k != count.getInteger(); ++k)
          indexes.push_back(Value::integer(k));
      } else {
        std::string why;
        if (count.isInteger()) {
          why = count.getInteger() < 0
                    ? (llvm::Twine("copy loop '") + r.copy->name +
                       "' has a negative count")
                          .str()
                    : (llvm::Twine("copy loop '") + r.copy->name +
                       "' has count " + llvm::Twine(count.getInteger()) +
                       "; Azure allows at most " +
                       llvm::Twine(Limits::MaxCopyCount))
                          .str();
          reportError(countRange, why);
        } else if (count.isKnown()) {
          why = (llvm::Twine("the count of copy loop '") + r.copy->name +
                 "' must be an integer, not " + getTypeName(count))
                    .str();
          reportError(countRange, why);
        } else {
          why = "the count of copy loop '" + r.copy->name +
                "' is unknown: " + getProvenance(count);
        }
        // One symbolic instance whose copyIndex() is unknown.
        indexes.push_back(Value::unknown(
            Expr::makeCall("copyIndex", {Expr::makeString(r.copy->name)}),
            why));
      }
      std::string loopName = r.copy->name;
      size_t bodySize = getValueSize(r.body, Limits::MaxValueSize);
      for (size_t k = 0; k != indexes.size(); ++k) {
        copyFrames = context.frames;
        copyFrames.push_back({loopName, indexes[k], CopyFrame::Resource});
        bool last = lastContext && k + 1 == indexes.size();
        ir::Resource instance = last ? std::move(r) : cloneResource(r);
        instance.copy->count = count;
        consume(bodySize);
        if (!evaluateResource(moduleScope, instance)) {
          conditionFalse[i] = true;
          continue;
        }
        keep(std::move(instance));
        if (fuelExhausted)
          break;
      }
    }
  };

  // Nested deployments first, so that reference() to a deployment's
  // outputs finds them evaluated wherever the deployment is declared.
  std::vector<bool> first(declared.size());
  for (size_t i = 0; i != declared.size(); ++i)
    first[i] = isDeployment(declared[i]) && declared[i].parent < 0;
  for (size_t i = 0; i != declared.size(); ++i)
    if (first[i])
      evaluateDeclared(i);
  for (size_t i = 0; i != declared.size(); ++i)
    if (!first[i])
      evaluateDeclared(i);

  // Lay the instances out in declaration order and renumber parents.
  std::vector<size_t> firstIndex(declared.size());
  size_t total = 0;
  for (size_t i = 0; i != declared.size(); ++i) {
    firstIndex[i] = total;
    total += instances[i].size();
  }
  module.resources.reserve(total);
  for (auto &group : instances)
    for (Instance &instance : group) {
      instance.resource.parent =
          instance.parentDeclared < 0
              ? -1
              : static_cast<int>(firstIndex[instance.parentDeclared] +
                                 instance.parentOrdinal);
      module.resources.push_back(std::move(instance.resource));
    }
  copyFrames.clear();
}

bool Evaluator::evaluateResource(ModuleScope &moduleScope, ir::Resource &r) {
  SourceRange savedRange = fallbackRange;
  fallbackRange = r.range;
  if (!r.condition.isNull()) {
    assumed = false;
    Value condition = evalValue(r.condition);
    bool mayBeTrue = true, mayBeFalse = true;
    if (condition.isBoolean()) {
      mayBeTrue = condition.getBoolean();
      mayBeFalse = !mayBeTrue;
    } else if (condition.isEnumerated() &&
               llvm::all_of(condition.alternatives(),
                            [](const Value &alt) { return alt.isBoolean(); })) {
      mayBeTrue = llvm::any_of(condition.alternatives(),
                               [](const Value &v) { return v.getBoolean(); });
      mayBeFalse = llvm::any_of(condition.alternatives(),
                                [](const Value &v) { return !v.getBoolean(); });
    } else if (condition.isKnown()) {
      reportError(condition.getRange(),
                  llvm::Twine("a resource condition must be a bool, not ") +
                      getTypeName(condition));
    }
    if (!mayBeTrue) {
      fallbackRange = savedRange;
      return false;
    }
    r.condition = mayBeFalse ? std::move(condition) : Value::null();
  }
  // Which parameters of a nested deployment get values that depend on this
  // module's assumed parameter values.
  std::set<std::string> assumedParameters;
  if (r.nested || isDeployment(r))
    if (const Value *params = r.properties.get("parameters");
        params && params->isObject())
      for (const Member &m : params->members()) {
        assumed = false;
        speculate([&] { return evalValue(m.value); });
        if (assumed)
          assumedParameters.insert(llvm::StringRef(m.key).lower());
      }
  assumed = false;
  evalInPlace(r.name);
  if (r.copy && r.copy->batchSize)
    evalInPlace(*r.copy->batchSize);
  evalInPlace(r.location);
  evalInPlace(r.tags);
  evalInPlace(r.properties);
  evalInPlace(r.scope);
  evalInPlace(r.dependsOn);
  for (Member &m : r.body.members()) {
    llvm::StringRef key(m.key);
    if (key.equals_insensitive("copy")) {
      if (r.copy)
        if (Value *count = m.value.get("count"))
          *count = r.copy->count;
    } else if (!key.equals_insensitive("type"))
      evalInPlace(m.value);
  }

  if (isDeployment(r) && !r.nested && moduleScope.context.loadLinkedTemplate) {
    const Value *path = r.properties.getPath("templateLink.relativePath");
    if (path && path->isString())
      r.nested = moduleScope.context.loadLinkedTemplate(
          path->getString(), moduleScope.module.file, diags);
  }
  if (r.nested) {
    evaluateNested(moduleScope, r, assumedParameters);
    auto record = [&](llvm::StringMap<const ir::Module *> &map,
                      std::string key) {
      auto [it, inserted] = map.try_emplace(key, r.nested.get());
      if (!inserted)
        it->second = nullptr; // several deployments answer to the name
    };
    if (r.name.isString())
      record(moduleScope.deploymentsByName,
             llvm::StringRef(r.name.getString()).lower());
    if (!r.symbolicName.empty())
      record(moduleScope.deploymentsBySymbol, r.symbolicName);
  }
  fallbackRange = savedRange;
  return true;
}

/// The string a context value takes from a deployment's property: its
/// value if known, nullopt (unknown) otherwise.
static std::optional<std::string> knownString(const Value *v) {
  if (v && v->isString())
    return v->getString();
  return std::nullopt;
}

void Evaluator::evaluateNested(ModuleScope &moduleScope, ir::Resource &r,
                               const std::set<std::string> &assumedParameters) {
  if (moduleScope.depth + 1 > Limits::MaxModuleDepth) {
    reportStaticError(r.range, llvm::Twine("nested deployments are nested "
                                           "more than ") +
                                   llvm::Twine(Limits::MaxModuleDepth) +
                                   " levels deep");
    return;
  }
  bool inner = false;
  if (const Value *mode =
          r.properties.getPath("expressionEvaluationOptions.scope");
      mode && mode->isString())
    inner = llvm::StringRef(mode->getString()).equals_insensitive("inner");
  // A linked template (templateLink) only ever sees its own parameters.
  if (r.properties.get("templateLink"))
    inner = true;

  EvaluationContext context = moduleScope.context;
  context.deploymentName = knownString(&r.name);
  if (const Value *location = r.getMember("location"))
    context.deploymentLocation = knownString(location);
  if (const Value *subscription = r.body.get("subscriptionId")) {
    std::optional<std::string> id = knownString(subscription);
    if (!id || !context.subscriptionId ||
        !llvm::StringRef(*id).equals_insensitive(*context.subscriptionId)) {
      context.resourceGroupName.reset();
      context.resourceGroupLocation.reset();
    }
    context.subscriptionId = id;
  }
  if (const Value *group = r.body.get("resourceGroup")) {
    std::optional<std::string> name = knownString(group);
    if (!name || !context.resourceGroupName ||
        !llvm::StringRef(*name).equals_insensitive(*context.resourceGroupName))
      context.resourceGroupLocation.reset();
    context.resourceGroupName = name;
  }
  ir::Module &nested = *r.nested;
  if (!nested.targetScope.empty() &&
      !llvm::StringRef(nested.targetScope)
           .equals_insensitive("resourceGroup")) {
    // A deployment to a subscription or above has no resource group.
    if (!r.body.get("resourceGroup")) {
      context.resourceGroupName.reset();
      context.resourceGroupLocation.reset();
    }
  }

  if (inner) {
    if (const Value *params = r.properties.get("parameters");
        params && params->isObject()) {
      for (const Member &m : params->members()) {
        ir::Parameter *p = nested.findParameter(m.key);
        if (!p) {
          reportError(m.keyRange,
                      llvm::Twine("parameter '") + m.key +
                          "' is not declared in the nested template");
          continue;
        }
        p->suppliedRange = m.keyRange;
        if (const Value *value = m.value.get("value")) {
          p->suppliedValue = *value;
          continue;
        }
        if (const Value *ref = m.value.get("reference")) {
          const Value *secret = ref->get("secretName");
          std::string name = secret && secret->isString()
                                 ? secret->getString()
                                 : std::string("secret");
          p->suppliedValue = Value::unknown(
              Expr::makeCall("reference", {Expr::makeString(name)}),
              "parameter '" + p->name + "' is the Key Vault secret '" + name +
                  "'",
              ref->getRange());
        }
      }
    }
  }
  ModuleScope child(nested, std::move(context), &moduleScope, !inner,
                    moduleScope.depth + 1);
  child.assumedParameters = assumedParameters;
  evaluateModule(child);
}

void Evaluator::evaluateOutputs(ModuleScope &moduleScope) {
  for (ir::Output &o : moduleScope.module.outputs) {
    copyFrames = moduleScope.baseFrames;
    fallbackRange = o.range;
    if (o.copy) {
      o.value = expandLoop(o.copy->name, &o.copy->count,
                           o.copy->input.isNull() ? nullptr : &o.copy->input,
                           CopyFrame::Output, o.range);
      continue;
    }
    o.value = evalValue(o.value);
  }
  copyFrames.clear();
}
