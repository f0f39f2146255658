//===- TopologyAnalysisTest.cpp - The network topology analysis -----------===//

#include "frontend/arm/ArmLowering.h"
#include "frontend/arm/JsonReader.h"
#include "passes/EvaluatePass.h"
#include "passes/NetworkTopologyAnalysis.h"

#include <gtest/gtest.h>

using namespace armor;
using namespace armor::ir;
using namespace armor::topology;
using State = TopologyRef::State;

namespace {

class TopologyAnalysisTest : public ::testing::Test {
protected:
  const NetworkTopology &load(const std::string &text) {
    FileId file = sources.addFile("t.json", text);
    auto root = arm::readJson(sources, file, diags);
    EXPECT_TRUE(root.has_value());
    module = arm::lowerTemplate(std::move(*root), file, diags);
    EvaluatePass({}).run(*module, diags);
    const NetworkTopology *topology = getNetworkTopology(*module, analyses);
    EXPECT_NE(topology, nullptr);
    return *topology;
  }

  const Value &output(llvm::StringRef name) {
    for (const Output &o : module->outputs)
      if (o.name == name)
        return o.value;
    ADD_FAILURE() << "no output " << name.str();
    static Value none;
    return none;
  }

  SourceManager sources;
  DiagnosticEngine diags;
  AnalysisManager analyses;
  std::unique_ptr<Module> module;
};

const char *networkTemplate = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "name": { "type": "string" } },
  "resources": [
    { "type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "vnet-hub",
      "location": "westeurope",
      "properties": { "subnets": [
        { "name": "AzureFirewallSubnet", "properties": { "addressPrefix": "10.0.1.64/26" } },
        { "name": "snet-app", "properties": { "addressPrefix": "10.0.2.0/24" } } ] } },
    { "type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01",
      "name": "[parameters('name')]", "location": "westeurope" },
    { "type": "Microsoft.Network/azureFirewalls", "apiVersion": "2023-09-01", "name": "fw",
      "location": "westeurope",
      "properties": { "ipConfigurations": [ { "name": "c", "properties": {
        "subnet": "[json(format('{{\"id\": \"{0}\"}}', resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet-hub', 'AzureFirewallSubnet')))]" } } ] } },
    { "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "inner",
      "properties": { "mode": "Incremental", "expressionEvaluationOptions": { "scope": "inner" },
        "template": {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "resources": [],
          "outputs": { "vnetId": { "type": "string",
            "value": "[resourceId('Microsoft.Network/virtualNetworks', 'vnet-hub')]" } } } } }
  ],
  "outputs": {
    "concat": { "type": "string", "value": "[concat(resourceId('Microsoft.Network/virtualNetworks', 'vnet-hub'), '/subnets/', 'snet-app')]" },
    "relative": { "type": "string", "value": "[format('Microsoft.Network/networkSecurityGroups/{0}', parameters('name'))]" },
    "full": { "type": "string", "value": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/VNET-HUB" },
    "external": { "type": "string", "value": "[resourceId('Microsoft.Network/virtualNetworks', 'vnet-other')]" },
    "unknown": { "type": "string", "value": "[parameters('name')]" },
    "module": { "type": "string", "value": "[reference('inner').outputs.vnetId.value]" }
  }
})";

TEST_F(TopologyAnalysisTest, ResolvesReferenceForms) {
  const NetworkTopology &topology = load(networkTemplate);
  TopologyRef concat = topology.resolve(&output("concat"));
  ASSERT_TRUE(concat.key.has_value());
  EXPECT_EQ(concat.key->type, "Microsoft.Network/virtualNetworks/subnets");
  EXPECT_EQ(concat.key->segments,
            (std::vector<std::string>{"vnet-hub", "snet-app"}));

  TopologyRef relative = topology.resolve(&output("relative"));
  EXPECT_EQ(relative.state, State::Declared);
  ASSERT_NE(relative.resource, nullptr);
  EXPECT_EQ(relative.resource->type, "Microsoft.Network/networkSecurityGroups");

  TopologyRef full = topology.resolve(&output("full"));
  EXPECT_EQ(full.state, State::Declared);
  EXPECT_EQ(topology.findVnet(*full.resource), 0);

  EXPECT_EQ(topology.resolve(&output("external")).state, State::External);
  TopologyRef unknown = topology.resolve(&output("unknown"));
  EXPECT_EQ(unknown.state, State::Unknown);
  EXPECT_EQ(unknown.why, "parameter 'name' has no value");

  TopologyRef viaModule = topology.resolve(&output("module"));
  EXPECT_EQ(viaModule.state, State::Declared);
  EXPECT_EQ(viaModule.resource, full.resource);
}

TEST_F(TopologyAnalysisTest, FirewallSubnetAndAddress) {
  const NetworkTopology &topology = load(networkTemplate);
  ASSERT_EQ(topology.firewalls.size(), 1u);
  const TopologyFirewall &firewall = topology.firewalls[0];
  EXPECT_FALSE(firewall.virtualHub);
  ASSERT_EQ(firewall.ipConfigurations.size(), 1u);
  const TopologySubnetRef &subnet = firewall.ipConfigurations[0].subnet;
  EXPECT_EQ(subnet.state, State::Declared);
  EXPECT_EQ(subnet.name, "AzureFirewallSubnet");
  EXPECT_EQ(firewall.vnet, 0);
  EXPECT_EQ(topology.hasSubnetNamed(0, "AzureFirewallSubnet"), Tri::Yes);
  EXPECT_EQ(topology.hasSubnetNamed(0, "AzureFirewallManagementSubnet"),
            Tri::No);

  TopologyFirewallAddress address = topology.getConventionalAddress(0);
  ASSERT_TRUE(address.address.has_value());
  EXPECT_EQ(formatIPv4(*address.address), "10.0.1.68");
  EXPECT_EQ(address.prefix, "10.0.1.64/26");

  // snet-app has no route table; AzureFirewallSubnet is exempt.
  ASSERT_EQ(topology.routing.size(), 1u);
  EXPECT_EQ(topology.subnets[topology.routing[0].subnet].name, "snet-app");
  EXPECT_EQ(topology.routing[0].status,
            TopologySubnetRouting::Status::NoRouteTable);
}

TEST_F(TopologyAnalysisTest, NestedModulesAreCoveredByTheTop) {
  load(networkTemplate);
  const Module *nested = nullptr;
  for (const Resource &resource : module->resources)
    if (resource.nested)
      nested = resource.nested.get();
  ASSERT_NE(nested, nullptr);
  EXPECT_EQ(getNetworkTopology(*nested, analyses), nullptr);
}

TEST(TopologyHelpersTest, PrefixesAndExemptions) {
  uint32_t address;
  unsigned length;
  EXPECT_TRUE(parseIPv4Prefix("10.0.1.0/26", address, length));
  EXPECT_EQ(length, 26u);
  EXPECT_EQ(formatIPv4(address), "10.0.1.0");
  EXPECT_FALSE(parseIPv4Prefix("fd00::/64", address, length));
  EXPECT_FALSE(parseIPv4Prefix("10.0.1.0", address, length));
  EXPECT_FALSE(parseIPv4Prefix("10.0.256.0/24", address, length));
  EXPECT_TRUE(isExemptSubnetName("GatewaySubnet"));
  EXPECT_TRUE(isExemptSubnetName("azurebastionsubnet"));
  EXPECT_TRUE(isExemptSubnetName("RouteServerSubnet"));
  EXPECT_FALSE(isExemptSubnetName("snet-app"));
}

} // namespace
