//===- ResourceGraphTest.cpp - Resolving references -----------------------===//

#include "passes/ResourceGraph.h"

#include "frontend/arm/ArmLowering.h"
#include "frontend/arm/JsonReader.h"
#include "passes/EvaluatePass.h"

#include <gtest/gtest.h>

using namespace armor;
using namespace armor::ir;

namespace {

class ResourceGraphTest : public ::testing::Test {
protected:
  std::unique_ptr<Module> load(const std::string &text) {
    FileId file = sources.addFile("t.json", text);
    auto root = arm::readJson(sources, file, diags);
    EXPECT_TRUE(root.has_value());
    auto module = arm::lowerTemplate(std::move(*root), file, diags);
    EvaluatePass({}).run(*module, diags);
    return module;
  }

  const Value &output(const Module &module, llvm::StringRef name) {
    for (const Output &o : module.outputs)
      if (o.name == name)
        return o.value;
    ADD_FAILURE() << "no output " << name.str();
    static Value none;
    return none;
  }

  SourceManager sources;
  DiagnosticEngine diags;
};

const char *hubTemplate = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "vnetName": { "type": "string" } },
  "resources": [
    { "type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01",
      "name": "[parameters('vnetName')]", "location": "westeurope",
      "resources": [ { "type": "subnets", "apiVersion": "2023-09-01", "name": "AzureFirewallSubnet" } ] },
    { "type": "Microsoft.Network/routeTables", "apiVersion": "2023-09-01",
      "name": "rt-spoke", "location": "westeurope" }
  ],
  "outputs": {
    "subnet": { "type": "string", "value": "[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('vnetName'), 'AzureFirewallSubnet')]" },
    "rt": { "type": "string", "value": "[resourceId('Microsoft.Network/routeTables', 'RT-SPOKE')]" },
    "rtRef": { "type": "object", "value": "[reference(resourceId('Microsoft.Network/routeTables', 'rt-spoke'))]" },
    "other": { "type": "string", "value": "[resourceId('Microsoft.Network/routeTables', 'elsewhere')]" }
  }
})";

TEST_F(ResourceGraphTest, ResolvesSymbolicResourceIds) {
  auto module = load(hubTemplate);
  ResourceGraph graph(*module);
  const Resource *subnet = graph.resolve(output(*module, "subnet"));
  ASSERT_NE(subnet, nullptr);
  EXPECT_EQ(subnet->type, "Microsoft.Network/virtualNetworks/subnets");
  const Resource *parent = graph.getParent(*subnet);
  ASSERT_NE(parent, nullptr);
  EXPECT_EQ(parent->type, "Microsoft.Network/virtualNetworks");
}

TEST_F(ResourceGraphTest, NamesCompareCaseInsensitively) {
  auto module = load(hubTemplate);
  ResourceGraph graph(*module);
  const Resource *rt = graph.resolve(output(*module, "rt"));
  ASSERT_NE(rt, nullptr);
  EXPECT_EQ(rt->type, "Microsoft.Network/routeTables");
  EXPECT_EQ(graph.resolve(output(*module, "rtRef")), rt);
  EXPECT_EQ(graph.resolve(output(*module, "other")), nullptr);
}

TEST_F(ResourceGraphTest, ParsesResourceIdStrings) {
  ResourceKey key;
  ASSERT_TRUE(getReferenceKey(
      Value::string("/subscriptions/s/resourceGroups/g/providers/"
                    "Microsoft.Network/virtualNetworks/hub/subnets/snet"),
      key));
  EXPECT_EQ(key.type, "Microsoft.Network/virtualNetworks/subnets");
  ASSERT_EQ(key.segments.size(), 2u);
  EXPECT_EQ(key.segments[0], "hub");
  EXPECT_EQ(key.segments[1], "snet");
  EXPECT_FALSE(getReferenceKey(Value::string("not an id"), key));
}

TEST_F(ResourceGraphTest, NameSegmentsOfExpressions) {
  auto p = Expr::makeCall("parameters", {Expr::makeString("v")});
  Value format =
      Value::unknown(Expr::makeCall("format", {Expr::makeString("{0}/{1}"), p,
                                               Expr::makeString("snet")}),
                     "");
  std::vector<std::string> segments = getNameSegments(format);
  ASSERT_EQ(segments.size(), 2u);
  EXPECT_EQ(segments[0], "[parameters('v')]");
  EXPECT_EQ(segments[1], "snet");
  Value concat = Value::unknown(
      Expr::makeCall("concat", {p, Expr::makeString("/snet")}), "");
  segments = getNameSegments(concat);
  ASSERT_EQ(segments.size(), 2u);
  EXPECT_EQ(segments[0], "[parameters('v')]");
  EXPECT_EQ(segments[1], "snet");
}

} // namespace
