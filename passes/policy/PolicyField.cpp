//===- PolicyField.cpp - Fields and aliases of Azure Policy ---------------===//

#include "passes/policy/PolicyField.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"

#include <cassert>
#include <cstring>

using namespace armor;
using namespace armor::policy;

bool FieldRef::hasWildcard() const {
  return llvm::any_of(path, [](const PathStep &s) { return s.wildcard; });
}

namespace {
/// An alias (or alias prefix) that does not map to `properties.<path>`.
struct AliasException {
  const char *alias; ///< lower case, `<type>/<path prefix>`
  const char *path;  ///< the declaration path it maps to
};
} // namespace

// Aliases whose property sits elsewhere than `properties.<path>`. The
// longest matching prefix wins; the rest of the alias path is appended.
static const AliasException aliasExceptions[] = {
    // A VM's size is its "sku".
    {"microsoft.compute/virtualmachines/sku.name",
     "properties.hardwareProfile.vmSize"},
    {"microsoft.compute/virtualmachines/imagepublisher",
     "properties.storageProfile.imageReference.publisher"},
    {"microsoft.compute/virtualmachines/imageoffer",
     "properties.storageProfile.imageReference.offer"},
    {"microsoft.compute/virtualmachines/imagesku",
     "properties.storageProfile.imageReference.sku"},
    {"microsoft.compute/virtualmachines/imageversion",
     "properties.storageProfile.imageReference.version"},
    {"microsoft.compute/virtualmachines/imageid",
     "properties.storageProfile.imageReference.id"},
    {"microsoft.compute/virtualmachines/osdisk",
     "properties.storageProfile.osDisk"},
    {"microsoft.compute/virtualmachines/datadisks",
     "properties.storageProfile.dataDisks"},
    {"microsoft.compute/virtualmachinescalesets/imagepublisher",
     "properties.virtualMachineProfile.storageProfile.imageReference."
     "publisher"},
    {"microsoft.compute/virtualmachinescalesets/imageoffer",
     "properties.virtualMachineProfile.storageProfile.imageReference.offer"},
    {"microsoft.compute/virtualmachinescalesets/imagesku",
     "properties.virtualMachineProfile.storageProfile.imageReference.sku"},
    {"microsoft.compute/virtualmachinescalesets/imageversion",
     "properties.virtualMachineProfile.storageProfile.imageReference.version"},
    {"microsoft.compute/virtualmachinescalesets/osdisk",
     "properties.virtualMachineProfile.storageProfile.osDisk"},
    // These types keep their SKU inside `properties`.
    {"microsoft.keyvault/vaults/sku", "properties.sku"},
    {"microsoft.operationalinsights/workspaces/sku", "properties.sku"},
    {"microsoft.cache/redis/sku", "properties.sku"},
};

// Alias paths that start with one of these read the top level of the
// declaration, not `properties`, on every type.
static const char *const topLevelHeads[] = {
    "sku",      "kind", "identity", "plan", "zones", "extendedLocation",
    "managedBy"};

static bool isKeyChar(char c) {
  return llvm::isAlnum(c) || c == '_' || c == '$' || c == '-' || c == '@';
}

/// Parses `a.b[*].c` into steps; false on anything else.
static bool parsePath(llvm::StringRef text, std::vector<PathStep> &steps) {
  if (text.empty())
    return false;
  bool expectKey = true;
  while (!text.empty()) {
    if (text.starts_with("[*]")) {
      if (steps.empty())
        return false;
      steps.push_back({"", true});
      text = text.drop_front(3);
      expectKey = false;
      continue;
    }
    if (!expectKey) {
      if (!text.consume_front("."))
        return false;
      expectKey = true;
      continue;
    }
    size_t n = 0;
    while (n < text.size() && isKeyChar(text[n]))
      ++n;
    if (n == 0)
      return false;
    steps.push_back({text.take_front(n).str(), false});
    text = text.drop_front(n);
    expectKey = false;
  }
  return !expectKey;
}

/// True if \p alias (lower case) starts with \p prefix at a path boundary.
static bool startsWithAlias(llvm::StringRef alias, llvm::StringRef prefix) {
  if (!alias.starts_with(prefix))
    return false;
  llvm::StringRef rest = alias.drop_front(prefix.size());
  return rest.empty() || rest.front() == '.' || rest.front() == '[';
}

/// Maps `<type>/<path>` to the declaration path it reads.
static std::string mapAlias(llvm::StringRef alias, llvm::StringRef path) {
  std::string lower = alias.lower();
  const AliasException *best = nullptr;
  for (const AliasException &e : aliasExceptions)
    if (startsWithAlias(lower, e.alias) &&
        (!best || strlen(e.alias) > strlen(best->alias)))
      best = &e;
  if (best)
    return std::string(best->path) +
           alias.drop_front(strlen(best->alias)).str();
  for (const char *head : topLevelHeads)
    if (startsWithAlias(path.lower(), llvm::StringRef(head).lower()))
      return path.str();
  return "properties." + path.str();
}

