//===- Baseline.cpp - An earlier SARIF log to compare with ----------------===//

#include "backend/Baseline.h"

#include "llvm/Support/FormatVariadic.h"

#include <nlohmann/json.hpp>

using namespace armor;

using Json = nlohmann::ordered_json;

static std::pair<size_t, size_t> getLineColumn(llvm::StringRef text,
                                               size_t offset) {
  offset = std::min(offset, text.size());
  llvm::StringRef before = text.take_front(offset);
  size_t line = before.count('\n') + 1;
  size_t lastNewline = before.rfind('\n');
  size_t column =
      lastNewline == llvm::StringRef::npos ? offset + 1 : offset - lastNewline;
  return {line, column};
}

static std::string getString(const Json &object, const char *key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

llvm::Expected<Baseline> armor::parseBaseline(llvm::StringRef contents,
                                              llvm::StringRef path) {
  Json log;
  try {
    log = Json::parse(contents.begin(), contents.end());
  } catch (const Json::parse_error &e) {
    auto [line, column] = getLineColumn(contents, e.byte ? e.byte - 1 : 0);
    return llvm::createStringError(
        llvm::formatv("{0}:{1}:{2}: baseline is not valid JSON", path, line,
                      column)
            .str());
  }
  auto notSarif = [&](llvm::StringRef why) {
    return llvm::createStringError(
        llvm::formatv("{0}: baseline is not a SARIF log: {1}", path, why)
            .str());
  };
  if (!log.is_object() || !log.contains("runs") || !log["runs"].is_array())
    return notSarif("no 'runs' array");
  Baseline baseline;
  for (const Json &run : log["runs"]) {
    if (!run.is_object() || !run.contains("results"))
      continue;
    const Json &results = run["results"];
    if (!results.is_array())
      return notSarif("'results' is not an array");
    for (const Json &result : results) {
      if (!result.is_object())
        return notSarif("a result is not an object");
      // Results that were already absent in the baseline are gone.
      if (getString(result, "baselineState") == "absent")
        continue;
      BaselineResult entry;
      auto fingerprints = result.find("partialFingerprints");
      if (fingerprints != result.end() && fingerprints->is_object())
        entry.fingerprint = getString(*fingerprints, "armorFingerprint/v1");
      entry.ruleId = getString(result, "ruleId");
      entry.level = getString(result, "level");
      auto message = result.find("message");
      if (message != result.end() && message->is_object())
        entry.message = getString(*message, "text");
      entry.json = result.dump();
      baseline.results.push_back(std::move(entry));
    }
  }
  return baseline;
}
