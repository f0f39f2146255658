//===- MicroBench.cpp - Google Benchmark micro-benchmarks -----------------===//
///
/// \file
/// The hot paths one at a time, on inputs built here (no corpus needed):
/// JSON load with ranges, expression parsing, lowering plus evaluation of a
/// generated template, the same deployment in Bicep (parse and lower), and
/// NSG coverage over generated rule sets.
///
//===----------------------------------------------------------------------===//

#include "frontend/arm/ArmLowering.h"
#include "frontend/arm/ExprParser.h"
#include "frontend/arm/JsonReader.h"
#include "frontend/bicep/BicepFrontend.h"
#include "passes/EvaluatePass.h"
#include "passes/RuleRegistry.h"

#include "llvm/Support/thread.h"

#include <benchmark/benchmark.h>

#include <string>

using namespace armor;

/// A template with \p resources storage accounts whose names and tags use
/// expressions over parameters and variables.
static std::string makeTemplate(int resources) {
  std::string t = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "prefix": { "type": "string", "defaultValue": "app" },
                  "env": { "type": "string", "allowedValues": ["dev", "prod"] } },
  "variables": { "tags": { "env": "[parameters('env')]", "owner": "team" } },
  "resources": [)";
  for (int i = 0; i < resources; ++i) {
    if (i)
      t += ",";
    t += R"(
    { "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01",
      "name": "[concat(parameters('prefix'), uniqueString(resourceGroup().id, ')" +
         std::to_string(i) + R"('))]",
      "location": "[resourceGroup().location]",
      "tags": "[variables('tags')]",
      "sku": { "name": "Standard_LRS" }, "kind": "StorageV2",
      "properties": { "minimumTlsVersion": "TLS1_2", "supportsHttpsTrafficOnly": true,
                      "networkAcls": { "defaultAction": "Deny", "ipRules": [ { "value": "[format('10.0.{0}.0/24', )" +
         std::to_string(i % 250) + R"()]" } ] } } })";
  }
  t += "\n  ]\n}\n";
  return t;
}

static void BM_JsonLoad(benchmark::State &state) {
  SourceManager sources;
  FileId file = sources.addFile("bench.json", makeTemplate(state.range(0)));
  for (auto _ : state) {
    DiagnosticEngine diags;
    auto value = arm::readJson(sources, file, diags);
    benchmark::DoNotOptimize(value);
  }
  state.SetBytesProcessed(state.iterations() *
                          sources.getContents(file).size());
}
BENCHMARK(BM_JsonLoad)->Arg(10)->Arg(1000);

static void BM_ExprParse(benchmark::State &state) {
  const char *text = "concat(parameters('prefix'), uniqueString(resourceGroup()"
                     ".id, deployment().name), variables('x')[0].y)";
  for (auto _ : state) {
    DiagnosticEngine diags;
    auto expr = arm::parseExpression(text, {}, false, diags);
    benchmark::DoNotOptimize(expr);
  }
}
BENCHMARK(BM_ExprParse);

static void BM_LowerAndEvaluate(benchmark::State &state) {
  SourceManager sources;
  FileId file = sources.addFile("bench.json", makeTemplate(state.range(0)));
  for (auto _ : state) {
    DiagnosticEngine diags;
    auto value = arm::readJson(sources, file, diags);
    auto module = arm::lowerTemplate(std::move(*value), file, diags);
    EvaluationContext context;
    context.resourceGroupLocation = "westeurope";
    EvaluatePass(context).run(*module, diags);
    benchmark::DoNotOptimize(module);
  }
  state.SetBytesProcessed(state.iterations() *
                          sources.getContents(file).size());
}
BENCHMARK(BM_LowerAndEvaluate)->Arg(10)->Arg(1000);

