//===- DeploymentFunctions.cpp - ARM deployment and resource functions ---===//
///
/// \file
/// Deployment: deployment, deployer, environment, parameters, variables.
/// Scope: managementGroup, resourceGroup, subscription, tenant.
/// Resource: extensionResourceId, list*, managementGroupResourceId,
/// pickZones, providers, reference, references, resourceId,
/// subscriptionResourceId, tenantResourceId. Also any, extensions, fail.
///
/// Context values come from the EvaluationContext of the module (the
/// configuration, or what a nested deployment declares); what it does not
/// give is Unknown with a provenance that names the missing setting. A
/// context object is built with Unknown members for the parts that are not
/// configured, so `resourceGroup().location` is known when only the
/// location is. Resource IDs are computed when the subscription and
/// resource group are known and otherwise stay as the folded call
/// (`resourceId('Microsoft.Network/virtualNetworks', 'vnet-hub')`), which
/// the resource graph resolves.
///
//===----------------------------------------------------------------------===//

#include "passes/eval/Evaluator.h"
#include "passes/eval/ValueUtil.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace armor;
using namespace armor::eval;
using ir::Expr;
using ir::ExprPtr;
using ir::Member;
using ir::Value;

/// `name().member` as an Unknown: a context value that is not configured.
static Value unknownMember(llvm::StringRef function, llvm::StringRef member,
                           llvm::StringRef why) {
  return Value::unknown(
      Expr::makeMember(Expr::makeCall(function.str(), {}), member.str()),
      why.str());
}

static Value knownOr(const std::optional<std::string> &value,
                     llvm::StringRef function, llvm::StringRef member,
                     llvm::StringRef why) {
  if (value)
    return Value::string(*value);
  return unknownMember(function, member, why);
}

static const EvaluationContext &getContext(CallContext &c) {
  return c.evaluator.getScope().context;
}

static Value fnResourceGroup(CallContext &c) {
  const EvaluationContext &ctx = getContext(c);
  const char *why = "resourceGroup() is not configured";
  if (c.size() != 0 || (!ctx.resourceGroupName && !ctx.resourceGroupLocation))
    return c.unknown(why);
  std::vector<Member> members;
  auto add = [&](const char *key, Value v) {
    members.push_back({key, {}, std::move(v)});
  };
  if (ctx.subscriptionId && ctx.resourceGroupName)
    add("id", Value::string("/subscriptions/" + *ctx.subscriptionId +
                            "/resourceGroups/" + *ctx.resourceGroupName));
  else
    add("id", unknownMember("resourceGroup", "id",
                            "resourceGroup().id is not configured"));
  add("name", knownOr(ctx.resourceGroupName, "resourceGroup", "name",
                      "resourceGroup().name is not configured"));
  add("type", Value::string("Microsoft.Resources/resourceGroups"));
  add("location",
      knownOr(ctx.resourceGroupLocation, "resourceGroup", "location",
              "resourceGroup().location is not configured"));
  add("tags", unknownMember("resourceGroup", "tags",
                            "resourceGroup().tags is only known at "
                            "deployment"));
  add("properties",
      Value::object({{"provisioningState", {}, Value::string("Succeeded")}}));
  return Value::object(std::move(members));
}

static Value fnSubscription(CallContext &c) {
  const EvaluationContext &ctx = getContext(c);
  if (c.size() != 0 || !ctx.subscriptionId)
    return c.unknown("subscription() is not configured");
  std::vector<Member> members;
  members.push_back(
      {"id", {}, Value::string("/subscriptions/" + *ctx.subscriptionId)});
  members.push_back({"subscriptionId", {}, Value::string(*ctx.subscriptionId)});
  members.push_back({"tenantId",
                     {},
                     knownOr(ctx.tenantId, "subscription", "tenantId",
                             "the tenant is not configured")});
  members.push_back({"displayName",
                     {},
                     unknownMember("subscription", "displayName",
                                   "subscription().displayName is only known "
                                   "at deployment")});
  return Value::object(std::move(members));
}

static Value fnTenant(CallContext &c) {
  const EvaluationContext &ctx = getContext(c);
  if (!ctx.tenantId)
    return c.unknown("tenant() is not configured");
  std::vector<Member> members;
  members.push_back({"tenantId", {}, Value::string(*ctx.tenantId)});
  members.push_back({"countryCode",
                     {},
                     unknownMember("tenant", "countryCode",
                                   "tenant().countryCode is only known at "
                                   "deployment")});
  members.push_back({"displayName",
                     {},
                     unknownMember("tenant", "displayName",
                                   "tenant().displayName is only known at "
                                   "deployment")});
  return Value::object(std::move(members));
}

