//===- NsgBench.cpp - NSG coverage analysis at Azure's 1000-rule limit ----===//
///
/// \file
/// Google Benchmark of the NSG analysis on generated network security
/// groups: N overlapping inbound rules (100..1000, Azure's limit) whose
/// source prefix lists hold 4000 prefixes in total (nested CIDRs in a few
/// blocks, IPv6, service tags), destinations that are `*`, VirtualNetwork
/// or prefixes, and destination ports that are single ports, ranges and
/// lists. Rules are generated once per size with a fixed seed.
///
/// - BM_FirstMatch: the first-match analysis alone (every rule's verdict),
///   with the decision diagram's size and memory as counters, and the
///   growth fitted over N (`_BigO`, `_RMS`).
/// - BM_NsgCoverage: the whole NsgCoverageAnalysis over an ir::Module
///   (reading rules from IR values, both directions, the defaults) plus the
///   exposure query for ports 22 and 3389.
///
/// Usage: armor-nsg-bench [--benchmark_filter=...]
///
//===----------------------------------------------------------------------===//

#include "passes/NsgCoverageAnalysis.h"
#include "passes/NsgFirstMatch.h"

#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

using namespace armor;
using namespace armor::nsg;
using armor::ir::Value;

namespace {

constexpr unsigned totalPrefixes = 4000;

struct RuleText {
  int64_t priority;
  bool allow;
  std::string protocol;
  std::vector<std::string> sources, destinations, ports;
  std::string sourcePort;
};

std::string getIPv4(uint32_t address, unsigned length) {
  address &= length ? ~uint32_t(0) << (32 - length) : 0;
  return std::to_string(address >> 24) + "." +
         std::to_string((address >> 16) & 255) + "." +
         std::to_string((address >> 8) & 255) + "." +
         std::to_string(address & 255) + "/" + std::to_string(length);
}

/// \p count prefixes: nested IPv4 CIDRs inside a few blocks (so that they
/// overlap), some IPv6 prefixes and some service tags.
std::vector<std::string> makePrefixPool(unsigned count, std::mt19937 &rng) {
  static const uint32_t blocks[] = {0x0a000000u, 0xac100000u, 0x14000000u,
                                    0x28000000u};
  static const char *const tags[] = {"Internet",          "VirtualNetwork",
                                     "AzureLoadBalancer", "Storage",
                                     "Sql.WestEurope",    "AzureCloud"};
  std::uniform_int_distribution<uint32_t> any;
  std::vector<std::string> pool;
  for (unsigned i = 0; i != count; ++i) {
    unsigned kind = rng() % 100;
    if (kind < 2) {
      pool.push_back(tags[rng() % std::size(tags)]);
    } else if (kind < 10) {
      char text[64];
      std::snprintf(text, sizeof text, "2001:db8:%x:%x::/%u",
                    unsigned(rng() % 16), unsigned(rng() % 65536),
                    48 + unsigned(rng() % 17));
      pool.push_back(text);
    } else {
      uint32_t block = blocks[rng() % std::size(blocks)];
      unsigned length = 12 + unsigned(rng() % 21); // /12 .. /32
      pool.push_back(getIPv4(block | (any(rng) & 0x00ffffffu), length));
    }
  }
  return pool;
}

std::vector<RuleText> makeRules(unsigned count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> sources = makePrefixPool(totalPrefixes, rng);
  std::vector<std::string> destinations = makePrefixPool(60, rng);
  static const char *const common[] = {"22",   "80",   "443", "3389", "1433",
                                       "8080", "5985", "53",  "25",   "3306"};
  std::vector<RuleText> rules;
  unsigned perRule = totalPrefixes / count;
  for (unsigned i = 0; i != count; ++i) {
    RuleText r;
    r.priority = 100 + int64_t(i) * 3;
    r.allow = rng() % 100 < 60;
    unsigned p = rng() % 100;
    r.protocol = p < 50 ? "Tcp" : p < 70 ? "Udp" : "*";
    r.sources.assign(sources.begin() + i * perRule,
                     sources.begin() + (i + 1) * perRule);
    unsigned d = rng() % 100;
    if (d < 30)
      r.destinations = {"*"};
    else if (d < 50)
      r.destinations = {"VirtualNetwork"};
    else
      for (unsigned k = 0, n = 1 + rng() % 2; k != n; ++k)
        r.destinations.push_back(destinations[rng() % destinations.size()]);
    unsigned port = rng() % 100;
    if (port < 40) {
      r.ports = {common[rng() % std::size(common)]};
    } else if (port < 70) {
      unsigned lo = 1 + rng() % 60000;
      r.ports = {std::to_string(lo) + "-" +
                 std::to_string(lo + 1 + rng() % 2000)};
    } else if (port < 90) {
      for (unsigned k = 0, n = 2 + rng() % 2; k != n; ++k)
        r.ports.push_back(common[rng() % std::size(common)]);
    } else {
      r.ports = {"*"};
    }
    r.sourcePort = rng() % 100 < 95 ? "*" : "1024-65535";
    rules.push_back(std::move(r));
  }
  // Declaration order is not priority order.
  std::shuffle(rules.begin(), rules.end(), rng);
  return rules;
}

std::vector<RuleModel> makeModels(const std::vector<RuleText> &rules) {
  AtomTable atoms;
  AddressContext context;
  std::vector<RuleModel> models;
  for (const RuleText &r : rules) {
    TrafficSet t;
    t[unsigned(Dimension::Protocol)] = *parseProtocol(r.protocol);
    t[unsigned(Dimension::SourcePort)] = *parsePortRange(r.sourcePort);
    for (const std::string &p : r.ports)
      t[unsigned(Dimension::DestinationPort)].unite(*parsePortRange(p));
    for (const std::string &s : r.sources)
      t[unsigned(Dimension::SourceAddress)].unite(
          *parseAddressPrefix(s, atoms, context));
    for (const std::string &s : r.destinations)
      t[unsigned(Dimension::DestinationAddress)].unite(
          *parseAddressPrefix(s, atoms, context));
    models.push_back(
        makeKnownRule(r.priority, r.allow ? accessAllow : accessDeny, t));
  }
  return models;
}

Value getStringList(const std::vector<std::string> &list) {
  std::vector<Value> elements;
  for (const std::string &s : list)
    elements.push_back(Value::string(s));
  return Value::array(std::move(elements));
}

ir::Module makeModule(const std::vector<RuleText> &rules) {
  std::vector<Value> list;
  for (const RuleText &r : rules) {
    std::vector<ir::Member> props = {
        {"priority", {}, Value::integer(r.priority)},
        {"direction", {}, Value::string("Inbound")},
        {"access", {}, Value::string(r.allow ? "Allow" : "Deny")},
        {"protocol", {}, Value::string(r.protocol)},
        {"sourceAddressPrefixes", {}, getStringList(r.sources)},
        {"sourcePortRange", {}, Value::string(r.sourcePort)},
        {"destinationAddressPrefixes", {}, getStringList(r.destinations)},
        {"destinationPortRanges", {}, getStringList(r.ports)}};
    list.push_back(Value::object(
        {{"name", {}, Value::string("rule-" + std::to_string(r.priority))},
         {"properties", {}, Value::object(std::move(props))}}));
  }
  ir::Resource nsg;
  nsg.type = "Microsoft.Network/networkSecurityGroups";
  nsg.name = Value::string("nsg-bench");
  nsg.properties =
      Value::object({{"securityRules", {}, Value::array(std::move(list))}});
  ir::Module module;
  module.resources.push_back(std::move(nsg));
  return module;
}

void BM_FirstMatch(benchmark::State &state) {
  unsigned n = static_cast<unsigned>(state.range(0));
  std::vector<RuleModel> models = makeModels(makeRules(n, 42 + n));
  size_t nodes = 0, bytes = 0, peak = 0;
  unsigned covered = 0;
  for (auto _ : state) {
    FirstMatchAnalysis analysis(models);
    nodes = analysis.getNodeCount();
    bytes = analysis.getMemoryBytes();
    peak = analysis.getPeakMemoryBytes();
    covered = 0;
    for (unsigned r = 0; r != n; ++r) {
      Verdict v = analysis.getVerdict(r).verdict;
      covered += v == Verdict::Shadowed || v == Verdict::Redundant ||
                 v == Verdict::CoveredAmbiguous;
    }
    benchmark::DoNotOptimize(covered);
  }
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["diagramMB"] = static_cast<double>(bytes) / (1 << 20);
  state.counters["peakMB"] = static_cast<double>(peak) / (1 << 20);
  state.counters["covered"] = covered;
  state.SetComplexityN(n);
}
BENCHMARK(BM_FirstMatch)
    ->DenseRange(100, 1000, 100)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();

void BM_NsgCoverage(benchmark::State &state) {
  unsigned n = static_cast<unsigned>(state.range(0));
  ir::Module module = makeModule(makeRules(n, 42 + n));
  size_t exposures = 0;
  for (auto _ : state) {
    AnalysisManager am;
    NsgCoverage coverage = NsgCoverageAnalysis().run(module, am);
    std::vector<NsgExposure> found;
    std::vector<NsgPossibleExposure> possible;
    coverage.findExposures(coverage.nsgs.front(), {22, 3389}, found, possible);
    exposures = found.size();
    benchmark::DoNotOptimize(exposures);
  }
  state.counters["exposures"] = static_cast<double>(exposures);
  state.SetComplexityN(n);
}
BENCHMARK(BM_NsgCoverage)
    ->RangeMultiplier(2)
    ->Range(125, 1000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();

} // namespace

BENCHMARK_MAIN();
