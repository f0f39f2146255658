//===- BuiltinPolicies.cpp - The built-in policy definitions --------------===//
///
/// \file
/// The definitions of policies/builtin/*.json, embedded at build time by
/// cmake/EmbedPolicies.cmake and parsed once, on first use.
///
//===----------------------------------------------------------------------===//

#include "passes/policy/PolicyDefinition.h"

#include "llvm/ADT/StringMap.h"

#include <cassert>

using namespace armor;
using namespace armor::policy;

namespace {
struct EmbeddedPolicy {
  const char *file;
  const char *json;
};
// Generated from policies/builtin/*.json by cmake/EmbedPolicies.cmake.
const EmbeddedPolicy embeddedPolicies[] = {
#include "BuiltinPolicies.inc"
};
} // namespace

/// The ranges of a built-in point into a private buffer, not into any file
/// a user sees: drop them.
static void clearRanges(ir::Value &value) {
  value.setRange({});
  for (ir::Value &e : value.elements())
    clearRanges(e);
  for (ir::Member &m : value.members()) {
    m.keyRange = {};
    clearRanges(m.value);
  }
}

static const llvm::StringMap<std::shared_ptr<const PolicyDefinition>> &
getBuiltins() {
  static const llvm::StringMap<std::shared_ptr<const PolicyDefinition>>
      builtins = [] {
        llvm::StringMap<std::shared_ptr<const PolicyDefinition>> result;
        SourceManager sources;
        for (const EmbeddedPolicy &embedded : embeddedPolicies) {
          DiagnosticEngine diags;
          FileId file = sources.addFile(
              (llvm::Twine("<builtin>/") + embedded.file + ".json").str(),
              embedded.json);
          std::optional<ir::Value> root = readPolicyJson(sources, file, diags);
          assert(root && "a built-in policy is valid JSON");
          if (!root)
            continue;
          clearRanges(*root);
          std::optional<PolicyDocument> doc =
              parsePolicyDocument(*root, embedded.file, diags);
          assert(doc && doc->definition && "a built-in policy is valid");
          if (!doc || !doc->definition)
            continue;
          auto def = std::make_shared<PolicyDefinition>(*doc->definition);
          def->builtin = true;
          result[embedded.file] = std::move(def);
        }
        return result;
      }();
  return builtins;
}

std::shared_ptr<const PolicyDefinition>
armor::policy::getBuiltinDefinition(llvm::StringRef file) {
  return getBuiltins().lookup(file);
}

std::shared_ptr<const PolicyDefinition>
armor::policy::findBuiltinDefinition(llvm::StringRef nameOrDisplayName) {
  for (const auto &entry : getBuiltins()) {
    const PolicyDefinition &def = *entry.second;
    if (llvm::StringRef(def.name).equals_insensitive(nameOrDisplayName) ||
        llvm::StringRef(def.displayName).equals_insensitive(nameOrDisplayName))
      return entry.second;
  }
  return nullptr;
}