static Value fnManagementGroup(CallContext &c) {
  const EvaluationContext &ctx = getContext(c);
  if (c.size() != 0 || !ctx.managementGroupName)
    return c.unknown("managementGroup() is not configured");
  std::vector<Member> members;
  members.push_back(
      {"id",
       {},
       Value::string("/providers/Microsoft.Management/managementGroups/" +
                     *ctx.managementGroupName)});
  members.push_back({"name", {}, Value::string(*ctx.managementGroupName)});
  members.push_back({"type",
                     {},
                     Value::string("/providers/Microsoft.Management/"
                                   "managementGroups")});
  members.push_back({"properties",
                     {},
                     unknownMember("managementGroup", "properties",
                                   "managementGroup().properties is only "
                                   "known at deployment")});
  return Value::object(std::move(members));
}

static Value fnDeployment(CallContext &c) {
  const EvaluationContext &ctx = getContext(c);
  if (!ctx.deploymentName)
    return c.unknown("deployment() is only known at deployment");
  std::vector<Member> members;
  members.push_back({"name", {}, Value::string(*ctx.deploymentName)});
  // Deployments above a resource group have a location.
  llvm::StringRef scope = c.evaluator.getScope().module.targetScope;
  if (!scope.empty() && !scope.equals_insensitive("resourceGroup"))
    members.push_back({"location",
                       {},
                       knownOr(ctx.deploymentLocation, "deployment", "location",
                               "deployment().location is not configured")});
  members.push_back({"properties",
                     {},
                     unknownMember("deployment", "properties",
                                   "deployment().properties is only known at "
                                   "deployment")});
  return Value::object(std::move(members));
}

/// environment() of the public cloud, as the Azure documentation lists it.
static Value azureCloudEnvironment() {
  auto s = [](const char *text) { return Value::string(text); };
  std::vector<Member> authentication = {
      {"loginEndpoint", {}, s("https://login.microsoftonline.com/")},
      {"audiences",
       {},
       Value::array({s("https://management.core.windows.net/"),
                     s("https://management.azure.com/")})},
      {"tenant", {}, s("common")},
      {"identityProvider", {}, s("AAD")},
  };
  std::vector<Member> suffixes = {
      {"acrLoginServer", {}, s(".azurecr.io")},
      {"azureDatalakeAnalyticsCatalogAndJob",
       {},
       s("azuredatalakeanalytics.net")},
      {"azureDatalakeStoreFileSystem", {}, s("azuredatalakestore.net")},
      {"azureFrontDoorEndpointSuffix", {}, s("azurefd.net")},
      {"keyvaultDns", {}, s(".vault.azure.net")},
      {"sqlServerHostname", {}, s(".database.windows.net")},
      {"storage", {}, s("core.windows.net")},
  };
  std::vector<Member> members = {
      {"name", {}, s("AzureCloud")},
      {"gallery", {}, s("https://gallery.azure.com/")},
      {"graph", {}, s("https://graph.windows.net/")},
      {"portal", {}, s("https://portal.azure.com")},
      {"graphAudience", {}, s("https://graph.windows.net/")},
      {"activeDirectoryDataLake", {}, s("https://datalake.azure.net/")},
      {"batch", {}, s("https://batch.core.windows.net/")},
      {"media", {}, s("https://rest.media.azure.net")},
      {"sqlManagement", {}, s("https://management.core.windows.net:8443/")},
      {"vmImageAliasDoc",
       {},
       s("https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/"
         "arm-compute/quickstart-templates/aliases.json")},
      {"resourceManager", {}, s("https://management.azure.com/")},
      {"authentication", {}, Value::object(std::move(authentication))},
      {"suffixes", {}, Value::object(std::move(suffixes))},
  };
  return Value::object(std::move(members));
}

static Value fnEnvironment(CallContext &c) {
  const EvaluationContext &ctx = getContext(c);
  if (ctx.environmentName &&
      llvm::StringRef(*ctx.environmentName).equals_insensitive("AzureCloud"))
    return azureCloudEnvironment();
  return c.unknown("environment() is not configured");
}

