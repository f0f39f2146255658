//===- NsgCoverageAnalysisTest.cpp - NSG rules read from the IR -----------===//
///
/// \file
/// The parts of NsgCoverageAnalysis that lit tests cannot reach before the
/// evaluator produces them: enumerated values (a verdict or exposure per
/// value, naming it), and attachments that are only possible.
///
//===----------------------------------------------------------------------===//

#include "passes/NsgCoverageAnalysis.h"

#include "passes/Config.h"
#include "passes/RuleRegistry.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

using namespace armor;
using ir::Value;

namespace {

Value str(const char *text) { return Value::string(text); }

Value obj(std::vector<std::pair<const char *, Value>> members) {
  std::vector<ir::Member> list;
  for (auto &[key, value] : members)
    list.push_back({key, {}, std::move(value)});
  return Value::object(std::move(list));
}

Value arr(std::vector<Value> elements) {
  return Value::array(std::move(elements));
}

Value fromParameter(std::vector<Value> alternatives) {
  return Value::enumerated(std::move(alternatives),
                           "parameter 'source' allows it");
}

/// A security rule object: {name, properties}.
Value rule(const char *name, int64_t priority, const char *access, Value source,
           const char *port, const char *protocol = "Tcp") {
  const char *sourceKey =
      source.isArray() ? "sourceAddressPrefixes" : "sourceAddressPrefix";
  return obj({{"name", str(name)},
              {"properties", obj({{"priority", Value::integer(priority)},
                                  {"direction", str("Inbound")},
                                  {"access", str(access)},
                                  {"protocol", str(protocol)},
                                  {sourceKey, std::move(source)},
                                  {"sourcePortRange", str("*")},
                                  {"destinationAddressPrefix", str("*")},
                                  {"destinationPortRange", str(port)}})}});
}

ir::Resource makeNsg(const char *name, std::vector<Value> rules) {
  ir::Resource nsg;
  nsg.type = "Microsoft.Network/networkSecurityGroups";
  nsg.name = str(name);
  nsg.properties = obj({{"securityRules", arr(std::move(rules))}});
  return nsg;
}

std::vector<Diagnostic> check(const ir::Module &module) {
  Config config;
  DiagnosticEngine diags;
  std::unique_ptr<RuleSet> rules = RuleSet::create(config, diags);
  EXPECT_TRUE(rules);
  rules->run(module, diags);
  return diags.diagnostics();
}

std::vector<std::string> getMessages(const std::vector<Diagnostic> &diags,
                                     llvm::StringRef ruleId) {
  std::vector<std::string> messages;
  for (const Diagnostic &d : diags)
    if (d.ruleId == ruleId)
      messages.push_back(d.message);
  return messages;
}

TEST(NsgCoverageAnalysisTest, EnumeratedSourceExposesForOneValue) {
  ir::Module module;
  module.resources.push_back(makeNsg(
      "nsg", {rule("allow-ssh", 100, "Allow",
                   fromParameter({str("10.0.0.0/8"), str("*")}), "22")}));
  std::vector<std::string> messages =
      getMessages(check(module), "nsg-internet-exposed-port");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(
      messages[0],
      "inbound Tcp traffic from the Internet (source '*') to port 22 is "
      "allowed by rule 'allow-ssh' (priority 100) when sourceAddressPrefix is "
      "\"*\" (parameter 'source' allows it)");
}

TEST(NsgCoverageAnalysisTest, EnumeratedDenyExposesForOneValue) {
  ir::Module module;
  module.resources.push_back(makeNsg(
      "nsg",
      {rule("deny-ssh", 100, "Deny",
            fromParameter({str("Internet"), str("192.168.0.0/16")}), "22"),
       rule("allow-ssh", 200, "Allow", str("*"), "22")}));
  std::vector<std::string> messages =
      getMessages(check(module), "nsg-internet-exposed-port");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0],
            "inbound Tcp traffic from the Internet (source '*') to port 22 is "
            "allowed by rule 'allow-ssh' (priority 200) when "
            "sourceAddressPrefix is \"192.168.0.0/16\" (parameter 'source' "
            "allows it)");
}

