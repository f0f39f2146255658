//===- JsonWriter.cpp - Flat JSON findings for scripts --------------------===//
///
/// \file
/// Writes the unsuppressed diagnostics of a Report as one JSON array, in
/// report order with a fixed key order, so equal reports give equal bytes.
///
//===----------------------------------------------------------------------===//

#include "backend/Report.h"

#include "llvm/Support/ErrorHandling.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

using namespace armor;

using Json = nlohmann::ordered_json;

/// Adds `file`, `line`, `column`, `endLine` and `endColumn` of \p range to
/// \p json; a range without a file gets \p fallbackPath and null positions.
static void addLocation(Json &json, const Report &report, SourceRange range,
                        llvm::StringRef fallbackPath) {
  if (!range.isValid() || !report.sources) {
    json["file"] = fallbackPath.str();
    json["line"] = nullptr;
    json["column"] = nullptr;
    json["endLine"] = nullptr;
    json["endColumn"] = nullptr;
    return;
  }
  const SourceManager &sources = *report.sources;
  LineColumn begin = sources.getLineColumn(range.file, range.begin);
  LineColumn end =
      sources.getLineColumn(range.file, std::max(range.begin, range.end));
  json["file"] = sources.getPath(range.file).str();
  json["line"] = begin.line;
  json["column"] = begin.column;
  json["endLine"] = end.line;
  json["endColumn"] = end.column;
}

static Json writeDiagnostic(const Report &report, const InputResult &input,
                            const Diagnostic &diag) {
  Json json;
  addLocation(json, report, diag.range, input.path);
  json["level"] = getLevelName(diag.level).str();
  json["ruleId"] = diag.ruleId;
  json["message"] = diag.message;
  json["logicalLocation"] = diag.logicalLocation;
  Json related = Json::array();
  for (const RelatedLocation &note : diag.related) {
    Json entry;
    addLocation(entry, report, note.range, input.path);
    entry["message"] = note.message;
    related.push_back(std::move(entry));
  }
  json["related"] = std::move(related);
  return json;
}

void armor::writeJson(llvm::raw_ostream &os, const Report &report) {
  // Our code never throws: the replace handler keeps dump() from throwing on
  // invalid UTF-8, the only error it could meet.
  std::string text;
  try {
    Json findings = Json::array();
    for (const InputResult &input : report.inputs)
      for (const Diagnostic &diag : input.diagnostics)
        if (diag.suppressions.empty() && diag.level != Level::Off)
          findings.push_back(writeDiagnostic(report, input, diag));
    text = findings.dump(2, ' ', /*ensure_ascii=*/false,
                         Json::error_handler_t::replace);
  } catch (const Json::exception &e) {
    llvm::report_fatal_error(llvm::Twine("cannot write JSON: ") + e.what());
  }
  os << text << '\n';
}
