//===- LambdaFunctionsTest.cpp - ARM lambda and deployment functions ------===//
//
// Expected values come from the "Lambda functions", "Deployment functions",
// "Resource functions" and "Scope functions" pages of the ARM template
// documentation.
//
//===----------------------------------------------------------------------===//

#include "EvalTestSupport.h"

using namespace armor;
using namespace armor::evaltest;

namespace {

class LambdaFunctions : public EvalFixture {
protected:
  void SetUp() override {
    addVariable("dogs", json(R"([
      {"name": "Evie", "age": 5, "interests": ["Ball", "Frisbee"]},
      {"name": "Casper", "age": 3, "interests": ["Other dogs"]},
      {"name": "Indy", "age": 2, "interests": ["Butter"]},
      {"name": "Kira", "age": 8, "interests": ["Rubs"]}])"));
  }
};

// Docs, "filter".
TEST_F(LambdaFunctions, Filter) {
  EXPECT_EQ(eval("map(filter(variables('dogs'), lambda('dog', "
                 "greaterOrEquals(lambdaVariables('dog').age, 5))), "
                 "lambda('d', lambdaVariables('d').name))"),
            "[\"Evie\",\"Kira\"]");
  EXPECT_EQ(eval("filter(range(0, 10), lambda('i', equals(0, "
                 "mod(lambdaVariables('i'), 2))))"),
            "[0,2,4,6,8]");
}

// Docs, "map".
TEST_F(LambdaFunctions, Map) {
  EXPECT_EQ(eval("map(variables('dogs'), lambda('dog', "
                 "lambdaVariables('dog').name))"),
            "[\"Evie\",\"Casper\",\"Indy\",\"Kira\"]");
  EXPECT_EQ(eval("map(variables('dogs'), lambda('dog', format('Hello {0}!', "
                 "lambdaVariables('dog').name)))"),
            "[\"Hello Evie!\",\"Hello Casper!\",\"Hello Indy!\",\"Hello "
            "Kira!\"]");
  EXPECT_EQ(eval("map(range(0, 2), lambda('i', createObject('i', "
                 "lambdaVariables('i'), 'dog', "
                 "variables('dogs')[lambdaVariables('i')].name)))"),
            "[{\"i\":0,\"dog\":\"Evie\"},{\"i\":1,\"dog\":\"Casper\"}]");
  // With the index variable.
  EXPECT_EQ(
      eval("map(createArray('a', 'b'), lambda('x', 'i', "
           "concat(lambdaVariables('x'), string(lambdaVariables('i')))))"),
      "[\"a0\",\"b1\"]");
}

// Docs, "reduce".
TEST_F(LambdaFunctions, Reduce) {
  EXPECT_EQ(eval("reduce(map(variables('dogs'), lambda('dog', "
                 "lambdaVariables('dog').age)), 0, lambda('cur', 'next', "
                 "add(lambdaVariables('cur'), lambdaVariables('next'))))"),
            "18");
  EXPECT_EQ(eval("reduce(map(variables('dogs'), lambda('dog', "
                 "lambdaVariables('dog').age)), 1, lambda('cur', 'next', "
                 "add(lambdaVariables('cur'), lambdaVariables('next'))))"),
            "19");
  EXPECT_EQ(eval("reduce(createArray(createObject('foo', 123), "
                 "createObject('bar', 456), createObject('baz', 789)), "
                 "createObject(), lambda('cur', 'next', "
                 "union(lambdaVariables('cur'), lambdaVariables('next'))))"),
            "{\"foo\":123,\"bar\":456,\"baz\":789}");
}

// Docs, "sort".
TEST_F(LambdaFunctions, Sort) {
  EXPECT_EQ(eval("map(sort(variables('dogs'), lambda('a', 'b', "
                 "less(lambdaVariables('a').age, lambdaVariables('b').age))), "
                 "lambda('d', lambdaVariables('d').name))"),
            "[\"Indy\",\"Casper\",\"Evie\",\"Kira\"]");
  // Stable, and safe with a comparator that is not an order.
  EXPECT_EQ(eval("sort(createArray(3, 1, 2), lambda('a', 'b', true))"),
            "[2,1,3]");
  EXPECT_EQ(eval("sort(createArray(3, 1, 2), lambda('a', 'b', false))"),
            "[3,1,2]");
}

// Docs, "toObject".
TEST_F(LambdaFunctions, ToObject) {
  EXPECT_EQ(eval("objectKeys(toObject(variables('dogs'), lambda('entry', "
                 "lambdaVariables('entry').name)))"),
            "[\"Evie\",\"Casper\",\"Indy\",\"Kira\"]");
  EXPECT_EQ(eval("toObject(variables('dogs'), lambda('entry', "
                 "lambdaVariables('entry').name), lambda('entry', "
                 "lambdaVariables('entry').age))"),
            "{\"Evie\":5,\"Casper\":3,\"Indy\":2,\"Kira\":8}");
}

TEST_F(LambdaFunctions, GroupByMapValues) {
  EXPECT_EQ(eval("groupBy(createArray('foo', 'bar', 'baz'), lambda('x', "
                 "substring(lambdaVariables('x'), 0, 1)))"),
            "{\"f\":[\"foo\"],\"b\":[\"bar\",\"baz\"]}");
  EXPECT_EQ(eval("mapValues(createObject('foo', 'foo'), lambda('val', "
                 "toUpper(lambdaVariables('val'))))"),
            "{\"foo\":\"FOO\"}");
}

TEST_F(LambdaFunctions, UnknownInputs) {
  addParameter("list", "array");
  EXPECT_EQ(eval("map(parameters('list'), lambda('x', lambdaVariables('x')))"),
            "unknown[map(parameters('list'), lambda('x', "
            "lambdaVariables('x')))]");
  addParameter("p", "string");
  EXPECT_EQ(eval("map(createArray('a', parameters('p')), lambda('x', "
                 "toUpper(lambdaVariables('x'))))"),
            "[\"A\",unknown[toUpper(parameters('p'))]]");
  EXPECT_EQ(eval("filter(createArray('a', parameters('p')), lambda('x', "
                 "equals(lambdaVariables('x'), 'a')))"),
            "unknown[filter(createArray('a', parameters('p')), lambda('x', "
            "equals(lambdaVariables('x'), 'a')))]");
  EXPECT_EQ(errors(), "");
}

TEST_F(LambdaFunctions, Errors) {
  eval("map(createArray(1), 'not a lambda')");
  EXPECT_EQ(errors(), "function 'map' expects a lambda with 1 to 2 variables");
  eval("lambda('x', 1)");
  EXPECT_NE(errors(), "");
  eval("lambdaVariables('nope')");
  EXPECT_EQ(errors(), "lambda variable 'nope' is not defined");
  eval("filter(createArray(1), lambda('x', 'yes'))");
  EXPECT_EQ(errors(), "function 'filter' fails: its lambda must return a "
                      "bool, not string");
}

class DeploymentFunctions : public EvalFixture {};

// Scope functions: unknown unless configured.
TEST_F(DeploymentFunctions, ContextNotConfigured) {
  EXPECT_EQ(eval("resourceGroup().location"),
            "unknown[resourceGroup().location]");
  EXPECT_EQ(why("resourceGroup().location"),
            "resourceGroup() is not configured");
  EXPECT_EQ(eval("subscription().subscriptionId"),
            "unknown[subscription().subscriptionId]");
  EXPECT_EQ(eval("deployment().name"), "unknown[deployment().name]");
  EXPECT_EQ(why("deployment().name"), "deployment() is only known at "
                                      "deployment");
  EXPECT_EQ(eval("environment().suffixes.storage"),
            "unknown[environment().suffixes.storage]");
  EXPECT_EQ(eval("tenant().tenantId"), "unknown[tenant().tenantId]");
  EXPECT_EQ(errors(), "");
}

TEST_F(DeploymentFunctions, ContextConfigured) {
  context.resourceGroupLocation = "westeurope";
  EXPECT_EQ(eval("resourceGroup().location"), "\"westeurope\"");
  EXPECT_EQ(eval("resourceGroup().id"), "unknown[resourceGroup().id]");
  EXPECT_EQ(why("resourceGroup().id"), "resourceGroup().id is not configured");
  context.subscriptionId = "00000000-0000-0000-0000-000000000000";
  context.resourceGroupName = "rg";
  EXPECT_EQ(eval("resourceGroup().id"),
            "\"/subscriptions/00000000-0000-0000-0000-000000000000/"
            "resourceGroups/rg\"");
  EXPECT_EQ(eval("uniqueString(resourceGroup().id)"),
            eval("uniqueString('/subscriptions/"
                 "00000000-0000-0000-0000-000000000000/resourceGroups/rg')"));
  EXPECT_EQ(eval("subscription().id"),
            "\"/subscriptions/00000000-0000-0000-0000-000000000000\"");
  context.environmentName = "AzureCloud";
  EXPECT_EQ(eval("environment().suffixes.storage"), "\"core.windows.net\"");
  EXPECT_EQ(eval("environment().resourceManager"),
            "\"https://management.azure.com/\"");
}

// Docs, "resourceId", "subscriptionResourceId", "tenantResourceId",
// "extensionResourceId".
TEST_F(DeploymentFunctions, ResourceIds) {
  EXPECT_EQ(eval("resourceId('Microsoft.Network/virtualNetworks', "
                 "'vnet-hub')"),
            "unknown[resourceId('Microsoft.Network/virtualNetworks', "
            "'vnet-hub')]");
  EXPECT_EQ(why("resourceId('Microsoft.Network/virtualNetworks', 'v')"),
            "subscription() is not configured");
  EXPECT_EQ(eval("tenantResourceId('Microsoft.Authorization/"
                 "policyDefinitions', 'p1')"),
            "\"/providers/Microsoft.Authorization/policyDefinitions/p1\"");
  EXPECT_EQ(eval("subscriptionResourceId('11111111-1111-1111-1111-"
                 "111111111111', 'Microsoft.Authorization/roleDefinitions', "
                 "'acdd72a7-3385-48ef-bd42-f606fba81ae7')"),
            "\"/subscriptions/11111111-1111-1111-1111-111111111111/providers/"
            "Microsoft.Authorization/roleDefinitions/"
            "acdd72a7-3385-48ef-bd42-f606fba81ae7\"");
  EXPECT_EQ(eval("resourceId('sub', 'rg', 'Microsoft.Network/"
                 "virtualNetworks/subnets', 'vnet', 'default')"),
            "\"/subscriptions/sub/resourceGroups/rg/providers/"
            "Microsoft.Network/virtualNetworks/vnet/subnets/default\"");
  EXPECT_EQ(eval("extensionResourceId('/subscriptions/s/resourceGroups/rg/"
                 "providers/Microsoft.Network/networkSecurityGroups/nsg', "
                 "'Microsoft.Insights/diagnosticSettings', 'diag')"),
            "\"/subscriptions/s/resourceGroups/rg/providers/"
            "Microsoft.Network/networkSecurityGroups/nsg/providers/"
            "Microsoft.Insights/diagnosticSettings/diag\"");
  context.subscriptionId = "s";
  context.resourceGroupName = "rg";
  EXPECT_EQ(eval("resourceId('Microsoft.Network/virtualNetworks/subnets', "
                 "'vnet', 'default')"),
            "\"/subscriptions/s/resourceGroups/rg/providers/"
            "Microsoft.Network/virtualNetworks/vnet/subnets/default\"");
  EXPECT_EQ(eval("resourceId('other-rg', 'Microsoft.Network/virtualNetworks', "
                 "'vnet')"),
            "\"/subscriptions/s/resourceGroups/other-rg/providers/"
            "Microsoft.Network/virtualNetworks/vnet\"");
  EXPECT_EQ(errors(), "");
  // Names and type segments that do not pair up: unknown, not an error.
  EXPECT_EQ(why("resourceId('Microsoft.Network/virtualNetworks/subnets', "
                "'vnet')"),
            "the type 'Microsoft.Network/virtualNetworks/subnets' needs 2 "
            "resource name segment(s), got 1");
  // A trailing '/' in the type is ignored.
  EXPECT_EQ(eval("resourceId('Microsoft.Network/publicIPAddresses/', 'pip')"),
            "\"/subscriptions/s/resourceGroups/rg/providers/"
            "Microsoft.Network/publicIPAddresses/pip\"");
  EXPECT_EQ(errors(), "");
}

TEST_F(DeploymentFunctions, RuntimeOnly) {
  EXPECT_EQ(eval("reference('vnet').properties"),
            "unknown[reference('vnet').properties]");
  EXPECT_EQ(why("reference('vnet')"), "reference() is only known at "
                                      "deployment");
  EXPECT_EQ(eval("listKeys('id', '2021-01-01').keys[0].value"),
            "unknown[listKeys('id', '2021-01-01').keys[0].value]");
  EXPECT_EQ(why("listSecrets('id', '2021-01-01')"),
            "listSecrets() is only known at deployment");
  eval("fail('stop here')");
  EXPECT_EQ(errors(), "function 'fail' fails: stop here");
}

} // namespace
