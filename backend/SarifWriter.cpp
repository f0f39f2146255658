//===- SarifWriter.cpp - SARIF 2.1.0 output -------------------------------===//
///
/// \file
/// Writes a Report as one SARIF 2.1.0 run. Everything that could vary
/// between two runs over the same inputs is left out (timestamps, absolute
/// paths) and every collection is written in report order, so equal reports
/// give equal bytes. The log is streamed through JsonText, one result at a
/// time, with keys in the order of the SARIF specification.
///
//===----------------------------------------------------------------------===//

#include "backend/Baseline.h"
#include "backend/JsonText.h"
#include "backend/Report.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
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

/// Appends one field to \p text, length-prefixed so that no two different
/// field lists hash the same bytes.
static void addField(std::string &text, llvm::StringRef field) {
  text += std::to_string(field.size());
  text += ':';
  text += field;
}

std::string armor::getFingerprint(const Diagnostic &diag,
                                  llvm::StringRef artifactUri) {
  // Hashed in one update: LLVM's SHA256 takes whole blocks fast and the
  // bytes of short updates one at a time.
  std::string text;
  addField(text, diag.ruleId);
  addField(text, artifactUri);
  addField(text, diag.logicalLocation);
  if (diag.fingerprintParts.empty()) {
    addField(text, diag.message);
  } else {
    for (const std::string &part : diag.fingerprintParts)
      addField(text, part);
  }
  llvm::SHA256 hash;
  hash.update(text);
  std::array<uint8_t, 32> digest = hash.final();
  return llvm::toHex(digest, /*LowerCase=*/true);
}

