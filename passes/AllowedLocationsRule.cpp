//===- AllowedLocationsRule.cpp - allowed-locations -----------------------===//

#include "passes/AllowedLocationsRule.h"

#include "llvm/ADT/STLExtras.h"

#include <cassert>
#include <set>
#include <utility>

using namespace armor;
using namespace armor::ir;

bool AllowedLocationsRule::configure(const Value &settings,
                                     DiagnosticEngine &diags) {
  bool ok = checkOptionKeys(settings, {"locations"}, diags);
  if (const Value *list = settings.get("locations")) {
    auto add = [&](const Value &v) {
      if (!v.isString() || v.getString().empty()) {
        diags.report("config", Level::Error, v.getRange(),
                     "a location must be a non-empty string");
        ok = false;
        return;
      }
      std::string location = policy::normalizeLocation(v.getString());
      if (!llvm::is_contained(locations, location))
        locations.push_back(std::move(location));
    };
    if (list->isArray())
      llvm::for_each(list->elements(), add);
    else
      add(*list);
  }
  if (!ok || locations.empty())
    return ok;
  auto definition = policy::getBuiltinDefinition("allowed-locations");
  assert(definition && "the built-in policies are embedded");
  std::vector<Value> values;
  for (const std::string &location : locations)
    values.push_back(Value::string(location));
  std::vector<Member> parameters;
  parameters.push_back(
      {"listOfAllowedLocations", {}, Value::array(std::move(values))});
  policy = policy::CompiledPolicy::compile(
      definition, Value::object(std::move(parameters)), {}, diags);
  return policy != nullptr;
}

bool AllowedLocationsRule::isAllowed(llvm::StringRef location) const {
  std::string normalized = policy::normalizeLocation(location);
  return normalized == "global" || llvm::is_contained(locations, normalized);
}

/// A parameter that holds a location: `location`, `vnetLocation`,
/// `locations`, or one whose metadata says `strongType: location`.
static bool isLocationParameter(const Parameter &parameter) {
  llvm::StringRef name(parameter.name);
  if (name.ends_with_insensitive("location") ||
      name.ends_with_insensitive("locations"))
    return true;
  const Value *metadata = parameter.declaration.get("metadata");
  const Value *strongType = metadata ? metadata->get("strongType") : nullptr;
  return strongType && strongType->isString() &&
         llvm::StringRef(strongType->getString())
             .equals_insensitive("location");
}

static std::string joinLocations(const std::vector<std::string> &locations) {
  std::string out;
  for (size_t i = 0; i != locations.size(); ++i)
    out += (i ? ", '" : "'") + locations[i] + "'";
  return out;
}

void AllowedLocationsRule::check(const Module &module,
                                 CheckContext &ctx) const {
  if (!policy)
    return;
  const std::string &policyName = policy->getDefinition().displayName;
  std::string allowed = joinLocations(locations);
  policy::EvaluationOptions options{ctx.config.resourceGroupLocation};
  // Values in a parameter's allowedValues, reported once however many
  // resources use the parameter.
  std::set<std::pair<FileId, uint32_t>> reported;
  auto reportParameter = [&](llvm::StringRef parameter, const Value &value,
                             SourceRange range) {
    if (!reported.insert({range.file, range.begin}).second)
      return;
    report(ctx, range,
           "parameter '{0}' allows location {1}, which is not one of the "
           "allowed locations {2} (policy '{3}')",
           parameter, value.toJson(), allowed, policyName)
        .logicalLocation("parameters/" + parameter.str())
        .fingerprint(parameter.str())
        .fingerprint(value.toJson());
  };

  // Location parameters first: a deployment may pick any allowed value.
  for (const Parameter &parameter : module.parameters) {
    if (!isLocationParameter(parameter) || !parameter.allowedValues ||
        !parameter.allowedValues->isArray())
      continue;
    for (const Value &value : parameter.allowedValues->elements())
      if (value.isString() && !isAllowed(value.getString()))
        reportParameter(parameter.name, value,
                        value.getRange().isValid() ? value.getRange()
                                                   : parameter.range);
  }

  for (const Resource &resource : module.resources) {
    if (!policy->appliesTo(resource))
      continue;
    policy::Verdict verdict =
        policy::evaluate(*policy, resource, module, options);
    std::string name = getDisplayName(resource.name);
    for (const policy::Violation &v : verdict.violations) {
      if (v.assumptions.empty()) {
        report(ctx, v.range,
               "resource '{0}' of type '{1}' is in location {2}, which is not "
               "one of the allowed locations {3} (policy '{4}')",
               name, resource.type, v.reasons.front().found, allowed,
               policyName)
            .logicalLocation(getLogicalLocation(resource))
            .fingerprint(v.reasons.front().found);
        continue;
      }
      const policy::Assumption &assumed = v.assumptions.front();
      if (!assumed.parameter.empty() && assumed.range.isValid()) {
        reportParameter(assumed.parameter, assumed.value, assumed.range);
        continue;
      }
      report(ctx, v.range,
             "resource '{0}' of type '{1}' may be in location {2} ({3}), which "
             "is not one of the allowed locations {4} (policy '{5}')",
             name, resource.type, assumed.value.toJson(), assumed.provenance,
             allowed, policyName)
          .logicalLocation(getLogicalLocation(resource))
          .fingerprint(assumed.value.toJson());
    }
    if (verdict.violations.empty() && verdict.unknown)
      reportUnknown(ctx, verdict.unknown->range, "allowed locations",
                    "the location of '" + name +
                        "' is not known: " + verdict.unknown->why);
  }
}
