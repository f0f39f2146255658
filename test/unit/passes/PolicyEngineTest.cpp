//===- PolicyEngineTest.cpp - The policy language over the IR -------------===//
//
// Definitions and templates are read from JSON text; the three-valued cases
// set Unknown and Enumerated values on the resources directly, as the
// evaluator leaves them.
//
//===----------------------------------------------------------------------===//

#include "passes/policy/PolicyEngine.h"

#include "frontend/arm/ArmLowering.h"
#include "frontend/arm/JsonReader.h"

#include <gtest/gtest.h>

#include <map>

using namespace armor;
using namespace armor::policy;
using ir::Value;

namespace {

/// The driver connects the policy library to the ARM frontend; so do the
/// tests, once, before any policy is read.
const bool frontendConnected = [] {
  setPolicyFrontend(
      {[](const SourceManager &sources, FileId file, DiagnosticEngine &diags) {
         return arm::readJson(sources, file, diags);
       },
       arm::lowerExpressionStrings});
  return true;
}();

class PolicyEngineTest : public ::testing::Test {
protected:
  std::optional<Value> readJson(llvm::StringRef text) {
    FileId file = sources.addFile("test.json", text.str());
    return arm::readJson(sources, file, diags);
  }

  std::shared_ptr<const CompiledPolicy>
  compile(llvm::StringRef definition, llvm::StringRef parameters = "{}") {
    std::optional<Value> root = readJson(definition);
    std::optional<Value> params = readJson(parameters);
    if (!root || !params)
      return nullptr;
    std::optional<PolicyDocument> doc =
        parsePolicyDocument(*root, "test", diags);
    if (!doc || !doc->definition)
      return nullptr;
    return CompiledPolicy::compile(doc->definition, *params, {}, diags);
  }

  /// A module with one resource declared by \p resource (ARM JSON).
  ir::Module &load(llvm::StringRef resource) {
    std::string text =
        "{\"$schema\": \"https://schema.management.azure.com/schemas/"
        "2019-04-01/deploymentTemplate.json#\", \"resources\": [" +
        resource.str() + "]}";
    FileId file = sources.addFile("main.json", text);
    std::optional<Value> root = arm::readJson(sources, file, diags);
    EXPECT_TRUE(root);
    module = arm::lowerTemplate(std::move(*root), file, diags);
    return *module;
  }

  Verdict run(const CompiledPolicy &policy) {
    return evaluate(policy, module->resources.front(), *module, {});
  }

  std::string errors() {
    std::string out;
    for (const Diagnostic &d : diags.diagnostics())
      out += d.message + "\n";
    return out;
  }

  static Value enumerated(std::vector<const char *> values,
                          llvm::StringRef parameter) {
    std::vector<Value> alternatives;
    for (const char *v : values)
      alternatives.push_back(Value::string(v));
    return Value::enumerated(
        std::move(alternatives),
        "parameter '" + parameter.str() + "' has no value; its allowedValues",
        {},
        ir::Expr::makeCall("parameters",
                           {ir::Expr::makeString(parameter.str())}));
  }

  SourceManager sources;
  DiagnosticEngine diags;
  std::unique_ptr<ir::Module> module;
};

const char *const allowedLocations = R"({
  "properties": { "displayName": "Allowed", "mode": "Indexed",
    "parameters": { "allowed": { "type": "Array" } },
    "policyRule": {
      "if": { "field": "location", "notIn": "[parameters('allowed')]" },
      "then": { "effect": "deny" } } } })";

TEST_F(PolicyEngineTest, BuiltinsAreEmbedded) {
  for (const char *file :
       {"require-tag", "require-tag-and-value", "allowed-locations"}) {
    std::shared_ptr<const PolicyDefinition> def = getBuiltinDefinition(file);
    ASSERT_TRUE(def) << file;
    EXPECT_TRUE(def->builtin);
    EXPECT_EQ(def->mode, Mode::Indexed);
  }
  EXPECT_EQ(findBuiltinDefinition("e56962a6-4747-49cd-b67b-bf8b01975c4c"),
            getBuiltinDefinition("allowed-locations"));
  EXPECT_EQ(findBuiltinDefinition("Require a tag on resources"),
            getBuiltinDefinition("require-tag"));
  EXPECT_FALSE(findBuiltinDefinition("no-such-policy"));
}

