//===- SarifWriterTest.cpp - Tests of the SARIF backend -------------------===//

#include "backend/Baseline.h"
#include "backend/Report.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

using namespace armor;
using nlohmann::json;

namespace {

constexpr const char *Root = "/src/proj";

const std::string Template = "param x string\n"
                             "\tname: 'caf\xC3\xA9 \xF0\x9F\x98\x80' // ok\n"
                             "  priority: 200\n"
                             "}\n";

RuleInfo makeRule() {
  RuleInfo rule;
  rule.id = "nsg-shadowed-rule";
  rule.name = "NsgShadowedRule";
  rule.defaultLevel = Level::Warning;
  rule.shortDescription = "NSG security rule can never match";
  rule.fullDescription = "A rule is covered by rules of higher priority.";
  rule.helpText = "Remove the rule.";
  rule.helpMarkdown = "Remove the **rule**.";
  rule.tags = {"security", "network", "security"};
  rule.securitySeverity = "5.0";
  return rule;
}

/// The range of the first occurrence of \p text in \p contents.
SourceRange find(FileId file, llvm::StringRef contents, llvm::StringRef text) {
  size_t pos = contents.find(text);
  EXPECT_NE(pos, llvm::StringRef::npos) << text.str();
  return {file, static_cast<uint32_t>(pos),
          static_cast<uint32_t>(pos + text.size())};
}

Diagnostic makeDiag(SourceRange range) {
  Diagnostic diag;
  diag.ruleId = "nsg-shadowed-rule";
  diag.level = Level::Warning;
  diag.range = range;
  diag.message = "security rule 'allow-web' can never match";
  diag.logicalLocation = "Microsoft.Network/networkSecurityGroups/nsg-web";
  diag.fingerprintParts = {"allow-web"};
  return diag;
}

std::string writeToString(const Report &report, std::string sourceRoot = Root) {
  SarifOptions options;
  options.sourceRoot = std::move(sourceRoot);
  options.toolVersion = "0.1.0";
  std::string out;
  llvm::raw_string_ostream os(out);
  writeSarif(os, report, options);
  return out;
}

json write(const Report &report) { return json::parse(writeToString(report)); }

/// One input "/src/proj/main.bicep" holding Template, with one finding on
/// the quoted string of line 2.
class SarifWriterTest : public ::testing::Test {
protected:
  void SetUp() override {
    file = sources.addFile("/src/proj/main.bicep", Template);
    report.sources = &sources;
    report.rules.push_back(makeRule());
    InputResult input;
    input.path = "/src/proj/main.bicep";
    input.file = file;
    input.diagnostics.push_back(
        makeDiag(find(file, Template, "'caf\xC3\xA9 \xF0\x9F\x98\x80'")));
    report.inputs.push_back(std::move(input));
  }

  Diagnostic &firstDiag() { return report.inputs[0].diagnostics[0]; }

  SourceManager sources;
  FileId file = 0;
  Report report;
};

} // namespace

TEST(SarifUriTest, RelativeToTheSourceRoot) {
  EXPECT_EQ(getRelativeUri("/src/proj/main.bicep", "/src/proj"), "main.bicep");
  EXPECT_EQ(getRelativeUri("/src/proj/a/b.json", "/src/proj/"), "a/b.json");
  EXPECT_EQ(getRelativeUri("/src/proj/./a/../b.json", "/src/proj"), "b.json");
  EXPECT_EQ(getRelativeUri("/src/other/m.bicep", "/src/proj"),
            "../other/m.bicep");
  EXPECT_EQ(getRelativeUri("/x.json", "/src/proj"), "../../x.json");
  EXPECT_EQ(getRelativeUri("/src/proj/my dir/main.bicep", "/src/proj"),
            "my%20dir/main.bicep");
  EXPECT_EQ(getRelativeUri("/src/proj/a#b?c%d:e.json", "/src/proj"),
            "a%23b%3Fc%25d%3Ae.json");
  EXPECT_EQ(getRelativeUri("/src/proj/caf\xC3\xA9.json", "/src/proj"),
            "caf%C3%A9.json");
}

