//===- NsgInternetExposedPortRule.cpp - nsg-internet-exposed-port ---------===//

#include "passes/NsgInternetExposedPortRule.h"

#include "passes/NsgCoverageAnalysis.h"

#include "llvm/ADT/STLExtras.h"

using namespace armor;

bool NsgInternetExposedPortRule::configure(const ir::Value &settings,
                                           DiagnosticEngine &diags) {
  bool ok = checkOptionKeys(settings, {"ports"}, diags);
  const ir::Value *list = settings.get("ports");
  if (!list)
    return ok;
  if (!list->isArray()) {
    diags.report("config", Level::Error, list->getRange(),
                 "'ports' of rule '{0}' must be an array of port numbers",
                 getId());
    return false;
  }
  ports.clear();
  for (const ir::Value &port : list->elements()) {
    if (!port.isInteger() || port.getInteger() < 0 ||
        port.getInteger() > 65535) {
      diags.report("config", Level::Error, port.getRange(),
                   "a port of rule '{0}' must be an integer from 0 to 65535",
                   getId());
      ok = false;
      continue;
    }
    ports.push_back(static_cast<unsigned>(port.getInteger()));
  }
  llvm::sort(ports);
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  return ok;
}

static std::string describeProtocols(llvm::ArrayRef<nsg::Protocol> protocols) {
  std::string text;
  for (size_t i = 0; i != protocols.size(); ++i) {
    if (i)
      text += " and ";
    text += nsg::getProtocolName(protocols[i]);
  }
  return text;
}

static std::string describeSources(llvm::ArrayRef<std::string> sources) {
  if (sources.empty())
    return "";
  std::string text = sources.size() == 1 ? " (source " : " (sources ";
  for (size_t i = 0; i != sources.size(); ++i)
    text += (i ? ", '" : "'") + sources[i] + "'";
  return text + ")";
}

void NsgInternetExposedPortRule::check(const ir::Module &module,
                                       CheckContext &ctx) const {
  if (ports.empty())
    return;
  const NsgCoverage &coverage =
      ctx.analyses.getResult<NsgCoverageAnalysis>(module);
  for (const NsgInfo &nsg : coverage.nsgs) {
    std::vector<NsgExposure> exposures;
    std::vector<NsgPossibleExposure> possible;
    coverage.findExposures(nsg, ports, exposures, possible);
    for (const NsgExposure &e : exposures) {
      const NsgSecurityRule &rule = nsg.rules[e.rule];
      report(ctx, rule.range,
             "inbound {0} traffic from the Internet{1} to port {2} is allowed "
             "by {3}{4}",
             describeProtocols(e.protocols), describeSources(e.sources), e.port,
             describeNsgRule(rule), nsg.getWhen(e.condition))
          .logicalLocation(nsg.getLogicalLocation(rule))
          .fingerprint(nsg.name)
          .fingerprint(rule.name)
          .fingerprint(std::to_string(e.port))
          .fingerprint(nsg.condition)
          .fingerprint(e.condition);
    }
    for (const NsgPossibleExposure &p : possible) {
      SourceRange range = p.dependsOn.empty()
                              ? nsg.resource->name.getRange()
                              : nsg.rules[p.dependsOn.front()].range;
      reportUnknown(
          ctx, range,
          "whether network security group '" + nsg.name + "' exposes port " +
              std::to_string(p.port) + " to the Internet",
          "it depends on " + describeNsgDependencies(nsg, p.dependsOn) +
              nsg.getWhen(""));
    }
  }
}