TEST_F(PolicyEngineTest, EffectLevels) {
  EXPECT_EQ(getEffectLevel(*parseEffect("Deny")), Level::Error);
  EXPECT_EQ(getEffectLevel(*parseEffect("audit")), Level::Warning);
  EXPECT_EQ(getEffectLevel(*parseEffect("AuditIfNotExists")), Level::Warning);
  EXPECT_EQ(getEffectLevel(*parseEffect("modify")), Level::Note);
  EXPECT_EQ(getEffectLevel(*parseEffect("append")), Level::Note);
  EXPECT_EQ(getEffectLevel(*parseEffect("deployIfNotExists")), Level::Note);
  EXPECT_EQ(getEffectLevel(*parseEffect("Disabled")), Level::Off);
  EXPECT_FALSE(parseEffect("block"));
}

TEST_F(PolicyEngineTest, FoldsParametersIntoFieldsAndEffects) {
  auto policy = compile(R"({"properties": {
      "parameters": { "tagName": { "type": "String" },
                      "effect": { "type": "String", "defaultValue": "Audit" } },
      "policyRule": {
        "if": { "field": "[concat('tags[', parameters('tagName'), ']')]",
                "exists": "false" },
        "then": { "effect": "[parameters('effect')]" } } } })",
                        R"({"tagName": {"value": "owner"}})");
  ASSERT_TRUE(policy) << errors();
  EXPECT_EQ(policy->getEffect(), Effect::Audit);
  const Condition &c = policy->getCondition();
  ASSERT_EQ(c.kind, Condition::Kind::Field);
  ASSERT_TRUE(c.field.ref);
  EXPECT_EQ(c.field.ref->text, "tags[owner]");
  EXPECT_EQ(c.describe(), "field 'tags[owner]' exists false");
}

TEST_F(PolicyEngineTest, ReportsMissingAndUnknownParameters) {
  EXPECT_FALSE(compile(allowedLocations));
  EXPECT_NE(errors().find("needs a value for parameter 'allowed'"),
            std::string::npos);
  EXPECT_FALSE(compile(allowedLocations, R"({"allowed": "westeurope"})"));
  EXPECT_NE(errors().find("must be of type Array"), std::string::npos);
  EXPECT_FALSE(compile(allowedLocations, R"({"alowed": ["westeurope"]})"));
  EXPECT_NE(errors().find("has no parameter 'alowed'"), std::string::npos);
}

TEST_F(PolicyEngineTest, KnownViolation) {
  auto policy = compile(allowedLocations, R"({"allowed": ["westeurope"]})");
  ASSERT_TRUE(policy) << errors();
  load(R"({"type": "Microsoft.Network/publicIPAddresses", "name": "ip",
           "location": "East US"})");
  Verdict verdict = run(*policy);
  ASSERT_EQ(verdict.violations.size(), 1u);
  EXPECT_FALSE(verdict.unknown);
  EXPECT_EQ(verdict.violations.front().explain(),
            "field 'location' notIn [\"westeurope\"] (found \"eastus\")");
  EXPECT_EQ(verdict.violations.front().range,
            module->resources.front().location.getRange());
}