static std::optional<FieldRef> parseTags(llvm::StringRef text,
                                         std::string &error) {
  FieldRef ref;
  ref.text = text.str();
  ref.kind = FieldRef::Kind::Path;
  ref.path.push_back({"tags", false});
  llvm::StringRef rest = text.drop_front(4);
  if (rest.empty())
    return ref;
  std::string name;
  if (rest.consume_front(".")) {
    name = rest.str();
  } else if (rest.starts_with("['") && rest.ends_with("']")) {
    // tags['name'], with '' for a quote inside the name.
    llvm::StringRef inner = rest.drop_front(2).drop_back(2);
    for (size_t i = 0; i < inner.size(); ++i) {
      name += inner[i];
      if (inner[i] == '\'' && i + 1 < inner.size() && inner[i + 1] == '\'')
        ++i;
    }
  } else if (rest.starts_with("[") && rest.ends_with("]")) {
    name = rest.drop_front().drop_back().str();
  } else {
    error = "unknown field '" + text.str() +
            "': a tag is named tags['name'], tags[name] or tags.name";
    return std::nullopt;
  }
  if (name.empty()) {
    error = "field '" + text.str() + "' names no tag";
    return std::nullopt;
  }
  ref.path.push_back({std::move(name), false});
  return ref;
}

std::optional<FieldRef> armor::policy::parseField(llvm::StringRef text,
                                                  std::string &error) {
  FieldRef ref;
  ref.text = text.str();
  struct Fixed {
    const char *name;
    FieldRef::Kind kind;
  };
  static const Fixed fixed[] = {{"name", FieldRef::Kind::Name},
                                {"fullName", FieldRef::Kind::FullName},
                                {"type", FieldRef::Kind::Type},
                                {"location", FieldRef::Kind::Location},
                                {"id", FieldRef::Kind::Id}};
  for (const Fixed &f : fixed)
    if (text.equals_insensitive(f.name)) {
      ref.kind = f.kind;
      return ref;
    }
  if (text.equals_insensitive("kind")) {
    ref.path.push_back({"kind", false});
    return ref;
  }
  if (text.equals_insensitive("identity.type") ||
      text.equals_insensitive("identity.userAssignedIdentities")) {
    ref.path.push_back({"identity", false});
    ref.path.push_back({text.drop_front(9).str(), false});
    return ref;
  }
  if (text.size() >= 4 && text.take_front(4).equals_insensitive("tags") &&
      (text.size() == 4 || text[4] == '.' || text[4] == '['))
    return parseTags(text, error);

  // A property alias: <Namespace.Provider>/<type>[/<child type>...]/<path>.
  auto unknown = [&](llvm::StringRef why) {
    error = (llvm::Twine("unknown alias '") + text + "': " + why).str();
    return std::nullopt;
  };
  size_t slash = text.rfind('/');
  if (slash == llvm::StringRef::npos)
    return unknown("a field is name, fullName, kind, type, location, id, "
                   "identity.type, tags, tags['name'] or an alias "
                   "'<Namespace>/<type>/<path>'");
  llvm::StringRef type = text.take_front(slash);
  llvm::StringRef path = text.drop_front(slash + 1);
  llvm::SmallVector<llvm::StringRef, 4> segments;
  type.split(segments, '/');
  if (segments.size() < 2 || !segments.front().contains('.') ||
      llvm::any_of(segments, [](llvm::StringRef s) {
        return s.empty() || !llvm::all_of(s, [](char c) {
                 return llvm::isAlnum(c) || c == '.' || c == '-' || c == '_';
               });
      }))
    return unknown((llvm::Twine("'") + type +
                    "' is not a resource type such as "
                    "'Microsoft.Storage/storageAccounts'")
                       .str());
  std::vector<PathStep> steps;
  if (!parsePath(path, steps))
    return unknown((llvm::Twine("'") + path +
                    "' is not a property path such as 'a.b' or 'a[*].b'")
                       .str());
  ref.aliasType = type.str();
  std::string mapped = mapAlias(text, path);
  bool ok = parsePath(mapped, ref.path);
  assert(ok && "the alias table maps to valid paths");
  (void)ok;
  return ref;
}

bool armor::policy::isInside(const FieldRef &field, const FieldRef &prefix,
                             std::vector<PathStep> &rest) {
  if (field.kind != FieldRef::Kind::Path ||
      prefix.kind != FieldRef::Kind::Path ||
      !llvm::StringRef(field.aliasType).equals_insensitive(prefix.aliasType) ||
      field.path.size() < prefix.path.size())
    return false;
  for (size_t i = 0; i != prefix.path.size(); ++i) {
    const PathStep &a = field.path[i], &b = prefix.path[i];
    if (a.wildcard != b.wildcard ||
        !llvm::StringRef(a.key).equals_insensitive(b.key))
      return false;
  }
  rest.assign(field.path.begin() + prefix.path.size(), field.path.end());
  return true;
}
