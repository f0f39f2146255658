//===- JsonWriterTest.cpp - Tests of the flat JSON backend ----------------===//

#include "backend/Report.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

using namespace armor;
using nlohmann::json;

namespace {

std::string writeToString(const Report &report) {
  std::string out;
  llvm::raw_string_ostream os(out);
  writeJson(os, report);
  return out;
}

} // namespace

TEST(JsonWriterTest, FlatFindings) {
  SourceManager sources;
  std::string contents = "x\n\t\xC3\xA9 name\n";
  FileId file = sources.addFile("dir/main.bicep", contents);
  Report report;
  report.sources = &sources;
  InputResult input;
  input.path = "dir/main.bicep";
  input.file = file;

  Diagnostic diag;
  diag.ruleId = "required-tags";
  diag.level = Level::Warning;
  diag.range = {file, 6, 10}; // "name", after a tab and "é "
  diag.message = "resource has no tag 'env'";
  diag.logicalLocation = "Microsoft.Storage/storageAccounts/st";
  diag.related.push_back({{file, 0, 1}, "declared here"});
  input.diagnostics.push_back(diag);

  Diagnostic suppressed = diag;
  suppressed.suppressions.push_back({"inSource", ""});
  input.diagnostics.push_back(suppressed);

  Diagnostic fileLevel;
  fileLevel.ruleId = "syntax-error";
  fileLevel.message = "empty file";
  input.diagnostics.push_back(fileLevel);
  report.inputs.push_back(std::move(input));

  std::string text = writeToString(report);
  EXPECT_EQ(text, writeToString(report));
  EXPECT_EQ(text.back(), '\n');

  json expected = json::parse(R"([
    {"file": "dir/main.bicep", "line": 2, "column": 4, "endLine": 2,
     "endColumn": 8, "level": "warning", "ruleId": "required-tags",
     "message": "resource has no tag 'env'",
     "logicalLocation": "Microsoft.Storage/storageAccounts/st",
     "related": [{"file": "dir/main.bicep", "line": 1, "column": 1,
                  "endLine": 1, "endColumn": 2, "message": "declared here"}]},
    {"file": "dir/main.bicep", "line": null, "column": null, "endLine": null,
     "endColumn": null, "level": "error", "ruleId": "syntax-error",
     "message": "empty file", "logicalLocation": "", "related": []}
  ])");
  EXPECT_EQ(json::parse(text), expected);
  // Keys keep their documented order.
  EXPECT_LT(text.find("\"file\""), text.find("\"line\""));
  EXPECT_LT(text.find("\"level\""), text.find("\"ruleId\""));
}

TEST(JsonWriterTest, EmptyReport) {
  Report report;
  EXPECT_EQ(writeToString(report), "[]\n");
}