TEST_F(PolicyEngineTest, UnknownFieldMakesTheVerdictUnknown) {
  auto policy = compile(allowedLocations, R"({"allowed": ["westeurope"]})");
  ASSERT_TRUE(policy);
  load(R"({"type": "Microsoft.Network/publicIPAddresses", "name": "ip"})");
  module->resources.front().location =
      Value::unknown(ir::Expr::makeCall("resourceGroup", {}),
                     "resourceGroup().location is not configured");
  Verdict verdict = run(*policy);
  EXPECT_TRUE(verdict.violations.empty());
  ASSERT_TRUE(verdict.unknown);
  EXPECT_EQ(verdict.unknown->subject, "field 'location'");
  EXPECT_EQ(verdict.unknown->why, "resourceGroup().location is not configured");
}

TEST_F(PolicyEngineTest, KleeneLogic) {
  // allOf with a false member is false even if another is unknown; anyOf
  // with a true member is true; not of unknown is unknown.
  const char *allOf = R"({"if": {"allOf": [
      {"field": "tags.env", "equals": "prod"},
      {"field": "type", "equals": "Microsoft.Web/sites"}]},
    "then": {"effect": "audit"}})";
  const char *anyOf = R"({"if": {"anyOf": [
      {"field": "tags.env", "equals": "prod"},
      {"field": "type", "equals": "Microsoft.Network/publicIPAddresses"}]},
    "then": {"effect": "audit"}})";
  const char *notUnknown = R"({"if": {"not": {"field": "tags.env",
    "equals": "prod"}}, "then": {"effect": "audit"}})";
  load(R"({"type": "Microsoft.Network/publicIPAddresses", "name": "ip",
           "location": "westeurope", "tags": {"env": "x"}})");
  module->resources.front().tags.members().front().value =
      Value::unknown(nullptr, "parameter 'env' has no value");

  Verdict a = run(*compile(allOf));
  EXPECT_TRUE(a.violations.empty());
  EXPECT_FALSE(a.unknown);

  Verdict b = run(*compile(anyOf));
  EXPECT_EQ(b.violations.size(), 1u);

  Verdict c = run(*compile(notUnknown));
  EXPECT_TRUE(c.violations.empty());
  ASSERT_TRUE(c.unknown);
  EXPECT_EQ(c.unknown->why, "parameter 'env' has no value");
}

TEST_F(PolicyEngineTest, EnumeratedValuesViolatePerAlternative) {
  auto policy = compile(allowedLocations,
                        R"({"allowed": ["westeurope", "northeurope"]})");
  ASSERT_TRUE(policy);
  load(R"({"type": "Microsoft.Network/publicIPAddresses", "name": "ip",
           "location": "x"})");
  module->resources.front().location =
      enumerated({"westeurope", "East US", "japaneast"}, "location");
  Verdict verdict = run(*policy);
  ASSERT_EQ(verdict.violations.size(), 2u);
  const Violation &first = verdict.violations[0];
  ASSERT_EQ(first.assumptions.size(), 1u);
  EXPECT_EQ(first.assumptions.front().value.getString(), "East US");
  EXPECT_EQ(first.assumptions.front().parameter, "location");
  EXPECT_EQ(first.assumptions.front().subject, "parameters('location')");
  EXPECT_EQ(first.reasons.front().found, "\"eastus\"");
  EXPECT_EQ(verdict.violations[1].assumptions.front().value.getString(),
            "japaneast");
}

TEST_F(PolicyEngineTest, OneEnumeratedValueTakesOneAlternativePerWorld) {
  // The same parameter read twice takes the same alternative both times.
  auto policy = compile(R"({"if": {"value": "[field('location')]",
      "notEquals": "[field('tags.region')]"}, "then": {"effect": "deny"}})");
  ASSERT_TRUE(policy) << errors();
  load(R"({"type": "Microsoft.Network/publicIPAddresses", "name": "ip",
           "location": "x", "tags": {"region": "y"}})");
  ir::Resource &r = module->resources.front();
  r.location = enumerated({"westeurope", "eastus"}, "location");
  r.tags.members().front().value =
      enumerated({"westeurope", "eastus"}, "location");
  EXPECT_TRUE(run(*policy).violations.empty());
}