/// The nested deployment of the current module that \p target names: a
/// deployment name, a symbolic name, a deployment resource ID, or the
/// resourceId() call the evaluator kept symbolic.
static const ir::Module *findDeployment(CallContext &c, const Value &target) {
  ModuleScope &scope = c.evaluator.getScope();
  std::string name;
  if (target.isString()) {
    llvm::StringRef text = target.getString();
    size_t at = text.rfind_insensitive("/providers/Microsoft.Resources/"
                                       "deployments/");
    if (at != llvm::StringRef::npos) {
      name = text.substr(at).rsplit('/').second.str();
    } else if (!text.contains('/')) {
      if (const ir::Module *m = scope.deploymentsBySymbol.lookup(text))
        return m;
      name = text.str();
    }
  } else if (target.isUnknown() && target.expr() &&
             target.expr()->isCallTo("resourceId")) {
    const auto &args = target.expr()->args();
    if (args.size() >= 2 &&
        args[args.size() - 2]->getKind() == Expr::Kind::String &&
        llvm::StringRef(args[args.size() - 2]->text())
            .equals_insensitive("Microsoft.Resources/deployments") &&
        args.back()->getKind() == Expr::Kind::String)
      name = args.back()->text();
  }
  if (name.empty())
    return nullptr;
  return scope.deploymentsByName.lookup(llvm::StringRef(name).lower());
}

/// reference() of a nested deployment of this template: its outputs as
/// evaluated; everything else about the deployment is only known then.
static Value fnReference(CallContext &c) {
  const ir::Module *deployment = findDeployment(c, c[0]);
  bool full = c.size() > 2 && c[2].isString() &&
              llvm::StringRef(c[2].getString()).equals_insensitive("Full");
  if (!deployment || full)
    return c.unknown("reference() is only known at deployment");
  std::vector<Member> outputs;
  for (const ir::Output &o : deployment->outputs)
    outputs.push_back({o.name, o.range,
                       Value::object({{"type", {}, Value::string(o.type)},
                                      {"value", {}, o.value}})});
  std::vector<Member> members;
  members.push_back({"outputs", {}, Value::object(std::move(outputs))});
  for (const char *runtime :
       {"provisioningState", "templateHash", "parameters", "mode",
        "correlationId", "timestamp", "duration", "outputResources",
        "validationLevel", "providers", "dependencies"}) {
    std::vector<ir::ExprPtr> args;
    for (size_t i = 0; i != c.size(); ++i)
      args.push_back(c.evaluator.argumentExpr(
          i < c.call.args().size() ? c.call.args()[i].get() : nullptr, c[i]));
    members.push_back(
        {runtime,
         {},
         Value::unknown(
             Expr::makeMember(Expr::makeCall("reference", args), runtime),
             "reference() is only known at deployment")});
  }
  return Value::object(std::move(members));
}

static Value onlyAtDeployment(CallContext &c) {
  return c.unknown((c.name() + "() is only known at deployment").str());
}

static Value fnAny(CallContext &c) { return c[0]; }

static Value fnFail(CallContext &c) {
  return c.fail(c[0].isString() ? c[0].getString() : toDisplayString(c[0]));
}

//===----------------------------------------------------------------------===//
// Resource IDs
//===----------------------------------------------------------------------===//

/// Builds "/providers/NS/t1/n1/t2/n2" from a type and its names; reports
/// when they do not pair up.
static std::optional<std::string> buildProviderPath(CallContext &c,
                                                    llvm::StringRef type,
                                                    llvm::ArrayRef<Value> names,
                                                    Value &error) {
  // Empty segments (a trailing '/' in the type) are ignored, as ARM does.
  llvm::SmallVector<llvm::StringRef, 6> typeParts;
  type.split(typeParts, '/', -1, /*KeepEmpty=*/false);
  llvm::SmallVector<std::string, 6> nameParts;
  for (const Value &name : names) {
    llvm::SmallVector<llvm::StringRef, 4> split;
    llvm::StringRef(name.getString())
        .split(split, '/', -1,
               /*KeepEmpty=*/false);
    for (llvm::StringRef part : split)
      nameParts.push_back(part.str());
  }
  if (typeParts.size() < 2 || nameParts.size() != typeParts.size() - 1) {
    // Not an ID of a resource we can name; how ARM treats such a call is
    // not documented, so it stays unknown rather than an error.
    error = c.unknown(
        (llvm::Twine("the type '") + type + "' needs " +
         llvm::Twine(typeParts.size() < 2 ? 1 : typeParts.size() - 1) +
         " resource name segment(s), got " + llvm::Twine(nameParts.size()))
            .str());
    return std::nullopt;
  }
  std::string path = ("/providers/" + typeParts[0]).str();
  for (size_t i = 1; i != typeParts.size(); ++i)
    path += ("/" + typeParts[i] + "/" + nameParts[i - 1]).str();
  return path;
}