TEST(SarifUriTest, RelativePathsUseTheCurrentDirectory) {
  EXPECT_EQ(getRelativeUri("a/b.json", ""), "a/b.json");
  EXPECT_EQ(getRelativeUri("./a/../b.json", "."), "b.json");
  EXPECT_EQ(getRelativeUri("x/b.json", "x"), "b.json");
  EXPECT_EQ(getRelativeUri("b.json", "x"), "../b.json");
}

TEST_F(SarifWriterTest, LogAndRunShape) {
  json log = write(report);
  EXPECT_EQ(log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(log["version"], "2.1.0");
  ASSERT_EQ(log["runs"].size(), 1u);
  const json &run = log["runs"][0];
  const json &driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"], "armor");
  EXPECT_EQ(driver["semanticVersion"], "0.1.0");
  EXPECT_EQ(driver["informationUri"], "https://github.com/armor-iac/armor");
  EXPECT_EQ(run["columnKind"], "unicodeCodePoints");
  EXPECT_TRUE(run["originalUriBaseIds"].contains("%SRCROOT%"));
  EXPECT_FALSE(run["originalUriBaseIds"]["%SRCROOT%"].contains("uri"));
  EXPECT_EQ(run["invocations"][0]["executionSuccessful"], true);
  EXPECT_FALSE(run["invocations"][0].contains("toolExecutionNotifications"));
  ASSERT_EQ(run["artifacts"].size(), 1u);
  EXPECT_EQ(run["artifacts"][0]["location"],
            json({{"uri", "main.bicep"}, {"uriBaseId", "%SRCROOT%"}}));
}

TEST_F(SarifWriterTest, Rule) {
  json rule = write(report)["runs"][0]["tool"]["driver"]["rules"][0];
  EXPECT_EQ(rule["id"], "nsg-shadowed-rule");
  EXPECT_EQ(rule["name"], "NsgShadowedRule");
  EXPECT_EQ(rule["shortDescription"]["text"],
            "NSG security rule can never match");
  EXPECT_EQ(rule["fullDescription"]["text"],
            "A rule is covered by rules of higher priority.");
  EXPECT_EQ(rule["help"]["text"], "Remove the rule.");
  EXPECT_EQ(rule["help"]["markdown"], "Remove the **rule**.");
  EXPECT_FALSE(rule.contains("helpUri"));
  EXPECT_EQ(rule["defaultConfiguration"]["level"], "warning");
  EXPECT_EQ(rule["properties"]["tags"], json({"security", "network"}));
  EXPECT_EQ(rule["properties"]["security-severity"], "5.0");
  EXPECT_EQ(rule["properties"]["precision"], "high");
}

TEST_F(SarifWriterTest, RuleWithoutOptionalFields) {
  RuleInfo &rule = report.rules[0];
  rule.helpText.clear();
  rule.helpMarkdown.clear();
  rule.securitySeverity.clear();
  rule.fullDescription.clear();
  rule.helpUri = "https://example.org/nsg-shadowed-rule";
  json out = write(report)["runs"][0]["tool"]["driver"]["rules"][0];
  EXPECT_FALSE(out.contains("help"));
  EXPECT_FALSE(out.contains("fullDescription"));
  EXPECT_FALSE(out["properties"].contains("security-severity"));
  EXPECT_EQ(out["helpUri"], "https://example.org/nsg-shadowed-rule");
}

TEST_F(SarifWriterTest, ResultRegionCountsCodePoints) {
  json result = write(report)["runs"][0]["results"][0];
  EXPECT_EQ(result["ruleId"], "nsg-shadowed-rule");
  EXPECT_EQ(result["ruleIndex"], 0);
  EXPECT_EQ(result["level"], "warning");
  EXPECT_EQ(result["message"]["text"],
            "security rule 'allow-web' can never match");
  const json &location = result["locations"][0];
  EXPECT_EQ(
      location["physicalLocation"]["artifactLocation"],
      json({{"uri", "main.bicep"}, {"uriBaseId", "%SRCROOT%"}, {"index", 0}}));
  // "'café 😀'" starts after the tab and "name: " and is 8 code points
  // long; endColumn is the column after its last one.
  EXPECT_EQ(location["physicalLocation"]["region"], json({{"startLine", 2},
                                                          {"startColumn", 8},
                                                          {"endLine", 2},
                                                          {"endColumn", 16}}));
  EXPECT_EQ(location["logicalLocations"], json::parse(R"([{"fullyQualifiedName":
              "Microsoft.Network/networkSecurityGroups/nsg-web",
              "kind": "resource"}])"));
  EXPECT_FALSE(result.contains("relatedLocations"));
  EXPECT_FALSE(result.contains("suppressions"));
  EXPECT_EQ(result["partialFingerprints"]["armorFingerprint/v1"]
                .get<std::string>()
                .size(),
            64u);
}