TEST_F(PolicyEngineTest, CountWithUnknownMembers) {
  const char *definition = R"({"properties": {"mode": "All",
    "parameters": {"max": {"type": "Integer"}},
    "policyRule": {
      "if": {"count": {"field": "Microsoft.Network/virtualNetworks/subnets[*]",
               "where": {"field": "Microsoft.Network/virtualNetworks/subnets[*].addressPrefix",
                         "like": "10.*"}},
             "greater": "[parameters('max')]"},
      "then": {"effect": "audit"}}}})";
  load(R"({"type": "Microsoft.Network/virtualNetworks", "name": "vnet",
           "properties": {"subnets": [
             {"name": "a", "properties": {"addressPrefix": "10.0.0.0/24"}},
             {"name": "b", "properties": {"addressPrefix": "x"}},
             {"name": "c", "properties": {"addressPrefix": "192.168.0.0/24"}}]}})");
  // The engine reads the properties as the IR keeps them.
  Value *body = &module->resources.front().properties;
  ASSERT_TRUE(body->isObject());
  body->get("subnets")
      ->elements()[1]
      .get("properties")
      ->members()
      .front()
      .value = Value::unknown(nullptr, "parameter 'prefix' has no value");

  // One match for sure, a second possible: "greater 2" is false either way,
  // "greater 0" true either way, "greater 1" unknown.
  EXPECT_TRUE(run(*compile(definition, R"({"max": 2})")).violations.empty());
  EXPECT_FALSE(run(*compile(definition, R"({"max": 2})")).unknown);
  Verdict sure = run(*compile(definition, R"({"max": 0})"));
  ASSERT_EQ(sure.violations.size(), 1u);
  EXPECT_EQ(sure.violations.front().reasons.front().found, "1 to 2");
  Verdict maybe = run(*compile(definition, R"({"max": 1})"));
  EXPECT_TRUE(maybe.violations.empty());
  ASSERT_TRUE(maybe.unknown);
  EXPECT_EQ(maybe.unknown->why, "parameter 'prefix' has no value");
}

TEST_F(PolicyEngineTest, ValueCountWithCurrent) {
  auto policy = compile(R"({"properties": {"mode": "All",
    "parameters": {"banned": {"type": "Array"}},
    "policyRule": {
      "if": {"count": {"value": "[parameters('banned')]", "name": "word",
                       "where": {"field": "name", "contains": "[current('word')]"}},
             "greater": 0},
      "then": {"effect": "deny"}}}})",
                        R"({"banned": ["test", "tmp"]})");
  ASSERT_TRUE(policy) << errors();
  load(R"({"type": "Microsoft.Web/sites", "name": "app-TMP-01",
           "location": "westeurope"})");
  EXPECT_EQ(run(*policy).violations.size(), 1u);
  load(R"({"type": "Microsoft.Web/sites", "name": "app-prod",
           "location": "westeurope"})");
  EXPECT_TRUE(run(*policy).violations.empty());
}

TEST_F(PolicyEngineTest, ModesAndExistingResources) {
  auto indexed = compile(allowedLocations, R"({"allowed": ["westeurope"]})");
  ASSERT_TRUE(indexed);
  load(R"({"type": "Microsoft.Network/virtualNetworks/subnets",
           "name": "vnet/snet", "properties": {}})");
  EXPECT_FALSE(indexed->appliesTo(module->resources.front()));
  load(R"({"type": "Microsoft.Network/virtualNetworks", "name": "vnet",
           "location": "eastus", "existing": true})");
  EXPECT_FALSE(indexed->appliesTo(module->resources.front()));
  load(R"({"type": "Microsoft.Network/virtualNetworks", "name": "vnet",
           "location": "eastus"})");
  EXPECT_TRUE(indexed->appliesTo(module->resources.front()));
}

