//===- JsonWriter.cpp - Flat JSON findings for scripts --------------------===//
///
/// \file
/// Writes the unsuppressed diagnostics of a Report as one JSON array, in
/// report order with a fixed key order, so equal reports give equal bytes.
/// Findings are streamed one at a time through JsonText.
///
//===----------------------------------------------------------------------===//

#include "backend/JsonText.h"
#include "backend/Report.h"

#include <algorithm>

using namespace armor;

/// Writes `file`, `line`, `column`, `endLine` and `endColumn` of \p range; a
/// range without a file gets \p fallbackPath and null positions.
static void writeLocation(JsonText &json, const Report &report,
                          SourceRange range, llvm::StringRef fallbackPath) {
  if (!range.isValid() || !report.sources) {
    json.attribute("file", fallbackPath);
    for (const char *key : {"line", "column", "endLine", "endColumn"})
      json.attribute(key, nullptr);
    return;
  }
  const SourceManager &sources = *report.sources;
  LineColumn begin = sources.getLineColumn(range.file, range.begin);
  LineColumn end =
      sources.getLineColumn(range.file, std::max(range.begin, range.end));
  json.attribute("file", sources.getPath(range.file));
  json.attribute("line", begin.line);
  json.attribute("column", begin.column);
  json.attribute("endLine", end.line);
  json.attribute("endColumn", end.column);
}

static void writeDiagnostic(JsonText &json, const Report &report,
                            const InputResult &input, const Diagnostic &diag) {
  json.object([&] {
    writeLocation(json, report, diag.range, input.path);
    json.attribute("level", getLevelName(diag.level));
    json.attribute("ruleId", diag.ruleId);
    json.attribute("message", diag.message);
    json.attribute("logicalLocation", diag.logicalLocation);
    json.attributeArray("related", [&] {
      for (const RelatedLocation &note : diag.related) {
        json.object([&] {
          writeLocation(json, report, note.range, input.path);
          json.attribute("message", note.message);
        });
      }
    });
  });
}

void armor::writeJson(llvm::raw_ostream &os, const Report &report) {
  JsonText json(os);
  json.array([&] {
    for (const InputResult &input : report.inputs)
      for (const Diagnostic &diag : input.diagnostics)
        if (diag.suppressions.empty() && diag.level != Level::Off)
          writeDiagnostic(json, report, input, diag);
  });
  os << '\n';
}