static bool checkStrings(CallContext &c, Value &error) {
  for (size_t i = 0; i != c.size(); ++i)
    if (!c[i].isString()) {
      error = c.failType(i, "a string");
      return false;
    }
  return true;
}

/// Index of the resource type among the first \p maxBefore + 1 arguments:
/// the first that contains a '/'.
static std::optional<size_t> findTypeArgument(CallContext &c,
                                              size_t maxBefore) {
  for (size_t i = 0; i != c.size() && i <= maxBefore; ++i)
    if (llvm::StringRef(c[i].getString()).contains('/'))
      return i;
  return std::nullopt;
}

/// Reads a resourceId()-family call: up to \p maxScopeArgs scope arguments
/// (subscription, resource group or management group), then the resource
/// type and its names. On success sets \p typeIndex and the
/// "/providers/..." path; otherwise \p error is the failure (naming
/// \p usage) or an Unknown.
static bool readScopedResourceId(CallContext &c, size_t maxScopeArgs,
                                 const char *usage, size_t &typeIndex,
                                 std::string &providers, Value &error) {
  if (!checkStrings(c, error))
    return false;
  std::optional<size_t> index = findTypeArgument(c, maxScopeArgs);
  if (!index || *index + 1 >= c.size()) {
    error = c.fail(usage);
    return false;
  }
  std::optional<std::string> path = buildProviderPath(
      c, c[*index].getString(),
      llvm::ArrayRef<Value>(c.args).drop_front(*index + 1), error);
  if (!path)
    return false;
  typeIndex = *index;
  providers = std::move(*path);
  return true;
}

static Value fnResourceId(CallContext &c) {
  Value error;
  size_t typeIndex = 0;
  std::string providers;
  if (!readScopedResourceId(
          c, 2,
          "expects an optional subscription ID and resource group, a "
          "resource type and its names",
          typeIndex, providers, error))
    return error;
  const EvaluationContext &ctx = getContext(c);
  std::optional<std::string> subscription = ctx.subscriptionId;
  std::optional<std::string> group = ctx.resourceGroupName;
  if (typeIndex == 2) {
    subscription = c[0].getString();
    group = c[1].getString();
  } else if (typeIndex == 1) {
    group = c[0].getString();
  }
  llvm::StringRef scope = c.evaluator.getScope().module.targetScope;
  bool groupLevel = typeIndex >= 1 || scope.empty() ||
                    scope.equals_insensitive("resourceGroup");
  if (!groupLevel && scope.equals_insensitive("tenant"))
    return Value::string(providers);
  if (!groupLevel && scope.equals_insensitive("managementGroup")) {
    if (!ctx.managementGroupName)
      return c.unknown("managementGroup() is not configured");
    return Value::string("/providers/Microsoft.Management/managementGroups/" +
                         *ctx.managementGroupName + providers);
  }
  if (!subscription)
    return c.unknown("subscription() is not configured");
  if (!groupLevel)
    return Value::string("/subscriptions/" + *subscription + providers);
  if (!group)
    return c.unknown("resourceGroup() is not configured");
  return Value::string("/subscriptions/" + *subscription + "/resourceGroups/" +
                       *group + providers);
}

static Value fnSubscriptionResourceId(CallContext &c) {
  Value error;
  size_t typeIndex = 0;
  std::string providers;
  if (!readScopedResourceId(
          c, 1,
          "expects an optional subscription ID, a resource type and "
          "its names",
          typeIndex, providers, error))
    return error;
  std::optional<std::string> subscription = getContext(c).subscriptionId;
  if (typeIndex == 1)
    subscription = c[0].getString();
  if (!subscription)
    return c.unknown("subscription() is not configured");
  return Value::string("/subscriptions/" + *subscription + providers);
}

static Value fnTenantResourceId(CallContext &c) {
  Value error;
  if (!checkStrings(c, error))
    return error;
  std::optional<std::string> providers = buildProviderPath(
      c, c[0].getString(), llvm::ArrayRef<Value>(c.args).drop_front(), error);
  if (!providers)
    return error;
  return Value::string(*providers);
}

static Value fnManagementGroupResourceId(CallContext &c) {
  Value error;
  size_t typeIndex = 0;
  std::string providers;
  if (!readScopedResourceId(
          c, 1,
          "expects an optional management group, a resource type and "
          "its names",
          typeIndex, providers, error))
    return error;
  std::optional<std::string> group = getContext(c).managementGroupName;
  if (typeIndex == 1)
    group = c[0].getString();
  if (!group)
    return c.unknown("managementGroup() is not configured");
  return Value::string("/providers/Microsoft.Management/managementGroups/" +
                       *group + providers);
}

