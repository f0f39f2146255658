//===- ResourceGraph.cpp - References resolved to declared resources -----===//

#include "passes/ResourceGraph.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace armor;
using namespace armor::ir;

AnalysisKey ResourceGraphAnalysis::key;

static bool segmentEquals(llvm::StringRef a, llvm::StringRef b) {
  // Known segments compare as Azure compares names; expressions exactly.
  if (a.starts_with("[") || b.starts_with("["))
    return a == b;
  return a.equals_insensitive(b);
}

bool ResourceKey::matches(const ResourceKey &other) const {
  if (!llvm::StringRef(type).equals_insensitive(other.type) ||
      segments.size() != other.segments.size())
    return false;
  for (size_t i = 0; i != segments.size(); ++i)
    if (!segmentEquals(segments[i], other.segments[i]))
      return false;
  return true;
}

/// Splits the operands of `format('{0}/{1}/...', a, b)` or
/// `concat(a, '/', b)` into name segments; false for other shapes.
static bool splitNameExpr(const Expr &expr, std::vector<std::string> &out) {
  if (expr.isCallTo("format") && !expr.args().empty() &&
      expr.args()[0]->getKind() == Expr::Kind::String) {
    llvm::StringRef pattern = expr.args()[0]->text();
    // Only the plain '{0}/{1}/...' shape, each argument once, in order.
    llvm::SmallVector<llvm::StringRef, 4> parts;
    pattern.split(parts, '/');
    if (parts.size() != expr.args().size() - 1)
      return false;
    for (size_t i = 0; i != parts.size(); ++i) {
      if (parts[i] != ("{" + llvm::Twine(i) + "}").str())
        return false;
      out.push_back(expr.args()[i + 1]->toTemplateString());
    }
    return true;
  }
  if (expr.isCallTo("concat")) {
    // Rebuild the text with known pieces, then split at literal slashes.
    std::string current;
    bool symbolic = false;
    for (const ExprPtr &arg : expr.args()) {
      if (arg->getKind() != Expr::Kind::String) {
        if (!current.empty() || symbolic)
          return false; // a segment mixes text and expressions
        current = arg->toTemplateString();
        symbolic = true;
        continue;
      }
      llvm::StringRef text = arg->text();
      while (!text.empty()) {
        auto [head, tail] = text.split('/');
        if (symbolic && !head.empty())
          return false;
        if (!symbolic)
          current += head.str();
        if (text.contains('/')) {
          out.push_back(current);
          current.clear();
          symbolic = false;
        }
        text = tail;
      }
    }
    out.push_back(current);
    return true;
  }
  return false;
}

std::vector<std::string> armor::getNameSegments(const Value &name) {
  std::vector<std::string> segments;
  if (name.isString()) {
    llvm::SmallVector<llvm::StringRef, 4> parts;
    llvm::StringRef(name.getString()).split(parts, '/');
    for (llvm::StringRef part : parts)
      segments.push_back(part.str());
    return segments;
  }
  if (name.expr()) {
    if (splitNameExpr(*name.expr(), segments))
      return segments;
    segments.assign(1, name.expr()->toTemplateString());
  }
  return segments;
}

/// "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/
/// virtualNetworks/vnet/subnets/snet" -> type and names after the last
/// "/providers/".
static bool parseResourceId(llvm::StringRef id, ResourceKey &key) {
  size_t at = id.rfind_insensitive("/providers/");
  if (at == llvm::StringRef::npos)
    return false;
  llvm::SmallVector<llvm::StringRef, 8> parts;
  id.drop_front(at + 11).split(parts, '/');
  if (parts.size() < 3 || parts.size() % 2 == 0)
    return false;
  key.type = parts[0].str();
  for (size_t i = 1; i < parts.size(); i += 2) {
    key.type += "/" + parts[i].str();
    key.segments.push_back(parts[i + 1].str());
  }
  return true;
}