TEST_F(SarifWriterTest, RegionSpanningLines) {
  SourceRange range = find(file, Template, "priority");
  range.end = Template.size();
  firstDiag().range = range;
  json region = write(report)["runs"][0]["results"][0]["locations"][0]
                             ["physicalLocation"]["region"];
  EXPECT_EQ(region, json({{"startLine", 3},
                          {"startColumn", 3},
                          {"endLine", 5},
                          {"endColumn", 1}}));
}

TEST_F(SarifWriterTest, RelatedLocationsInOtherFiles) {
  std::string module = "param prefix string\n";
  FileId other = sources.addFile("/src/modules/vnet.bicep", module);
  FileId spaced = sources.addFile("/src/proj/my dir/x.bicep", module);
  firstDiag().related.push_back(
      {find(file, Template, "priority"), "covered by rule 'deny-all'"});
  firstDiag().related.push_back({find(other, module, "prefix"), "declared"});
  firstDiag().related.push_back({find(spaced, module, "param"), "spaced"});

  json run = write(report)["runs"][0];
  ASSERT_EQ(run["artifacts"].size(), 3u);
  EXPECT_EQ(run["artifacts"][0]["roles"], json({"analysisTarget"}));
  EXPECT_EQ(run["artifacts"][1]["location"]["uri"], "../modules/vnet.bicep");
  EXPECT_FALSE(run["artifacts"][1].contains("roles"));
  EXPECT_EQ(run["artifacts"][2]["location"]["uri"], "my%20dir/x.bicep");

  const json &related = run["results"][0]["relatedLocations"];
  ASSERT_EQ(related.size(), 3u);
  EXPECT_EQ(related[0]["id"], 1);
  EXPECT_EQ(related[0]["message"]["text"], "covered by rule 'deny-all'");
  EXPECT_EQ(related[0]["physicalLocation"]["region"]["startLine"], 3);
  EXPECT_EQ(related[1]["id"], 2);
  EXPECT_EQ(related[1]["physicalLocation"]["artifactLocation"],
            json({{"uri", "../modules/vnet.bicep"},
                  {"uriBaseId", "%SRCROOT%"},
                  {"index", 1}}));
  EXPECT_EQ(related[1]["physicalLocation"]["region"],
            json({{"startLine", 1},
                  {"startColumn", 7},
                  {"endLine", 1},
                  {"endColumn", 13}}));
  EXPECT_EQ(related[2]["id"], 3);
  EXPECT_EQ(related[2]["physicalLocation"]["artifactLocation"]["index"], 2);
}

