//===- ResourceGraph.h - References resolved to declared resources -*- C++
//-*-===//
///
/// \file
/// The resource graph the checks walk: every resource of a deployment (the
/// module and its nested modules, copy-loop instances included) indexed by
/// type and name, and a resolver from the ways a template refers to a
/// resource — a resource ID string, a `resourceId()`-family call that the
/// evaluator kept symbolic, `reference()`/a symbolic name — to the declared
/// ir::Resource.
///
/// Names compare segment by segment: a known segment by its text
/// (case-insensitively, as Azure does), an unknown segment by its
/// expression, so `resourceId('Microsoft.Network/virtualNetworks',
/// parameters('vnet'))` finds the VNet named `[parameters('vnet')]` even
/// when the parameter has no value.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_RESOURCEGRAPH_H
#define ARMOR_PASSES_RESOURCEGRAPH_H

#include "ir/Module.h"
#include "passes/AnalysisManager.h"

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace armor {

/// A resource as a reference names it: full type and name segments.
struct ResourceKey {
  std::string type; ///< Microsoft.Network/virtualNetworks/subnets
  std::vector<std::string> segments; ///< "vnet", "[parameters('x')]"

  bool matches(const ResourceKey &other) const;
};

/// The name segments of a declared resource's name value: a known string
/// split at '/', or the operands of the `format('{0}/{1}', ...)` and
/// `concat(a, '/', b)` forms; anything else is one opaque segment.
std::vector<std::string> getNameSegments(const ir::Value &name);

/// The key of a reference value: a resource ID string or a resourceId()
/// family call (also inside `reference(...)`). Returns false if \p value is
/// not such a reference.
bool getReferenceKey(const ir::Value &value, ResourceKey &key);

class ResourceGraph {
public:
  /// Indexes \p module and everything nested in it.
  explicit ResourceGraph(const ir::Module &module);

  /// The declared resource \p reference points to (an ID string, a
  /// resourceId()/reference() expression, or a symbolic name), or null if
  /// it is not declared in the deployment or cannot be told.
  const ir::Resource *resolve(const ir::Value &reference) const;
  const ir::Resource *find(const ResourceKey &key) const;

  /// Every resource of \p type (case-insensitive), in declaration order.
  std::vector<const ir::Resource *>
  getResourcesOfType(llvm::StringRef type) const;
  const std::vector<const ir::Resource *> &getResources() const {
    return resources;
  }
  /// The module that declares \p resource.
  const ir::Module *getModule(const ir::Resource &resource) const;
  /// The resource \p child's name and type make it a child of, if declared
  /// ("vnet/snet" of type .../virtualNetworks/subnets -> the VNet "vnet").
  const ir::Resource *getParent(const ir::Resource &child) const;

private:
  void index(const ir::Module &module);

  std::vector<const ir::Resource *> resources;
  std::vector<const ir::Module *> owners; ///< parallel to resources
  std::vector<ResourceKey> keys;          ///< parallel to resources
};

/// Computes the ResourceGraph of a module, once per module.
class ResourceGraphAnalysis : public AnalysisInfoMixin<ResourceGraphAnalysis> {
  friend AnalysisInfoMixin<ResourceGraphAnalysis>;
  static AnalysisKey key;

public:
  using Result = ResourceGraph;
  Result run(const ir::Module &module, AnalysisManager &) {
    return ResourceGraph(module);
  }
};

} // namespace armor

#endif // ARMOR_PASSES_RESOURCEGRAPH_H