TEST_F(PolicyEngineTest, BareRulesTakeTheirParametersFromTheAssignment) {
  auto policy = compile(
      R"({"if":{"not":{"field":"[concat('tags[', parameters('tagName'), ']')]","equals":"[parameters('tagValue')]"}},"then":{"effect":"deny"}})",
      R"({"tagName": "env", "tagValue": "prod"})");
  ASSERT_TRUE(policy) << errors();
  EXPECT_TRUE(policy->getDefinition().bareRule);
  load(R"({"type": "Microsoft.Web/sites", "name": "app",
           "location": "westeurope", "tags": {"env": "dev"}})");
  Verdict verdict = run(*policy);
  ASSERT_EQ(verdict.violations.size(), 1u);
  EXPECT_EQ(verdict.violations.front().explain(),
            "not (field 'tags[env]' equals \"prod\") (found \"dev\")");
}

TEST_F(PolicyEngineTest, DefinitionsWithAndWithoutTheWrapper) {
  auto unwrapped = compile(R"({"name": "plain", "displayName": "Plain",
      "mode": "All", "policyRule": {"if": {"field": "type", "equals": "x"},
                                    "then": {"effect": "audit"}}})");
  ASSERT_TRUE(unwrapped) << errors();
  EXPECT_EQ(unwrapped->getDefinition().name, "plain");
  EXPECT_EQ(unwrapped->getDefinition().displayName, "Plain");
  EXPECT_EQ(unwrapped->getDefinition().mode, Mode::All);
  auto wrapped = compile(R"({"properties": {"policyRule": {
      "if": {"field": "type", "equals": "x"}, "then": {"effect": "audit"}}}})");
  ASSERT_TRUE(wrapped) << errors();
  // Without a name: the file's; without a mode: the REST API's Indexed.
  EXPECT_EQ(wrapped->getDefinition().name, "test");
  EXPECT_EQ(wrapped->getDefinition().mode, Mode::Indexed);
}

TEST_F(PolicyEngineTest, InitiativeMembersResolve) {
  std::map<std::string, std::string> files = {
      {"dir/set.json", R"({"properties": {"policyDefinitions": [
          {"policyDefinitionId": "/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c"},
          {"policyDefinitionId": "/subscriptions/x/providers/Microsoft.Authorization/policyDefinitions/mine"},
          {"policyDefinitionId": "/providers/Microsoft.Authorization/policyDefinitions/elsewhere"}]}})"},
      {"dir/mine.json", R"({"if": {"field": "type", "equals": "x"},
                            "then": {"effect": "audit"}})"}};
  std::vector<std::string> asked;
  auto read = [&](llvm::StringRef path, bool optional) -> std::optional<Value> {
    asked.push_back(path.str());
    auto it = files.find(path.str());
    if (it == files.end()) {
      EXPECT_TRUE(optional);
      return std::nullopt;
    }
    return readJson(it->second);
  };
  std::optional<PolicyDocument> doc =
      loadPolicyFile("dir/set.json", read, diags);
  ASSERT_TRUE(doc && doc->set) << errors();
  const auto &members = doc->set->members;
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].definition, getBuiltinDefinition("allowed-locations"));
  ASSERT_TRUE(members[1].definition);
  EXPECT_EQ(members[1].definition->name, "mine");
  // Left for the caller: another loaded definition may have that name.
  EXPECT_FALSE(members[2].definition);
  EXPECT_EQ(asked, (std::vector<std::string>{"dir/set.json", "dir/mine.json",
                                             "dir/elsewhere.json"}));
}

TEST_F(PolicyEngineTest, CompileErrorsNameTheKey) {
  EXPECT_FALSE(compile(R"({"if": {"field": "properties.x", "equals": 1},
                           "then": {"effect": "audit"}})"));
  ASSERT_FALSE(diags.diagnostics().empty());
  const Diagnostic &d = diags.diagnostics().back();
  EXPECT_EQ(d.ruleId, "config");
  EXPECT_TRUE(d.range.isValid());
  EXPECT_NE(d.message.find("unknown alias 'properties.x'"), std::string::npos);
}

} // namespace