TEST_F(SarifWriterTest, UnlistedRuleIdsGetRules) {
  std::string broken = "{ oops";
  FileId bad = sources.addFile("/src/proj/bad.json", broken);
  InputResult input;
  input.path = "/src/proj/bad.json";
  input.file = bad;
  input.failed = true;
  Diagnostic error;
  error.ruleId = "syntax-error";
  error.level = Level::Error;
  error.range = find(bad, broken, "oops");
  error.message = "expected a string";
  input.diagnostics.push_back(error);
  report.inputs.push_back(std::move(input));
  Diagnostic custom = makeDiag(SourceRange());
  custom.ruleId = "my-custom-rule";
  custom.level = Level::Note;
  report.inputs[0].diagnostics.push_back(custom);

  json run = write(report)["runs"][0];
  const json &rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[1]["id"], "my-custom-rule");
  EXPECT_EQ(rules[1]["name"], "MyCustomRule");
  EXPECT_EQ(rules[1]["defaultConfiguration"]["level"], "note");
  EXPECT_EQ(rules[2]["id"], "syntax-error");
  EXPECT_EQ(rules[2]["name"], "SyntaxError");
  EXPECT_EQ(rules[2]["defaultConfiguration"]["level"], "error");
  EXPECT_TRUE(rules[2].contains("shortDescription"));

  const json &results = run["results"];
  ASSERT_EQ(results.size(), 3u);
  for (const json &result : results)
    EXPECT_EQ(rules[result["ruleIndex"].get<size_t>()]["id"], result["ruleId"]);
  // A finding without a range points at its input, without a region.
  EXPECT_EQ(results[1]["locations"][0]["physicalLocation"],
            json::parse(R"({"artifactLocation": {"uri": "main.bicep",
              "uriBaseId": "%SRCROOT%", "index": 0}})"));

  const json &invocation = run["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], false);
  ASSERT_EQ(invocation["toolExecutionNotifications"].size(), 1u);
  const json &notification = invocation["toolExecutionNotifications"][0];
  EXPECT_EQ(notification["level"], "error");
  EXPECT_EQ(notification["message"]["text"], "expected a string");
  EXPECT_EQ(notification["locations"][0]["physicalLocation"]["artifactLocation"]
                        ["uri"],
            "bad.json");
  EXPECT_EQ(notification["associatedRule"],
            json({{"id", "syntax-error"}, {"index", 2}}));
}

TEST_F(SarifWriterTest, UnreadableInput) {
  InputResult missing;
  missing.path = "/src/proj/gone.json";
  missing.failed = true;
  report.inputs.push_back(std::move(missing));
  json run = write(report)["runs"][0];
  EXPECT_EQ(run["artifacts"][1]["location"]["uri"], "gone.json");
  const json &notification =
      run["invocations"][0]["toolExecutionNotifications"][0];
  EXPECT_EQ(notification["message"]["text"], "input could not be analyzed");
  EXPECT_EQ(notification["locations"][0]["physicalLocation"]["artifactLocation"]
                        ["index"],
            1);
}

TEST_F(SarifWriterTest, Suppressions) {
  Diagnostic suppressed = firstDiag();
  suppressed.suppressions.push_back({"inSource", "accepted risk"});
  suppressed.suppressions.push_back({"external", ""});
  report.inputs[0].diagnostics.push_back(suppressed);
  json results = write(report)["runs"][0]["results"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_FALSE(results[0].contains("suppressions"));
  EXPECT_EQ(results[1]["suppressions"], json::parse(R"([{"kind": "inSource",
              "justification": "accepted risk"}, {"kind": "external"}])"));
}

