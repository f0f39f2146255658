//===- SarifWriter.cpp - SARIF 2.1.0 output -------------------------------===//
///
/// \file
/// Writes a Report as one SARIF 2.1.0 run. Everything that could vary
/// between two runs over the same inputs is left out (timestamps, absolute
/// paths) and every collection is written in report order, so equal reports
/// give equal bytes. Keys keep the order of the SARIF specification through
/// nlohmann::ordered_json.
///
//===----------------------------------------------------------------------===//

#include "backend/Baseline.h"
#include "backend/Report.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cassert>
#include <optional>
#include <string>
#include <vector>

using namespace armor;

using Json = nlohmann::ordered_json;

static constexpr const char *SarifSchema =
    "https://json.schemastore.org/sarif-2.1.0.json";
static constexpr const char *InformationUri =
    "https://github.com/armor-iac/armor";
static constexpr const char *SourceRootId = "%SRCROOT%";
static constexpr const char *FingerprintKey = "armorFingerprint/v1";

//===----------------------------------------------------------------------===//
// Relative URIs and fingerprints
//===----------------------------------------------------------------------===//

/// \p path made absolute against the current directory, with "." and ".."
/// folded. If there is no current directory the path stays as it is.
static llvm::SmallString<256> getNormalizedPath(llvm::StringRef path) {
  llvm::SmallString<256> result(path.empty() ? llvm::StringRef(".") : path);
  // On failure the path stays relative; the caller copes.
  (void)llvm::sys::fs::make_absolute(result);
  llvm::sys::path::remove_dots(result, /*remove_dot_dot=*/true);
  return result;
}

/// The components of \p path after its root, without "." components.
static llvm::SmallVector<llvm::StringRef, 16>
getComponents(llvm::StringRef path) {
  llvm::SmallVector<llvm::StringRef, 16> components;
  llvm::StringRef relative = llvm::sys::path::relative_path(path);
  for (auto it = llvm::sys::path::begin(relative),
            e = llvm::sys::path::end(relative);
       it != e; ++it)
    if (*it != ".")
      components.push_back(*it);
  return components;
}

