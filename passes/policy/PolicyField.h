//===- PolicyField.h - Fields and aliases of Azure Policy -------*- C++ -*-===//
///
/// \file
/// What a policy `field` names: one of the fixed fields (name, fullName,
/// kind, type, location, id, identity.type), the tags (`tags`,
/// `tags['x']`, `tags.x`, `tags[x]`) or a property alias such as
/// `Microsoft.Network/networkSecurityGroups/securityRules[*].access`.
///
/// Aliases map to a path in the resource declaration. Most map
/// `<type>/<path>` to `properties.<path>`; `[*]` selects every member of an
/// array, and a member that is a sub-resource (`{name, properties}`) is
/// looked into transparently (`securityRules[*].access` reads
/// `properties.securityRules[*].properties.access`). The exceptions armor
/// knows (`sku.*`, `kind`, `identity.*`, a VM's `sku.name`, image and disk
/// aliases, ...) are a table in PolicyField.cpp. Without Azure's alias
/// catalog a well-formed alias of an existing type is trusted; what is not
/// a field or a well-formed alias is an "unknown alias".
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_POLICY_POLICYFIELD_H
#define ARMOR_PASSES_POLICY_POLICYFIELD_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace armor::policy {

/// One step of a path into a resource declaration.
struct PathStep {
  std::string key;       ///< an object key (empty for a wildcard)
  bool wildcard = false; ///< `[*]`: every member of an array
};

/// A parsed `field` value.
struct FieldRef {
  enum class Kind : uint8_t {
    Name,     ///< the last segment of the resource name
    FullName, ///< the full name, "vnet/subnet"
    Type,
    Location, ///< normalized: lower case, no spaces
    Id,       ///< the resource id (not known before deployment)
    Path,     ///< kind, identity.type, tags, tags['x'], property aliases
  };
  Kind kind = Kind::Path;
  std::string text; ///< as written in the definition
  /// Aliases: the resource type they apply to; on other types the field
  /// does not exist. Empty for fields of every resource.
  std::string aliasType;
  /// Kind::Path: the steps from the resource declaration.
  std::vector<PathStep> path;

  bool hasWildcard() const;
  /// True if this is an alias whose path ends in `[*]` (a collection that
  /// `count` can iterate).
  bool isCollection() const { return !path.empty() && path.back().wildcard; }
};

/// Parses a `field` value. Returns nullopt and sets \p error (naming the
/// field) if it is neither a field nor a well-formed alias.
std::optional<FieldRef> parseField(llvm::StringRef text, std::string &error);

/// True if \p field lies inside the collection \p prefix (same alias type,
/// its path starts with the prefix's path); \p rest gets the steps after it.
bool isInside(const FieldRef &field, const FieldRef &prefix,
              std::vector<PathStep> &rest);

} // namespace armor::policy

#endif // ARMOR_PASSES_POLICY_POLICYFIELD_H