static Value fnExtensionResourceId(CallContext &c) {
  Value error;
  if (!checkStrings(c, error))
    return error;
  std::optional<std::string> providers = buildProviderPath(
      c, c[1].getString(), llvm::ArrayRef<Value>(c.args).drop_front(2), error);
  if (!providers)
    return error;
  llvm::StringRef scope = c[0].getString();
  return Value::string(scope.rtrim('/').str() + *providers);
}

//===----------------------------------------------------------------------===//
// parameters() and variables()
//===----------------------------------------------------------------------===//

static Value lazyParameters(Evaluator &ev, const Expr &call) {
  Value name = ev.eval(call.args()[0]);
  if (!name.isString()) {
    if (!name.isKnown())
      return ev.foldCall(call, {name}, Evaluator::getProvenance(name));
    std::string message = "function 'parameters' fails: the name must be a "
                          "string";
    ev.reportError(call.getRange(), message);
    return ev.foldCall(call, {name}, message);
  }
  return ev.getParameter(call, name.getString());
}

static Value lazyVariables(Evaluator &ev, const Expr &call) {
  Value name = ev.eval(call.args()[0]);
  if (!name.isString()) {
    if (!name.isKnown())
      return ev.foldCall(call, {name}, Evaluator::getProvenance(name));
    std::string message = "function 'variables' fails: the name must be a "
                          "string";
    ev.reportError(call.getRange(), message);
    return ev.foldCall(call, {name}, message);
  }
  return ev.getVariable(call, name.getString());
}

static const Builtin deploymentBuiltins[] = {
    {"any", 1, 1, ArgPolicy::Raw, fnAny, nullptr},
    {"deployer", 0, 0, ArgPolicy::Raw, onlyAtDeployment, nullptr},
    {"deployment", 0, 0, ArgPolicy::Raw, fnDeployment, nullptr},
    {"environment", 0, 0, ArgPolicy::Raw, fnEnvironment, nullptr},
    {"extensionResourceId", 3, Builtin::VarArgs, ArgPolicy::Strict,
     fnExtensionResourceId, nullptr},
    {"extensions", 0, Builtin::VarArgs, ArgPolicy::Raw, onlyAtDeployment,
     nullptr},
    {"fail", 1, 1, ArgPolicy::Strict, fnFail, nullptr},
    {"list", 1, Builtin::VarArgs, ArgPolicy::Raw, onlyAtDeployment, nullptr},
    {"managementGroup", 0, 1, ArgPolicy::Raw, fnManagementGroup, nullptr},
    {"managementGroupResourceId", 2, Builtin::VarArgs, ArgPolicy::Strict,
     fnManagementGroupResourceId, nullptr},
    {"parameters", 1, 1, ArgPolicy::Raw, nullptr, lazyParameters},
    {"pickZones", 3, 5, ArgPolicy::Raw, onlyAtDeployment, nullptr},
    {"providers", 1, 2, ArgPolicy::Raw, onlyAtDeployment, nullptr},
    {"reference", 1, 3, ArgPolicy::Raw, fnReference, nullptr},
    {"references", 1, 2, ArgPolicy::Raw, onlyAtDeployment, nullptr},
    {"resourceGroup", 0, 2, ArgPolicy::Raw, fnResourceGroup, nullptr},
    {"resourceId", 2, Builtin::VarArgs, ArgPolicy::Strict, fnResourceId,
     nullptr},
    {"roleDefinitions", 1, 1, ArgPolicy::Raw, onlyAtDeployment, nullptr},
    {"subscription", 0, 1, ArgPolicy::Raw, fnSubscription, nullptr},
    {"subscriptionResourceId", 2, Builtin::VarArgs, ArgPolicy::Strict,
     fnSubscriptionResourceId, nullptr},
    {"tenant", 0, 0, ArgPolicy::Raw, fnTenant, nullptr},
    {"tenantResourceId", 2, Builtin::VarArgs, ArgPolicy::Strict,
     fnTenantResourceId, nullptr},
    {"variables", 1, 1, ArgPolicy::Raw, nullptr, lazyVariables},
};

llvm::ArrayRef<Builtin> armor::eval::getDeploymentBuiltins() {
  return deploymentBuiltins;
}
