//===- IRPrinter.cpp - Canonical text form of the IR ----------------------===//

#include "ir/IRPrinter.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>

using namespace armor;
using namespace armor::ir;

static bool lessKey(const Member *a, const Member *b) {
  int c = llvm::StringRef(a->key).compare_insensitive(b->key);
  return c != 0 ? c < 0 : a->key < b->key;
}

/// ARM compares resource types case-insensitively, so the canonical form
/// prints them in lower case: the Bicep compiler writes the casing of its
/// type index, the Bicep file and a hand-written template their own.
static std::string canonicalType(llvm::StringRef type) { return type.lower(); }

/// \p id with the namespace and type segments of its provider part in
/// canonical case: `Microsoft.Cache/Redis/c1` or `/subscriptions/s/.../
/// providers/Microsoft.Cache/Redis/c1` (a resource's scope). Names keep
/// their case; a string of another form is returned as it is.
static std::string canonicalResourceId(llvm::StringRef id) {
  size_t providers = id.rfind("/providers/");
  size_t start = providers == llvm::StringRef::npos
                     ? 0
                     : providers + llvm::StringRef("/providers/").size();
  llvm::SmallVector<llvm::StringRef, 8> segments;
  id.substr(start).split(segments, '/');
  if ((start == 0 && id.starts_with("/")) || segments.size() < 3 ||
      segments.size() % 2 == 0 || !segments[0].contains('.'))
    return id.str();
  std::string out = id.substr(0, start).str();
  for (size_t i = 0; i != segments.size(); ++i) {
    if (i)
      out += '/';
    // Segment 0 is the namespace, then type and name alternate.
    out +=
        i == 0 || i % 2 == 1 ? canonicalType(segments[i]) : segments[i].str();
  }
  return out;
}

/// The argument of a resourceId()-family call that names the resource type:
/// the first string literal `Namespace.Provider/type[/type...]` (the optional
/// subscription id, resource group name or, for extensionResourceId(), the
/// scope id before it have no such form; the names after it come later).
static const Expr *findTypeArgument(const Expr &call) {
  static const char *const functions[] = {
      "resourceId", "subscriptionResourceId", "tenantResourceId",
      "extensionResourceId", "managementGroupResourceId"};
  if (llvm::none_of(functions,
                    [&](const char *name) { return call.isCallTo(name); }))
    return nullptr;
  for (const ExprPtr &arg : call.args()) {
    if (arg->getKind() != Expr::Kind::String)
      continue;
    auto [ns, rest] = llvm::StringRef(arg->text()).split('/');
    if (ns.contains('.') && !rest.empty())
      return arg.get();
  }
  return nullptr;
}

/// Prints \p e as Expr::print does, with the type argument of resourceId()
/// and its family in canonical case: the ids they build are compared
/// case-insensitively, like the types.
static void printExpr(std::string &out, const Expr &e) {
  switch (e.getKind()) {
  case Expr::Kind::Call: {
    const Expr *type = findTypeArgument(e);
    out += e.text();
    out += '(';
    for (size_t i = 0; i != e.args().size(); ++i) {
      if (i)
        out += ", ";
      const Expr &arg = *e.args()[i];
      if (&arg == type)
        Expr::makeString(canonicalType(arg.text()))->print(out);
      else
        printExpr(out, arg);
    }
    out += ')';
    return;
  }
  case Expr::Kind::Member:
    printExpr(out, e.operand());
    out += '.';
    out += e.text();
    return;
  case Expr::Kind::Index:
    printExpr(out, e.operand());
    out += '[';
    printExpr(out, e.index());
    out += ']';
    return;
  default:
    e.print(out);
    return;
  }
}

static void printCanonical(std::string &out, const Value &value) {
  switch (value.getKind()) {
  case Value::Kind::Array:
    out += '[';
    for (size_t i = 0; i != value.elements().size(); ++i) {
      if (i)
        out += ',';
      printCanonical(out, value.elements()[i]);
    }
    out += ']';
    return;
  case Value::Kind::Object: {
    std::vector<const Member *> sorted;
    sorted.reserve(value.members().size());
    for (const Member &m : value.members())
      sorted.push_back(&m);
    std::stable_sort(sorted.begin(), sorted.end(), lessKey);
    out += '{';
    for (size_t i = 0; i != sorted.size(); ++i) {
      if (i)
        out += ',';
      printJsonString(out, sorted[i]->key);
      out += ':';
      printCanonical(out, sorted[i]->value);
    }
    out += '}';
    return;
  }
  case Value::Kind::Enumerated: {
    out += "one-of(";
    for (size_t i = 0; i != value.alternatives().size(); ++i) {
      if (i)
        out += ',';
      printCanonical(out, value.alternatives()[i]);
    }
    out += ')';
    return;
  }
  case Value::Kind::Expression:
  case Value::Kind::Unknown: {
    std::string text = "[";
    if (value.expr())
      printExpr(text, *value.expr());
    text += ']';
    printJsonString(out, text);
    return;
  }
  default:
    value.printJson(out);
    return;
  }
}

std::string armor::ir::printCanonical(const Value &value) {
  std::string out;
  ::printCanonical(out, value);
  return out;
}

static void printField(llvm::raw_ostream &os, llvm::StringRef indent,
                       llvm::StringRef name, const Value &value) {
  os << indent << name << ": " << printCanonical(value) << '\n';
}