static bool isResourceIdCall(const Expr &expr) {
  return expr.isCallTo("resourceId") ||
         expr.isCallTo("subscriptionResourceId") ||
         expr.isCallTo("tenantResourceId") ||
         expr.isCallTo("extensionResourceId") ||
         expr.isCallTo("managementGroupResourceId");
}

/// The key of a resourceId()-family call: the first string argument that
/// contains a '/' is the type, the arguments after it are the names.
static bool keyFromCall(const Expr &call, ResourceKey &key) {
  const auto &args = call.args();
  size_t start = call.isCallTo("extensionResourceId") ? 1 : 0;
  for (size_t i = start; i < args.size(); ++i) {
    if (args[i]->getKind() != Expr::Kind::String ||
        !llvm::StringRef(args[i]->text()).contains('/'))
      continue;
    key.type = args[i]->text();
    for (size_t j = i + 1; j < args.size(); ++j)
      key.segments.push_back(args[j]->toTemplateString());
    return !key.segments.empty();
  }
  return false;
}

static bool keyFromExpr(const Expr &expr, ResourceKey &key) {
  if (isResourceIdCall(expr))
    return keyFromCall(expr, key);
  if (expr.isCallTo("reference") && !expr.args().empty())
    return keyFromExpr(*expr.args()[0], key);
  if (expr.getKind() == Expr::Kind::String)
    return parseResourceId(expr.text(), key);
  return false;
}

bool armor::getReferenceKey(const Value &value, ResourceKey &key) {
  if (value.isString())
    return parseResourceId(value.getString(), key);
  if (value.expr())
    return keyFromExpr(*value.expr(), key);
  return false;
}

ResourceGraph::ResourceGraph(const Module &module) { index(module); }

void ResourceGraph::index(const Module &module) {
  for (const Resource &resource : module.resources) {
    resources.push_back(&resource);
    owners.push_back(&module);
    keys.push_back({resource.type, getNameSegments(resource.name)});
    if (resource.nested)
      index(*resource.nested);
  }
}

const Resource *ResourceGraph::find(const ResourceKey &key) const {
  const Resource *found = nullptr;
  for (size_t i = 0; i != resources.size(); ++i) {
    if (!keys[i].matches(key))
      continue;
    // Prefer what is deployed over an `existing` reference to it.
    if (!found || (found->existing && !resources[i]->existing))
      found = resources[i];
  }
  return found;
}

const Resource *ResourceGraph::resolve(const Value &reference) const {
  // languageVersion 2.0 and Bicep: reference('symbolicName').
  if (reference.expr() && reference.expr()->isCallTo("reference") &&
      reference.expr()->args().size() >= 1 &&
      reference.expr()->args()[0]->getKind() == Expr::Kind::String) {
    llvm::StringRef symbol = reference.expr()->args()[0]->text();
    for (const Resource *r : resources)
      if (!r->symbolicName.empty() && r->symbolicName == symbol)
        return r;
  }
  ResourceKey key;
  if (!getReferenceKey(reference, key))
    return nullptr;
  return find(key);
}

std::vector<const Resource *>
ResourceGraph::getResourcesOfType(llvm::StringRef type) const {
  std::vector<const Resource *> result;
  for (const Resource *r : resources)
    if (llvm::StringRef(r->type).equals_insensitive(type))
      result.push_back(r);
  return result;
}

const Module *ResourceGraph::getModule(const Resource &resource) const {
  for (size_t i = 0; i != resources.size(); ++i)
    if (resources[i] == &resource)
      return owners[i];
  return nullptr;
}

const Resource *ResourceGraph::getParent(const Resource &child) const {
  if (child.parent >= 0)
    if (const Module *module = getModule(child))
      return &module->resources[child.parent];
  llvm::StringRef type(child.type);
  size_t slash = type.rfind('/');
  if (type.count('/') < 2 || slash == llvm::StringRef::npos)
    return nullptr;
  ResourceKey key{type.take_front(slash).str(), getNameSegments(child.name)};
  if (key.segments.size() < 2)
    return nullptr;
  key.segments.pop_back();
  return find(key);
}