TEST_F(SarifWriterTest, FingerprintIgnoresLines) {
  std::string before = writeToString(report);

  // The same finding, three lines further down.
  SourceManager movedSources;
  std::string moved = "// a\n// b\n// c\n" + Template;
  FileId movedFile = movedSources.addFile("/src/proj/main.bicep", moved);
  Report movedReport;
  movedReport.sources = &movedSources;
  movedReport.rules = report.rules;
  InputResult input;
  input.path = "/src/proj/main.bicep";
  input.file = movedFile;
  input.diagnostics.push_back(
      makeDiag(find(movedFile, moved, "'caf\xC3\xA9 \xF0\x9F\x98\x80'")));
  movedReport.inputs.push_back(std::move(input));

  json a = json::parse(before)["runs"][0]["results"][0];
  json b = write(movedReport)["runs"][0]["results"][0];
  EXPECT_EQ(
      b["locations"][0]["physicalLocation"]["region"]["startLine"],
      a["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>() +
          3);
  EXPECT_EQ(a["partialFingerprints"], b["partialFingerprints"]);
}

TEST_F(SarifWriterTest, FingerprintTellsFindingsApart) {
  Diagnostic diag = firstDiag();
  std::string uri = "main.bicep";
  std::string base = getFingerprint(diag, uri);
  EXPECT_EQ(base, getFingerprint(diag, uri));
  EXPECT_NE(base, getFingerprint(diag, "other.bicep"));

  Diagnostic otherPart = diag;
  otherPart.fingerprintParts = {"allow-ssh"};
  EXPECT_NE(base, getFingerprint(otherPart, uri));

  Diagnostic otherResource = diag;
  otherResource.logicalLocation += "2";
  EXPECT_NE(base, getFingerprint(otherResource, uri));

  Diagnostic otherRule = diag;
  otherRule.ruleId = "nsg-redundant-rule";
  EXPECT_NE(base, getFingerprint(otherRule, uri));

  // With parts the message does not matter; without them it does.
  Diagnostic reworded = diag;
  reworded.message = "reworded";
  EXPECT_EQ(base, getFingerprint(reworded, uri));
  reworded.fingerprintParts.clear();
  Diagnostic noParts = diag;
  noParts.fingerprintParts.clear();
  EXPECT_NE(getFingerprint(noParts, uri), getFingerprint(reworded, uri));

  // Fields are delimited: moving text between them changes the hash.
  Diagnostic split = diag;
  split.fingerprintParts = {"allow", "-web"};
  EXPECT_NE(base, getFingerprint(split, uri));
}

TEST_F(SarifWriterTest, DeterministicAndRelocatable) {
  firstDiag().related.push_back(
      {find(file, Template, "priority"), "covered by rule 'deny-all'"});
  std::string first = writeToString(report);
  std::string second = writeToString(report);
  EXPECT_EQ(first, second);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(first.back(), '\n');
  EXPECT_EQ(first.substr(0, 4), "{\n  ");
  // No absolute path anywhere.
  EXPECT_EQ(first.find("/src/"), std::string::npos);
  EXPECT_EQ(first.find("file:"), std::string::npos);
  // Keys keep the SARIF order.
  EXPECT_LT(first.find("\"$schema\""), first.find("\"version\""));
  EXPECT_LT(first.find("\"version\""), first.find("\"runs\""));
}

TEST_F(SarifWriterTest, InvalidUtf8DoesNotThrow) {
  firstDiag().message = "bad \xFF byte";
  json result = write(report)["runs"][0]["results"][0];
  EXPECT_EQ(result["message"]["text"], "bad \xEF\xBF\xBD byte");
}

/// The log is streamed, not dumped from a tree, yet it keeps the layout
/// nlohmann's dump(2) gives it, down to the results re-read from a baseline.
TEST_F(SarifWriterTest, LayoutOfADumpedTree) {
  firstDiag().related.push_back(
      {find(file, Template, "priority"), "covered by \"deny-all\"\n"});
  firstDiag().suppressions.push_back({"inSource", "tab\there"});
  Diagnostic other = firstDiag();
  other.fingerprintParts = {"allow-rdp"};
  report.inputs[0].diagnostics.push_back(other);
  llvm::Expected<Baseline> baseline =
      parseBaseline(writeToString(report), "old.sarif");
  ASSERT_TRUE(static_cast<bool>(baseline));
  firstDiag().message = "reworded";
  report.inputs[0].diagnostics[1].fingerprintParts = {"allow-ssh"};

  SarifOptions options;
  options.sourceRoot = Root;
  options.baseline = &*baseline;
  std::string text;
  llvm::raw_string_ostream os(text);
  writeSarif(os, report, options);

  using OrderedJson = nlohmann::ordered_json;
  OrderedJson log = OrderedJson::parse(text);
  EXPECT_EQ(text, log.dump(2, ' ', /*ensure_ascii=*/false) + "\n");
  const OrderedJson &results = log["runs"][0]["results"];
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0]["baselineState"], "updated");
  EXPECT_EQ(results[1]["baselineState"], "new");
  EXPECT_EQ(results[2]["baselineState"], "absent");
  EXPECT_FALSE(
      results[2]["locations"][0]["physicalLocation"]["artifactLocation"]
          .contains("index"));
}