static void printResource(llvm::raw_ostream &os, const Resource &resource,
                          llvm::StringRef indent);

/// A parameter's or output's type in lower case. A resource-derived type
/// (`resourceInput<'T@v'>.properties.x`, recorded in the declaration's
/// \p metadata) prints as its source: its primitive type comes from the
/// provider's schema, which the compiled JSON states and a Bicep file does
/// not, and the source determines it.
static std::string printedType(llvm::StringRef type, const Value *metadata) {
  const Value *derived = metadata && metadata->isObject()
                             ? metadata->get("__bicep_resource_derived_type!")
                             : nullptr;
  const Value *source =
      derived && derived->isObject() ? derived->get("source") : nullptr;
  if (!source || !source->isString())
    return type.lower();
  const Value *output = derived->get("output");
  std::string out = type.starts_with_insensitive("secure") ? "secure " : "";
  out += output && output->isBoolean() && output->getBoolean()
             ? "resourceOutput<'"
             : "resourceInput<'";
  out += source->getString();
  out += "'>";
  return out;
}

static std::string parameterType(const Parameter &p) {
  return printedType(p.type, p.declaration.isObject()
                                 ? p.declaration.get("metadata")
                                 : nullptr);
}

static void printModuleBody(llvm::raw_ostream &os, const Module &module,
                            llvm::StringRef indent) {
  std::vector<const Parameter *> params;
  for (const Parameter &p : module.parameters)
    params.push_back(&p);
  llvm::sort(params, [](const Parameter *a, const Parameter *b) {
    return a->name < b->name;
  });
  for (const Parameter *p : params) {
    os << indent << "param " << p->name << ": " << parameterType(*p);
    if (p->defaultValue)
      os << " = " << printCanonical(*p->defaultValue);
    if (p->allowedValues)
      os << " allowed " << printCanonical(*p->allowedValues);
    if (p->suppliedValue)
      os << " supplied " << printCanonical(*p->suppliedValue);
    os << '\n';
  }

  // Resources sorted by type, then by their printed name; the declaration
  // order breaks ties so the output stays stable.
  std::vector<std::pair<std::string, const Resource *>> resources;
  for (const Resource &r : module.resources)
    resources.emplace_back(
        llvm::StringRef(r.type).lower() + " " + printCanonical(r.name), &r);
  std::stable_sort(
      resources.begin(), resources.end(),
      [](const auto &a, const auto &b) { return a.first < b.first; });
  for (const auto &entry : resources)
    printResource(os, *entry.second, indent);

  std::vector<const Output *> outputs;
  for (const Output &o : module.outputs)
    outputs.push_back(&o);
  llvm::sort(outputs, [](const Output *a, const Output *b) {
    return a->name < b->name;
  });
  for (const Output *o : outputs)
    os << indent << "output " << o->name << ": "
       << printedType(o->type, &o->metadata) << " = "
       << printCanonical(o->value) << '\n';
}

static void printResource(llvm::raw_ostream &os, const Resource &resource,
                          llvm::StringRef indent) {
  os << indent << (resource.existing ? "existing " : "resource ")
     << canonicalType(resource.type) << '@' << resource.apiVersion << ' '
     << printCanonical(resource.name) << '\n';
  std::string inner = (indent + "  ").str();
  if (!resource.condition.isNull())
    printField(os, inner, "condition", resource.condition);
  if (resource.copy) {
    os << inner << "copy: " << resource.copy->name << " count "
       << printCanonical(resource.copy->count);
    if (!resource.copy->mode.empty())
      os << ' ' << llvm::StringRef(resource.copy->mode).lower();
    if (resource.copy->batchSize)
      os << " batch " << printCanonical(*resource.copy->batchSize);
    os << '\n';
  }
  if (resource.scope.isString())
    printField(os, inner, "scope",
               Value::string(canonicalResourceId(resource.scope.getString())));
  else if (!resource.scope.isNull())
    printField(os, inner, "scope", resource.scope);
  if (!resource.location.isNull())
    printField(os, inner, "location", resource.location);
  if (!resource.tags.isNull())
    printField(os, inner, "tags", resource.tags);
  // Other top-level parts of the declaration (sku, kind, identity, ...).
  std::vector<const Member *> extra;
  static const char *const lowered[] = {
      "type",       "apiVersion", "name",     "location",  "tags",
      "properties", "condition",  "scope",    "dependsOn", "copy",
      "resources",  "existing",   "comments", "metadata",  "import"};
  for (const Member &m : resource.body.members())
    if (llvm::none_of(lowered, [&](const char *k) {
          return llvm::StringRef(m.key).equals_insensitive(k);
        }))
      extra.push_back(&m);
  std::stable_sort(extra.begin(), extra.end(), lessKey);
  for (const Member *m : extra)
    if (!llvm::StringRef(m->key).equals_insensitive("properties"))
      printField(os, inner, m->key, m->value);
  if (!resource.properties.isNull())
    printField(os, inner, "properties", resource.properties);
  if (resource.nested) {
    os << inner << "module {\n";
    printModuleBody(os, *resource.nested, (inner + "  "));
    os << inner << "}\n";
  }
}

void armor::ir::printModule(llvm::raw_ostream &os, const Module &module) {
  os << "module";
  if (!module.targetScope.empty())
    os << " scope=" << module.targetScope;
  os << '\n';
  printModuleBody(os, module, "  ");
}
