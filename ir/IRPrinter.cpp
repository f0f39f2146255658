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

static void printModuleBody(llvm::raw_ostream &os, const Module &module,
                            llvm::StringRef indent) {
  std::vector<const Parameter *> params;
  for (const Parameter &p : module.parameters)
    params.push_back(&p);
  llvm::sort(params, [](const Parameter *a, const Parameter *b) {
    return a->name < b->name;
  });
  for (const Parameter *p : params) {
    os << indent << "param " << p->name << ": "
       << llvm::StringRef(p->type).lower();
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
       << llvm::StringRef(o->type).lower() << " = " << printCanonical(o->value)
       << '\n';
}

static void printResource(llvm::raw_ostream &os, const Resource &resource,
                          llvm::StringRef indent) {
  os << indent << (resource.existing ? "existing " : "resource ")
     << resource.type << '@' << resource.apiVersion << ' '
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
  if (!resource.scope.isNull())
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