TEST(NsgCoverageAnalysisTest, EnumeratedCandidateShadowedForEveryValue) {
  ir::Module module;
  module.resources.push_back(makeNsg(
      "nsg",
      {rule("deny-private", 100, "Deny",
            arr({str("10.0.0.0/8"), str("192.168.0.0/16")}), "*"),
       rule("allow-admin", 200, "Allow",
            fromParameter({str("10.1.0.0/16"), str("192.168.7.0/24")}), "22"),
       rule("allow-app", 300, "Allow",
            fromParameter({str("10.2.0.0/16"), str("172.16.0.0/12")}),
            "8080")}));
  std::vector<std::string> messages =
      getMessages(check(module), "nsg-shadowed-rule");
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0], "security rule 'allow-admin' can never match: rule "
                         "'deny-private' (priority 100) denies all of its "
                         "traffic first");
  EXPECT_EQ(messages[1],
            "security rule 'allow-app' can never match: rule 'deny-private' "
            "(priority 100) denies all of its traffic first when "
            "sourceAddressPrefix is \"10.2.0.0/16\" (parameter 'source' "
            "allows it)");
}

TEST(NsgCoverageAnalysisTest, EnumeratedCoveringRuleProvesOnlyWhatAllShare) {
  ir::Module module;
  // Whatever the value, 10.0.0.0/16 is denied; 10.1.0.0/16 only maybe.
  module.resources.push_back(makeNsg(
      "nsg",
      {rule("deny", 100, "Deny",
            fromParameter({str("10.0.0.0/15"), str("10.0.0.0/16")}), "*"),
       rule("allow-0", 200, "Allow", str("10.0.0.0/16"), "443"),
       rule("allow-1", 300, "Allow", str("10.1.0.0/16"), "443")}));
  std::vector<std::string> messages =
      getMessages(check(module), "nsg-shadowed-rule");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], "security rule 'allow-0' can never match: rule "
                         "'deny' (priority 100) denies all of its traffic "
                         "first");
}

TEST(NsgCoverageAnalysisTest, ChildRuleThatMayBelongHereProvesNothing) {
  ir::Module module;
  module.resources.push_back(
      makeNsg("nsg-a", {rule("allow-ssh", 200, "Allow", str("*"), "22")}));
  // A child rule whose parent name is an expression: it may be nsg-a's.
  ir::Resource child;
  child.type = "Microsoft.Network/networkSecurityGroups/securityRules";
  child.name = Value::expression(ir::Expr::makeCall(
      "format",
      {ir::Expr::makeString("{0}/{1}"),
       ir::Expr::makeCall("parameters", {ir::Expr::makeString("nsg")}),
       ir::Expr::makeString("deny-ssh")}));
  child.properties =
      *rule("deny-ssh", 100, "Deny", str("*"), "22").get("properties");
  module.resources.push_back(std::move(child));

  NsgCoverageAnalysis analysis;
  AnalysisManager am;
  NsgCoverage coverage = analysis.run(module, am);
  ASSERT_EQ(coverage.nsgs.size(), 1u);
  const NsgInfo &nsg = coverage.nsgs[0];
  ASSERT_EQ(nsg.rules.size(), 2u + 6u); // two rules and the defaults
  EXPECT_EQ(nsg.rules[1].name, "deny-ssh");
  EXPECT_FALSE(nsg.rules[1].model.certain);

  // The exposure through allow-ssh is no longer proven.
  std::vector<NsgExposure> exposures;
  std::vector<NsgPossibleExposure> possible;
  coverage.findExposures(nsg, {22}, exposures, possible);
  EXPECT_TRUE(exposures.empty());
  ASSERT_EQ(possible.size(), 1u);
  EXPECT_EQ(possible[0].dependsOn, std::vector<unsigned>{1});
}

} // namespace