/// makeTemplate()'s deployment written in Bicep.
static std::string makeBicep(int resources) {
  std::string t = R"(param prefix string = 'app'
@allowed(['dev', 'prod'])
param env string
var tags = { env: env, owner: 'team' }
)";
  for (int i = 0; i < resources; ++i) {
    std::string n = std::to_string(i);
    t += "resource st" + n +
         " 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n"
         "  name: '${prefix}${uniqueString(resourceGroup().id, '" +
         n +
         "')}'\n"
         "  location: resourceGroup().location\n"
         "  tags: tags\n"
         "  sku: { name: 'Standard_LRS' }\n"
         "  kind: 'StorageV2'\n"
         "  properties: {\n"
         "    minimumTlsVersion: 'TLS1_2'\n"
         "    supportsHttpsTrafficOnly: true\n"
         "    networkAcls: {\n"
         "      defaultAction: 'Deny'\n"
         "      ipRules: [ { value: '10.0." +
         std::to_string(i % 250) +
         ".0/24' } ]\n"
         "    }\n"
         "  }\n"
         "}\n";
  }
  return t;
}

static void BM_BicepParseAndLower(benchmark::State &state) {
  SourceManager sources;
  FileId file = sources.addFile("bench.bicep", makeBicep(state.range(0)));
  for (auto _ : state) {
    DiagnosticEngine diags;
    auto module = bicep::loadBicep(sources, file, diags);
    if (!module || diags.hasInputErrors())
      state.SkipWithError("the generated Bicep did not load");
    benchmark::DoNotOptimize(module);
  }
  state.SetBytesProcessed(state.iterations() *
                          sources.getContents(file).size());
}
BENCHMARK(BM_BicepParseAndLower)->Arg(10)->Arg(1000);

/// An NSG with \p rules overlapping inbound rules of mixed access.
static std::string makeNsg(int rules) {
  std::string t = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [ { "type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01",
    "name": "nsg", "location": "westeurope", "properties": { "securityRules": [)";
  for (int i = 0; i < rules; ++i) {
    if (i)
      t += ",";
    int a = (i * 37) % 256, port = 1000 + (i * 13) % 5000;
    t += "{\"name\": \"r" + std::to_string(i) +
         "\", \"properties\": {\"priority\": " + std::to_string(100 + i) +
         ", \"direction\": \"Inbound\", \"access\": \"" +
         (i % 3 ? "Allow" : "Deny") + "\", \"protocol\": \"" +
         (i % 2 ? "Tcp" : "*") + "\", \"sourceAddressPrefix\": \"10." +
         std::to_string(a) + ".0.0/" + std::to_string(16 + i % 9) +
         "\", \"sourcePortRange\": \"*\", \"destinationAddressPrefix\": \"*\", "
         "\"destinationPortRange\": \"" +
         std::to_string(port) + "-" + std::to_string(port + i % 300) + "\"}}";
  }
  t += "] } } ]\n}\n";
  return t;
}

static void BM_NsgRules(benchmark::State &state) {
  SourceManager sources;
  FileId file = sources.addFile("nsg.json", makeNsg(state.range(0)));
  Config config;
  DiagnosticEngine configDiags;
  auto rules = RuleSet::create(config, configDiags);
  DiagnosticEngine loadDiags;
  auto value = arm::readJson(sources, file, loadDiags);
  auto module = arm::lowerTemplate(std::move(*value), file, loadDiags);
  for (auto _ : state) {
    DiagnosticEngine diags;
    rules->run(*module, diags);
    benchmark::DoNotOptimize(diags);
  }
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_NsgRules)
    ->Arg(100)
    ->Arg(200)
    ->Arg(400)
    ->Arg(1000)
    ->Complexity()
    ->Unit(benchmark::kMillisecond);

// Benchmarks run on a thread with the stack evaluation needs, as armor's
// workers do; on the main thread EvaluatePass would start a thread per run.
int main(int argc, char **argv) {
  int status = 0;
  llvm::thread worker(
      std::optional<unsigned>(EvaluatePass::WorkerStackSize), [&] {
        benchmark::Initialize(&argc, argv);
        if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
          status = 1;
          return;
        }
        benchmark::RunSpecifiedBenchmarks();
        benchmark::Shutdown();
      });
  worker.join();
  return status;
}