static bool isUnreserved(char c) {
  return llvm::isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/// Appends \p segment to \p uri with every byte that is not an RFC 3986
/// unreserved character percent-encoded.
static void appendEncodedSegment(std::string &uri, llvm::StringRef segment) {
  for (char c : segment) {
    if (isUnreserved(c)) {
      uri += c;
      continue;
    }
    uri += '%';
    uri += llvm::hexdigit(static_cast<unsigned char>(c) >> 4);
    uri += llvm::hexdigit(static_cast<unsigned char>(c) & 0xF);
  }
}

std::string armor::getRelativeUri(llvm::StringRef path,
                                  llvm::StringRef sourceRoot) {
  llvm::SmallString<256> file = getNormalizedPath(path);
  llvm::SmallString<256> root = getNormalizedPath(sourceRoot);
  llvm::SmallVector<llvm::StringRef, 16> fileParts = getComponents(file);
  llvm::SmallVector<llvm::StringRef, 16> rootParts = getComponents(root);

  // Paths on different roots (another drive on Windows) or that could not be
  // made absolute share no prefix with the root: keep them relative as they
  // are rather than leak an absolute path.
  size_t common = 0;
  if (llvm::sys::path::root_path(file) == llvm::sys::path::root_path(root) &&
      llvm::sys::path::is_absolute(file) == llvm::sys::path::is_absolute(root))
    while (common < fileParts.size() && common < rootParts.size() &&
           fileParts[common] == rootParts[common])
      ++common;
  else
    rootParts.clear();

  std::string uri;
  for (size_t i = common, e = rootParts.size(); i < e; ++i)
    uri += "../";
  for (size_t i = common, e = fileParts.size(); i < e; ++i) {
    if (i != common)
      uri += '/';
    appendEncodedSegment(uri, fileParts[i]);
  }
  if (uri.empty())
    return "./";
  return uri;
}

/// Feeds one field to \p hash, length-prefixed so that no two different
/// field lists hash the same bytes.
static void addField(llvm::SHA256 &hash, llvm::StringRef field) {
  hash.update(std::to_string(field.size()));
  hash.update(":");
  hash.update(field);
}

std::string armor::getFingerprint(const Diagnostic &diag,
                                  llvm::StringRef artifactUri) {
  llvm::SHA256 hash;
  addField(hash, diag.ruleId);
  addField(hash, artifactUri);
  addField(hash, diag.logicalLocation);
  if (diag.fingerprintParts.empty()) {
    addField(hash, diag.message);
  } else {
    for (const std::string &part : diag.fingerprintParts)
      addField(hash, part);
  }
  std::array<uint8_t, 32> digest = hash.final();
  return llvm::toHex(digest, /*LowerCase=*/true);
}

//===----------------------------------------------------------------------===//
// The writer
//===----------------------------------------------------------------------===//

static std::string dump(const Json &json);

namespace {

/// Descriptions of the rule ids that frontends report, for reports that do
/// not list them among their rules.
struct BuiltinRule {
  const char *id;
  const char *name;
  const char *description;
};

constexpr BuiltinRule BuiltinRules[] = {
    {"syntax-error", "SyntaxError",
     "The input is not a valid ARM template or Bicep file."},
    {"semantic-error", "SemanticError",
     "The input is well-formed but cannot be analyzed."},
};

class SarifWriter {
public:
  SarifWriter(const Report &report, const SarifOptions &options)
      : report(report), options(options) {}

private:
  void collectRules();
  void collectArtifacts();
  unsigned addArtifact(llvm::StringRef path, bool isInput);
  unsigned getArtifact(SourceRange range, unsigned fallback);

  Json writeRule(const RuleInfo &rule) const;
  Json writeArtifactLocation(unsigned artifact) const;
  Json writePhysicalLocation(SourceRange range, unsigned fallback);
  Json writeResult(const Diagnostic &diag, unsigned inputArtifact);
  Json writeInvocation();
  Json writeAbsentResult(const BaselineResult &old);

public:
  void write(llvm::raw_ostream &os);

private:
  const Report &report;
  const SarifOptions &options;

  /// report.rules followed by the rules generated for unlisted rule ids.
  std::vector<RuleInfo> rules;
  llvm::StringMap<unsigned> ruleIndex;

  struct Artifact {
    std::string uri;
    bool isInput = false;
  };
  std::vector<Artifact> artifacts;
  llvm::StringMap<unsigned> artifactIndex;    ///< by URI
  llvm::DenseMap<FileId, unsigned> fileIndex; ///< cache of the above
  std::vector<unsigned> inputArtifacts;       ///< per report input
};

} // namespace

/// "nsg-shadowed-rule" -> "NsgShadowedRule".
static std::string getRuleName(llvm::StringRef id) {
  std::string name;
  bool upper = true;
  for (char c : id) {
    if (!llvm::isAlnum(c)) {
      upper = true;
      continue;
    }
    name += upper ? llvm::toUpper(c) : c;
    upper = false;
  }
  return name;
}

void SarifWriter::collectRules() {
  rules.reserve(report.rules.size());
  for (const RuleInfo &rule : report.rules) {
    // A duplicate id keeps its first entry, which results refer to.
    if (ruleIndex.try_emplace(rule.id, rules.size()).second)
      rules.push_back(rule);
  }
  for (const InputResult &input : report.inputs) {
    for (const Diagnostic &diag : input.diagnostics) {
      if (!ruleIndex.try_emplace(diag.ruleId, rules.size()).second)
        continue;
      RuleInfo rule;
      rule.id = diag.ruleId;
      rule.name = getRuleName(diag.ruleId);
      rule.defaultLevel = diag.level;
      for (const BuiltinRule &builtin : BuiltinRules) {
        if (diag.ruleId != builtin.id)
          continue;
        rule.name = builtin.name;
        rule.shortDescription = builtin.description;
        rule.defaultLevel = Level::Error;
      }
      rules.push_back(std::move(rule));
    }
  }
}

unsigned SarifWriter::addArtifact(llvm::StringRef path, bool isInput) {
  std::string uri = getRelativeUri(path, options.sourceRoot);
  auto [it, inserted] = artifactIndex.try_emplace(uri, artifacts.size());
  if (inserted)
    artifacts.push_back({std::move(uri), isInput});
  else if (isInput)
    artifacts[it->second].isInput = true;
  return it->second;
}

unsigned SarifWriter::getArtifact(SourceRange range, unsigned fallback) {
  if (!range.isValid() || !report.sources)
    return fallback;
  auto it = fileIndex.find(range.file);
  if (it != fileIndex.end())
    return it->second;
  unsigned artifact =
      addArtifact(report.sources->getPath(range.file), /*isInput=*/false);
  fileIndex[range.file] = artifact;
  return artifact;
}

void SarifWriter::collectArtifacts() {
  // Inputs first, in order, then what their findings point into.
  for (const InputResult &input : report.inputs) {
    unsigned artifact = addArtifact(input.path, /*isInput=*/true);
    inputArtifacts.push_back(artifact);
    if (input.file != 0)
      fileIndex.try_emplace(input.file, artifact);
  }
  for (size_t i = 0, e = report.inputs.size(); i != e; ++i) {
    for (const Diagnostic &diag : report.inputs[i].diagnostics) {
      getArtifact(diag.range, inputArtifacts[i]);
      for (const RelatedLocation &related : diag.related)
        getArtifact(related.range, inputArtifacts[i]);
    }
  }
}

static Json writeMessage(llvm::StringRef text) {
  return Json{{"text", text.str()}};
}

Json SarifWriter::writeRule(const RuleInfo &rule) const {
  Json json;
  json["id"] = rule.id;
  json["name"] = rule.name.empty() ? getRuleName(rule.id) : rule.name;
  if (!rule.shortDescription.empty())
    json["shortDescription"] = writeMessage(rule.shortDescription);
  if (!rule.fullDescription.empty())
    json["fullDescription"] = writeMessage(rule.fullDescription);
  json["defaultConfiguration"] = {
      {"level", getLevelName(rule.defaultLevel).str()}};
  if (!rule.helpUri.empty())
    json["helpUri"] = rule.helpUri;
  if (!rule.helpText.empty() || !rule.helpMarkdown.empty()) {
    // SARIF requires `text`; markdown alone stands in for it.
    Json help =
        writeMessage(rule.helpText.empty() ? rule.helpMarkdown : rule.helpText);
    if (!rule.helpMarkdown.empty())
      help["markdown"] = rule.helpMarkdown;
    json["help"] = std::move(help);
  }
  // SARIF property bag tags must be unique.
  Json tags = Json::array();
  llvm::StringMap<bool> seenTags;
  for (const std::string &tag : rule.tags)
    if (seenTags.try_emplace(tag, true).second)
      tags.push_back(tag);
  Json properties;
  properties["tags"] = std::move(tags);
  if (!rule.securitySeverity.empty())
    properties["security-severity"] = rule.securitySeverity;
  properties["precision"] = "high";
  json["properties"] = std::move(properties);
  return json;
}

Json SarifWriter::writeArtifactLocation(unsigned artifact) const {
  return Json{{"uri", artifacts[artifact].uri},
              {"uriBaseId", SourceRootId},
              {"index", artifact}};
}

Json SarifWriter::writePhysicalLocation(SourceRange range, unsigned fallback) {
  Json json;
  json["artifactLocation"] =
      writeArtifactLocation(getArtifact(range, fallback));
  if (!range.isValid() || !report.sources)
    return json;
  LineColumn begin = report.sources->getLineColumn(range.file, range.begin);
  LineColumn end = report.sources->getLineColumn(
      range.file, std::max(range.begin, range.end));
  // endColumn is exclusive: the column after the last character, which is
  // exactly the column of the end offset.
  json["region"] = {{"startLine", begin.line},
                    {"startColumn", begin.column},
                    {"endLine", end.line},
                    {"endColumn", end.column}};
  return json;
}

static llvm::StringRef getSuppressionKind(llvm::StringRef kind) {
  return kind == "inSource" ? "inSource" : "external";
}

Json SarifWriter::writeResult(const Diagnostic &diag, unsigned inputArtifact) {
  Json json;
  json["ruleId"] = diag.ruleId;
  json["ruleIndex"] = ruleIndex.lookup(diag.ruleId);
  json["level"] = getLevelName(diag.level).str();
  json["message"] = writeMessage(diag.message);

  Json location;
  location["physicalLocation"] =
      writePhysicalLocation(diag.range, inputArtifact);
  if (!diag.logicalLocation.empty())
    location["logicalLocations"] = Json::array(
        {{{"fullyQualifiedName", diag.logicalLocation}, {"kind", "resource"}}});
  json["locations"] = Json::array({std::move(location)});

  if (!diag.related.empty()) {
    Json related = Json::array();
    unsigned id = 1;
    for (const RelatedLocation &note : diag.related) {
      Json entry;
      entry["id"] = id++;
      entry["physicalLocation"] =
          writePhysicalLocation(note.range, inputArtifact);
      if (!note.message.empty())
        entry["message"] = writeMessage(note.message);
      related.push_back(std::move(entry));
    }
    json["relatedLocations"] = std::move(related);
  }

  unsigned artifact = getArtifact(diag.range, inputArtifact);
  json["partialFingerprints"] = {
      {FingerprintKey, getFingerprint(diag, artifacts[artifact].uri)}};

  if (!diag.suppressions.empty()) {
    Json suppressions = Json::array();
    for (const Suppression &suppression : diag.suppressions) {
      Json entry;
      entry["kind"] = getSuppressionKind(suppression.kind).str();
      if (!suppression.justification.empty())
        entry["justification"] = suppression.justification;
      suppressions.push_back(std::move(entry));
    }
    json["suppressions"] = std::move(suppressions);
  }
  return json;
}

/// Matches results to the baseline by fingerprint, each baseline result
/// used at most once, in order.
class BaselineMatcher {
public:
  explicit BaselineMatcher(const Baseline &baseline)
      : old(baseline.results), matched(old.size(), false) {
    for (size_t i = 0; i != old.size(); ++i)
      if (!old[i].fingerprint.empty())
        byFingerprint[old[i].fingerprint].push_back(i);
  }

  /// Sets `baselineState` of \p result: new, unchanged or updated.
  void classify(Json &result) {
    std::string fingerprint = result["partialFingerprints"][FingerprintKey];
    std::vector<size_t> &candidates = byFingerprint[fingerprint];
    if (next[fingerprint] == candidates.size()) {
      result["baselineState"] = "new";
      return;
    }
    size_t index = candidates[next[fingerprint]++];
    matched[index] = true;
    bool same =
        old[index].level == result["level"].get<std::string>() &&
        old[index].message == result["message"]["text"].get<std::string>();
    result["baselineState"] = same ? "unchanged" : "updated";
  }

  /// The baseline results nothing matched, in baseline order.
  std::vector<const BaselineResult *> getAbsent() const {
    std::vector<const BaselineResult *> absent;
    for (size_t i = 0; i != old.size(); ++i)
      if (!matched[i])
        absent.push_back(&old[i]);
    return absent;
  }

private:
  const std::vector<BaselineResult> &old;
  std::vector<bool> matched;
  llvm::StringMap<std::vector<size_t>> byFingerprint;
  llvm::StringMap<size_t> next;
};

static void dropArtifactIndices(Json &locations) {
  if (!locations.is_array())
    return;
  for (Json &location : locations)
    if (location.contains("physicalLocation") &&
        location["physicalLocation"].contains("artifactLocation"))
      location["physicalLocation"]["artifactLocation"].erase("index");
}

/// A baseline result that disappeared, as an "absent" result of this log.
Json SarifWriter::writeAbsentResult(const BaselineResult &old) {
  Json result = Json::parse(old.json, nullptr, /*allow_exceptions=*/false);
  if (!result.is_object())
    return result;
  // Indices into the old log mean nothing in this one.
  auto rule = ruleIndex.find(old.ruleId);
  if (rule != ruleIndex.end())
    result["ruleIndex"] = rule->second;
  else
    result.erase("ruleIndex");
  if (result.contains("locations"))
    dropArtifactIndices(result["locations"]);
  if (result.contains("relatedLocations"))
    dropArtifactIndices(result["relatedLocations"]);
  result["baselineState"] = "absent";
  return result;
}

Json SarifWriter::writeInvocation() {
  Json notifications = Json::array();
  for (size_t i = 0, e = report.inputs.size(); i != e; ++i) {
    const InputResult &input = report.inputs[i];
    if (!input.failed)
      continue;
    Json notification;
    notification["level"] = "error";
    const Diagnostic *first =
        input.diagnostics.empty() ? nullptr : &input.diagnostics.front();
    notification["message"] =
        writeMessage(first ? llvm::StringRef(first->message)
                           : "input could not be analyzed");
    // The notification is about the input, wherever its first finding is.
    SourceRange range;
    if (first && first->range.isValid() &&
        getArtifact(first->range, inputArtifacts[i]) == inputArtifacts[i])
      range = first->range;
    notification["locations"] =
        Json::array({{{"physicalLocation",
                       writePhysicalLocation(range, inputArtifacts[i])}}});
    if (first)
      notification["associatedRule"] = {
          {"id", first->ruleId}, {"index", ruleIndex.lookup(first->ruleId)}};
    notifications.push_back(std::move(notification));
  }
  Json invocation;
  invocation["executionSuccessful"] = notifications.empty();
  if (!notifications.empty())
    invocation["toolExecutionNotifications"] = std::move(notifications);
  return invocation;
}

void SarifWriter::write(llvm::raw_ostream &os) {
  collectRules();
  collectArtifacts();

  Json driver;
  driver["name"] = "armor";
  if (!options.toolVersion.empty())
    driver["semanticVersion"] = options.toolVersion;
  driver["informationUri"] = InformationUri;
  Json rulesJson = Json::array();
  for (const RuleInfo &rule : rules)
    rulesJson.push_back(writeRule(rule));
  driver["rules"] = std::move(rulesJson);

  Json artifactsJson = Json::array();
  for (const Artifact &artifact : artifacts) {
    Json entry;
    entry["location"] = {{"uri", artifact.uri}, {"uriBaseId", SourceRootId}};
    if (artifact.isInput)
      entry["roles"] = Json::array({"analysisTarget"});
    artifactsJson.push_back(std::move(entry));
  }

  Json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["invocations"] = Json::array({writeInvocation()});
  run["originalUriBaseIds"] = {
      {SourceRootId,
       {{"description",
         writeMessage("The directory the analysis ran against; result URIs "
                      "are relative to it.")}}}};
  run["artifacts"] = std::move(artifactsJson);
  // Results are streamed one at a time below, in place of this marker, so
  // a large run is never held as one JSON tree.
  run["results"] = Json::array();
  run["columnKind"] = "unicodeCodePoints";

  Json log;
  log["$schema"] = SarifSchema;
  log["version"] = "2.1.0";
  log["runs"] = Json::array({std::move(run)});

  // The log is written with nlohmann's 2-space layout; "results" sits at
  // depth 3 (log, runs[], run), so each result is indented by 8 spaces.
  std::string text = dump(log);
  static constexpr llvm::StringLiteral marker = "\"results\": []";
  size_t split = text.find(marker);
  assert(split != std::string::npos && "results marker missing");
  os << llvm::StringRef(text).take_front(split) << "\"results\": [";
  bool first = true;
  auto emit = [&](const Json &result) {
    os << (first ? "\n" : ",\n");
    first = false;
    std::string item = dump(result);
    llvm::StringRef rest(item);
    while (!rest.empty()) {
      auto [line, next] = rest.split('\n');
      os.indent(8) << line;
      if (!next.empty() || rest.ends_with("\n"))
        os << '\n';
      rest = next;
    }
  };
  std::optional<BaselineMatcher> matcher;
  if (options.baseline)
    matcher.emplace(*options.baseline);
  for (size_t i = 0, e = report.inputs.size(); i != e; ++i)
    for (const Diagnostic &diag : report.inputs[i].diagnostics) {
      Json result = writeResult(diag, inputArtifacts[i]);
      if (matcher)
        matcher->classify(result);
      emit(result);
    }
  if (matcher)
    for (const BaselineResult *absent : matcher->getAbsent()) {
      Json result = writeAbsentResult(*absent);
      if (result.is_object())
        emit(result);
    }
  if (!first)
    os << '\n' << std::string(6, ' ');
  os << ']' << llvm::StringRef(text).drop_front(split + marker.size()) << '\n';
}

/// Dumps \p json as the log is laid out. Our code never throws: nlohmann
/// could only throw on invalid UTF-8 in a message or path, which the
/// replace handler turns into U+FFFD instead.
static std::string dump(const Json &json) {
  try {
    return json.dump(2, ' ', /*ensure_ascii=*/false,
                     Json::error_handler_t::replace);
  } catch (const Json::exception &e) {
    llvm::report_fatal_error(llvm::Twine("cannot write SARIF: ") + e.what());
  }
}

void armor::writeSarif(llvm::raw_ostream &os, const Report &report,
                       const SarifOptions &options) {
  SarifWriter(report, options).write(os);
}