//===----------------------------------------------------------------------===//
// The writer
//===----------------------------------------------------------------------===//

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

  /// The `baselineState` of a result: new, unchanged or updated.
  llvm::StringRef classify(llvm::StringRef fingerprint, llvm::StringRef level,
                           llvm::StringRef message) {
    std::vector<size_t> &candidates = byFingerprint[fingerprint];
    size_t &nextCandidate = next[fingerprint];
    if (nextCandidate == candidates.size())
      return "new";
    size_t index = candidates[nextCandidate++];
    matched[index] = true;
    bool same = old[index].level == level && old[index].message == message;
    return same ? "unchanged" : "updated";
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

/// Streams the log: the run's header, then one result at a time, so a large
/// run is never held as one tree. Keys are written in the order of the
/// SARIF specification.
class SarifWriter {
public:
  SarifWriter(llvm::raw_ostream &os, const Report &report,
              const SarifOptions &options)
      : json(os), report(report), options(options) {}

  void write();

private:
  void collectRules();
  void collectArtifacts();
  unsigned addArtifact(llvm::StringRef path, bool isInput);
  unsigned getArtifact(SourceRange range, unsigned fallback);

  void writeMessage(llvm::StringRef key, llvm::StringRef text);
  void writeDriver();
  void writeRule(const RuleInfo &rule);
  void writeInvocation();
  void writeArtifacts();
  void writeArtifactLocation(unsigned artifact);
  void writePhysicalLocation(SourceRange range, unsigned fallback);
  void writeResults();
  void writeResult(const Diagnostic &diag, unsigned inputArtifact,
                   BaselineMatcher *matcher);
  void writeAbsentResult(const BaselineResult &old);

  JsonText json;
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

/// A SARIF message object, `{"text": ...}`, as the member \p key.
void SarifWriter::writeMessage(llvm::StringRef key, llvm::StringRef text) {
  json.attributeObject(key, [&] { json.attribute("text", text); });
}

void SarifWriter::writeRule(const RuleInfo &rule) {
  json.object([&] {
    json.attribute("id", rule.id);
    if (rule.name.empty())
      json.attribute("name", getRuleName(rule.id));
    else
      json.attribute("name", rule.name);
    if (!rule.shortDescription.empty())
      writeMessage("shortDescription", rule.shortDescription);
    if (!rule.fullDescription.empty())
      writeMessage("fullDescription", rule.fullDescription);
    json.attributeObject("defaultConfiguration", [&] {
      json.attribute("level", getLevelName(rule.defaultLevel));
    });
    if (!rule.helpUri.empty())
      json.attribute("helpUri", rule.helpUri);
    if (!rule.helpText.empty() || !rule.helpMarkdown.empty()) {
      json.attributeObject("help", [&] {
        // SARIF requires `text`; markdown alone stands in for it.
        json.attribute("text", rule.helpText.empty() ? rule.helpMarkdown
                                                     : rule.helpText);
        if (!rule.helpMarkdown.empty())
          json.attribute("markdown", rule.helpMarkdown);
      });
    }
    json.attributeObject("properties", [&] {
      json.attributeArray("tags", [&] {
        // SARIF property bag tags must be unique.
        llvm::StringSet<> seenTags;
        for (const std::string &tag : rule.tags)
          if (seenTags.insert(tag).second)
            json.value(tag);
      });
      if (!rule.securitySeverity.empty())
        json.attribute("security-severity", rule.securitySeverity);
      json.attribute("precision", "high");
    });
  });
}

void SarifWriter::writeDriver() {
  json.attributeObject("driver", [&] {
    json.attribute("name", "armor");
    if (!options.toolVersion.empty())
      json.attribute("semanticVersion", options.toolVersion);
    json.attribute("informationUri", InformationUri);
    json.attributeArray("rules", [&] {
      for (const RuleInfo &rule : rules)
        writeRule(rule);
    });
  });
}

void SarifWriter::writeArtifactLocation(unsigned artifact) {
  json.attributeObject("artifactLocation", [&] {
    json.attribute("uri", artifacts[artifact].uri);
    json.attribute("uriBaseId", SourceRootId);
    json.attribute("index", artifact);
  });
}

void SarifWriter::writePhysicalLocation(SourceRange range, unsigned fallback) {
  json.attributeObject("physicalLocation", [&] {
    writeArtifactLocation(getArtifact(range, fallback));
    if (!range.isValid() || !report.sources)
      return;
    LineColumn begin = report.sources->getLineColumn(range.file, range.begin);
    LineColumn end = report.sources->getLineColumn(
        range.file, std::max(range.begin, range.end));
    // endColumn is exclusive: the column after the last character, which is
    // exactly the column of the end offset.
    json.attributeObject("region", [&] {
      json.attribute("startLine", begin.line);
      json.attribute("startColumn", begin.column);
      json.attribute("endLine", end.line);
      json.attribute("endColumn", end.column);
    });
  });
}

void SarifWriter::writeInvocation() {
  bool anyFailed = llvm::any_of(
      report.inputs, [](const InputResult &input) { return input.failed; });
  json.object([&] {
    json.attribute("executionSuccessful", !anyFailed);
    if (!anyFailed)
      return;
    json.attributeArray("toolExecutionNotifications", [&] {
      for (size_t i = 0, e = report.inputs.size(); i != e; ++i) {
        const InputResult &input = report.inputs[i];
        if (!input.failed)
          continue;
        const Diagnostic *first =
            input.diagnostics.empty() ? nullptr : &input.diagnostics.front();
        // About the input, wherever its first finding is.
        SourceRange range;
        if (first && first->range.isValid() &&
            getArtifact(first->range, inputArtifacts[i]) == inputArtifacts[i])
          range = first->range;
        json.object([&] {
          json.attribute("level", "error");
          writeMessage("message", first ? llvm::StringRef(first->message)
                                        : "input could not be analyzed");
          json.attributeArray("locations", [&] {
            json.object(
                [&] { writePhysicalLocation(range, inputArtifacts[i]); });
          });
          if (first)
            json.attributeObject("associatedRule", [&] {
              json.attribute("id", first->ruleId);
              json.attribute("index", ruleIndex.lookup(first->ruleId));
            });
        });
      }
    });
  });
}

void SarifWriter::writeArtifacts() {
  json.attributeArray("artifacts", [&] {
    for (const Artifact &artifact : artifacts) {
      json.object([&] {
        json.attributeObject("location", [&] {
          json.attribute("uri", artifact.uri);
          json.attribute("uriBaseId", SourceRootId);
        });
        if (artifact.isInput)
          json.attributeArray("roles", [&] { json.value("analysisTarget"); });
      });
    }
  });
}

static llvm::StringRef getSuppressionKind(llvm::StringRef kind) {
  return kind == "inSource" ? "inSource" : "external";
}

void SarifWriter::writeResult(const Diagnostic &diag, unsigned inputArtifact,
                              BaselineMatcher *matcher) {
  llvm::StringRef level = getLevelName(diag.level);
  json.object([&] {
    json.attribute("ruleId", diag.ruleId);
    json.attribute("ruleIndex", ruleIndex.lookup(diag.ruleId));
    json.attribute("level", level);
    writeMessage("message", diag.message);

    json.attributeArray("locations", [&] {
      json.object([&] {
        writePhysicalLocation(diag.range, inputArtifact);
        if (diag.logicalLocation.empty())
          return;
        json.attributeArray("logicalLocations", [&] {
          json.object([&] {
            json.attribute("fullyQualifiedName", diag.logicalLocation);
            json.attribute("kind", "resource");
          });
        });
      });
    });

    if (!diag.related.empty()) {
      json.attributeArray("relatedLocations", [&] {
        unsigned id = 1;
        for (const RelatedLocation &note : diag.related) {
          json.object([&] {
            json.attribute("id", id++);
            writePhysicalLocation(note.range, inputArtifact);
            if (!note.message.empty())
              writeMessage("message", note.message);
          });
        }
      });
    }

    unsigned artifact = getArtifact(diag.range, inputArtifact);
    std::string fingerprint = getFingerprint(diag, artifacts[artifact].uri);
    json.attributeObject("partialFingerprints",
                         [&] { json.attribute(FingerprintKey, fingerprint); });

    if (!diag.suppressions.empty()) {
      json.attributeArray("suppressions", [&] {
        for (const Suppression &suppression : diag.suppressions) {
          json.object([&] {
            json.attribute("kind", getSuppressionKind(suppression.kind));
            if (!suppression.justification.empty())
              json.attribute("justification", suppression.justification);
          });
        }
      });
    }

    if (matcher)
      json.attribute("baselineState",
                     matcher->classify(fingerprint, level, diag.message));
  });
}

/// Writes \p value, a JSON tree read from a baseline, through \p json.
static void writeTree(JsonText &json, const Json &value) {
  if (value.is_object()) {
    json.object([&] {
      for (const auto &member : value.items()) {
        json.attributeBegin(member.key());
        writeTree(json, member.value());
        json.attributeEnd();
      }
    });
    return;
  }
  if (value.is_array()) {
    json.array([&] {
      for (const Json &element : value)
        writeTree(json, element);
    });
    return;
  }
  if (value.is_string()) {
    json.value(value.get_ref<const std::string &>());
    return;
  }
  // A number, a boolean or null: nothing to escape, no layout.
  json.rawValue(value.dump());
}

static void dropArtifactIndices(Json &locations) {
  if (!locations.is_array())
    return;
  for (Json &location : locations) {
    if (!location.is_object() || !location.contains("physicalLocation"))
      continue;
    Json &physical = location["physicalLocation"];
    if (physical.is_object() && physical.contains("artifactLocation") &&
        physical["artifactLocation"].is_object())
      physical["artifactLocation"].erase("index");
  }
}

/// A baseline result that disappeared, as an "absent" result of this log.
void SarifWriter::writeAbsentResult(const BaselineResult &old) {
  Json result = Json::parse(old.json, nullptr, /*allow_exceptions=*/false);
  if (!result.is_object())
    return;
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
  writeTree(json, result);
}

void SarifWriter::writeResults() {
  json.attributeArray("results", [&] {
    std::optional<BaselineMatcher> matcher;
    if (options.baseline)
      matcher.emplace(*options.baseline);
    for (size_t i = 0, e = report.inputs.size(); i != e; ++i)
      for (const Diagnostic &diag : report.inputs[i].diagnostics)
        writeResult(diag, inputArtifacts[i], matcher ? &*matcher : nullptr);
    if (matcher)
      for (const BaselineResult *absent : matcher->getAbsent())
        writeAbsentResult(*absent);
  });
}

void SarifWriter::write() {
  collectRules();
  collectArtifacts();
  json.object([&] {
    json.attribute("$schema", SarifSchema);
    json.attribute("version", "2.1.0");
    json.attributeArray("runs", [&] {
      json.object([&] {
        json.attributeObject("tool", [&] { writeDriver(); });
        json.attributeArray("invocations", [&] { writeInvocation(); });
        json.attributeObject("originalUriBaseIds", [&] {
          json.attributeObject(SourceRootId, [&] {
            writeMessage("description",
                         "The directory the analysis ran against; result "
                         "URIs are relative to it.");
          });
        });
        writeArtifacts();
        writeResults();
        json.attribute("columnKind", "unicodeCodePoints");
      });
    });
  });
}

void armor::writeSarif(llvm::raw_ostream &os, const Report &report,
                       const SarifOptions &options) {
  SarifWriter(os, report, options).write();
  os << '\n';
}
