//===- DiagnosticsMissingRule.cpp - diagnostics-missing -------------------===//

#include "passes/DiagnosticsMissingRule.h"

#include "passes/NetworkTopologyAnalysis.h"

#include "llvm/ADT/STLExtras.h"

using namespace armor;
using namespace armor::topology;
using State = TopologyRef::State;

DiagnosticsMissingRule::DiagnosticsMissingRule(llvm::StringRef id, Level level)
    : Rule(id, level), types({"Microsoft.Network/networkSecurityGroups",
                              "Microsoft.Network/azureFirewalls",
                              "Microsoft.Network/loadBalancers",
                              "Microsoft.Network/applicationGateways",
                              "Microsoft.Network/publicIPAddresses",
                              "Microsoft.Network/virtualNetworkGateways",
                              "Microsoft.Network/bastionHosts"}) {}

bool DiagnosticsMissingRule::configure(const ir::Value &settings,
                                       DiagnosticEngine &diags) {
  bool ok = checkOptionKeys(settings, {"types"}, diags);
  const ir::Value *list = settings.get("types");
  if (!list)
    return ok;
  if (!list->isArray()) {
    diags.report("config", Level::Error, list->getRange(),
                 "'types' of rule '{0}' must be an array of resource types",
                 getId());
    return false;
  }
  types.clear();
  for (const ir::Value &type : list->elements()) {
    if (!type.isString() || type.getString().empty() ||
        llvm::StringRef(type.getString()).ends_with("/")) {
      diags.report("config", Level::Error, type.getRange(),
                   "a type of rule '{0}' must be a resource type such as "
                   "'Microsoft.Network/loadBalancers'",
                   getId());
      ok = false;
      continue;
    }
    llvm::StringRef text = type.getString();
    types.push_back(text.contains('/') ? text.str()
                                       : ("Microsoft.Network/" + text).str());
  }
  return ok;
}

static Tri both(Tri a, Tri b) {
  if (a == Tri::No || b == Tri::No)
    return Tri::No;
  if (a == Tri::Maybe || b == Tri::Maybe)
    return Tri::Maybe;
  return Tri::Yes;
}

void DiagnosticsMissingRule::check(const ir::Module &module,
                                   CheckContext &ctx) const {
  const NetworkTopology *topology = getNetworkTopology(module, ctx.analyses);
  if (!topology)
    return;
  for (const ir::Resource *resource : topology->getGraph().getResources()) {
    if (resource->existing ||
        llvm::none_of(types, [&](const std::string &type) {
          return llvm::StringRef(resource->type).equals_insensitive(type);
        }))
      continue;
    std::string name = getDisplayName(resource->name);
    bool covered = false;
    std::string why;
    std::vector<const TopologyDiagnosticSetting *> incomplete;
    for (const TopologyDiagnosticSetting &setting :
         topology->diagnosticSettings) {
      const TopologyRef &target = setting.target;
      if (target.state == State::Unknown) {
        if (why.empty())
          why = "the scope of diagnostic setting '" + setting.name +
                "' is not known: " + target.why;
        continue;
      }
      if (target.resource != resource)
        continue;
      Tri valid = both(setting.enablesLogs, setting.hasDestination);
      if (valid == Tri::Yes && !setting.conditional) {
        covered = true;
        break;
      }
      if (valid == Tri::No) {
        incomplete.push_back(&setting);
        continue;
      }
      if (why.empty())
        why = valid == Tri::Maybe
                  ? "it is not known what diagnostic setting '" + setting.name +
                        "' enables"
                  : "diagnostic setting '" + setting.name +
                        "' may not be deployed";
    }
    if (covered)
      continue;
    if (!why.empty()) {
      reportUnknown(ctx, resource->name.getRange(),
                    "the diagnostic settings of '" + name + "'", why);
      continue;
    }
    SourceRange range = resource->name.getRange().isValid()
                            ? resource->name.getRange()
                            : resource->range;
    auto finding =
        incomplete.empty()
            ? report(ctx, range,
                     "resource '{0}' of type '{1}' has no diagnostic setting: "
                     "its logs are not collected",
                     name, resource->type)
            : report(ctx, range,
                     "resource '{0}' of type '{1}' has no diagnostic setting "
                     "that enables a log category and names a destination",
                     name, resource->type);
    finding.logicalLocation(getLogicalLocation(*resource));
    for (const TopologyDiagnosticSetting *setting : incomplete) {
      SourceRange at = setting->resource->name.getRange();
      if (setting->enablesLogs == Tri::No)
        finding.note(at,
                     "diagnostic setting '{0}' enables no log category or "
                     "category group",
                     setting->name);
      if (setting->hasDestination == Tri::No)
        finding.note(at,
                     "diagnostic setting '{0}' names no destination "
                     "(workspaceId, storageAccountId, "
                     "eventHubAuthorizationRuleId or marketplacePartnerId)",
                     setting->name);
    }
  }
}
