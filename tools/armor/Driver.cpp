//===- Driver.cpp - What `armor` does, behind the option parsing ----------===//

#include "tools/armor/Driver.h"

#include "backend/Baseline.h"
#include "backend/Report.h"
#include "frontend/arm/ArmLowering.h"
#include "frontend/arm/JsonReader.h"
#include "frontend/bicep/BicepFrontend.h"
#include "frontend/bicep/Pragmas.h"
#include "ir/IRPrinter.h"
#include "passes/EvaluatePass.h"
#include "passes/RuleRegistry.h"
#include "passes/Suppressions.h"
#include "passes/policy/PolicyDefinition.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/thread.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>

using namespace armor;
using namespace llvm;

/// Inputs larger than this are rejected before parsing: ARM's own limit for
/// a template is 4 MB, so anything this big is not a deployable template.
static constexpr uint64_t maxInputSize = 64u << 20;

namespace {

enum class InputKind { ArmJson, Bicep, BicepParam };

/// One file to analyze, found on the command line or under a directory.
struct InputFile {
  std::string path;
  InputKind kind;
  /// Index of the directory argument it was found under, or -1.
  int directory = -1;
};

/// The outcome of loading and analyzing one file.
struct FileOutcome {
  enum Status { Analyzed, Skipped, Failed } status = Analyzed;
  InputResult result;
};

} // namespace

static std::optional<InputKind> classifyPath(StringRef path) {
  StringRef ext = sys::path::extension(path);
  if (ext.equals_insensitive(".json"))
    return InputKind::ArmJson;
  if (ext.equals_insensitive(".bicep"))
    return InputKind::Bicep;
  if (ext.equals_insensitive(".bicepparam"))
    return InputKind::BicepParam;
  return std::nullopt;
}

/// Reads the file at \p path into \p contents; \p sizeHint is its expected
/// size (the file may have changed since).
static Error readWholeFile(const std::string &path, uint64_t sizeHint,
                           std::string &contents) {
  Expected<sys::fs::file_t> handle = sys::fs::openNativeFileForRead(path);
  if (!handle)
    return handle.takeError();
  auto close = make_scope_exit([&] { sys::fs::closeFile(*handle); });
  contents.resize(sizeHint);
  size_t filled = 0;
  while (filled < contents.size()) {
    Expected<size_t> got = sys::fs::readNativeFile(
        *handle, MutableArrayRef<char>(contents.data() + filled,
                                       contents.size() - filled));
    if (!got)
      return got.takeError();
    if (*got == 0)
      break;
    filled += *got;
  }
  contents.resize(filled);
  if (filled < sizeHint)
    return Error::success();
  SmallVector<char, 0> rest; // the file grew
  if (Error e = sys::fs::readNativeFileToEOF(*handle, rest))
    return e;
  contents.append(rest.begin(), rest.end());
  return Error::success();
}

/// Reads \p path into \p sources; on failure returns 0 and says why in
/// \p error.
static FileId readSource(SourceManager &sources, const std::string &path,
                         std::string &error) {
  uint64_t size = 0;
  if (!sys::fs::file_size(path, size) && size > maxInputSize) {
    error = formatv("'{0}' is {1} MiB; inputs larger than {2} MiB are not "
                    "templates ARM accepts",
                    path, size >> 20, maxInputSize >> 20)
                .str();
    return 0;
  }
  // Read straight into the string the SourceManager keeps: no second copy.
  std::string contents;
  if (Error e = readWholeFile(path, size, contents)) {
    error =
        formatv("cannot read '{0}': {1}", path, toString(std::move(e))).str();
    return 0;
  }
  return sources.addFile(path, std::move(contents));
}

/// Finds the parameter file that sits next to a template by convention:
/// `<name>.bicepparam` for Bicep, then `<name>.parameters.json`.
static std::string findNeighbourParameters(StringRef templatePath,
                                           InputKind kind) {
  SmallString<256> stem(templatePath);
  sys::path::replace_extension(stem, "");
  for (StringRef suffix : {".bicepparam", ".parameters.json"}) {
    if (suffix == ".bicepparam" && kind != InputKind::Bicep)
      continue;
    SmallString<256> candidate(stem);
    candidate += suffix;
    if (sys::fs::is_regular_file(candidate))
      return std::string(candidate);
  }
  return {};
}

/// Loads a parameter file (ARM JSON or .bicepparam) and applies it.
static void applyParameters(SourceManager &sources, const std::string &path,
                            ir::Module &module, DiagnosticEngine &diags) {
  std::string error;
  FileId file = readSource(sources, path, error);
  if (!file) {
    diags.semanticError({}, "{0}", error);
    return;
  }
  if (classifyPath(path) == InputKind::BicepParam) {
    bicep::applyBicepParams(sources, file, module, diags);
    return;
  }
  if (std::optional<ir::Value> root = arm::readJson(sources, file, diags))
    arm::applyParameterFile(module, std::move(*root), diags);
}

/// Reads and lowers one template (ARM or Bicep) with its parameters.
/// Returns null for JSON that is not a template (status Skipped) and for
/// input that failed (status Failed).
static std::unique_ptr<ir::Module>
loadTemplate(SourceManager &sources, const std::string &path, InputKind kind,
             const std::string &parameterFile, FileOutcome &outcome) {
  DiagnosticEngine diags;
  std::string error;
  InputResult &result = outcome.result;
  result.path = path;
  FileId file = readSource(sources, path, error);
  result.file = file;
  std::unique_ptr<ir::Module> module;
  if (!file) {
    diags.semanticError({}, "{0}", error);
  } else if (kind == InputKind::Bicep) {
    module = bicep::loadBicep(sources, file, diags);
  } else if (std::optional<ir::Value> root =
                 arm::readJson(sources, file, diags)) {
    if (!arm::isDeploymentTemplate(*root)) {
      outcome.status = FileOutcome::Skipped;
      return nullptr;
    }
    module = arm::lowerTemplate(std::move(*root), file, diags);
  }
  if (module) {
    std::string params = parameterFile.empty()
                             ? findNeighbourParameters(path, kind)
                             : parameterFile;
    if (!params.empty())
      applyParameters(sources, params, *module, diags);
  }
  result.failed = diags.hasInputErrors();
  result.diagnostics = std::move(diags.diagnostics());
  if (result.failed)
    outcome.status = FileOutcome::Failed;
  return module;
}

//===----------------------------------------------------------------------===//
// Configuration
//===----------------------------------------------------------------------===//

/// Gives the policy library the ARM frontend's JSON reader and expression
/// parser: passes do not link frontends, the driver connects them.
static void setUpPolicyFrontend() {
  static std::once_flag once;
  std::call_once(once, [] {
    policy::setPolicyFrontend({[](const SourceManager &sources, FileId file,
                                  DiagnosticEngine &diags) {
                                 return arm::readJson(sources, file, diags);
                               },
                               arm::lowerExpressionStrings});
  });
}

namespace {

/// Configurations by file, each loaded once, with their rule sets.
class ConfigCache {
public:
  ConfigCache(SourceManager &sources, const CheckOptions &options)
      : sources(sources), options(options) {
    setUpPolicyFrontend();
  }

  /// The rule set for an input; null after a config error (printed).
  const RuleSet *getRuleSet(StringRef inputPath);
  bool hadError() const { return failed; }

private:
  std::string findConfigFile(StringRef inputPath);
  const RuleSet *load(const std::string &configFile);
  void applyCommandLine(Config &config);

  SourceManager &sources;
  const CheckOptions &options;
  std::map<std::string, std::string> configByDirectory;
  std::map<std::string, std::unique_ptr<RuleSet>> ruleSets;
  bool failed = false;
};

} // namespace

std::string ConfigCache::findConfigFile(StringRef inputPath) {
  if (!options.configPath.empty())
    return options.configPath;
  SmallString<256> dir;
  if (sys::fs::real_path(inputPath, dir))
    dir = inputPath;
  if (!sys::fs::is_directory(dir))
    sys::path::remove_filename(dir);
  std::vector<std::string> visited;
  std::string found;
  for (StringRef d = dir; !d.empty(); d = sys::path::parent_path(d)) {
    auto it = configByDirectory.find(d.str());
    if (it != configByDirectory.end()) {
      found = it->second;
      break;
    }
    visited.push_back(d.str());
    SmallString<256> candidate(d);
    sys::path::append(candidate, ".armor.json");
    if (sys::fs::is_regular_file(candidate)) {
      found = std::string(candidate);
      break;
    }
  }
  for (const std::string &d : visited)
    configByDirectory[d] = found;
  return found;
}

static ir::Value makeStringArray(ArrayRef<std::string> items) {
  std::vector<ir::Value> values;
  for (const std::string &item : items)
    values.push_back(ir::Value::string(item));
  return ir::Value::array(std::move(values));
}

/// Adds \p key to a rule's options object, appending to an existing array.
static void appendOption(ir::Value &options, StringRef key, ir::Value value) {
  if (!options.isObject())
    options = ir::Value::object({});
  if (ir::Value *existing = options.get(key)) {
    if (existing->isArray() && value.isArray()) {
      for (ir::Value &v : value.elements())
        existing->elements().push_back(std::move(v));
      return;
    }
    *existing = std::move(value);
    return;
  }
  options.members().push_back({key.str(), {}, std::move(value)});
}

void ConfigCache::applyCommandLine(Config &config) {
  if (!options.requiredTags.empty()) {
    RuleSettings &settings = config.getOrCreateRule("required-tags");
    for (StringRef spec : options.requiredTags) {
      auto [name, value] = spec.split('=');
      appendOption(settings.options, "tags", makeStringArray({name.str()}));
      if (spec.contains('=')) {
        ir::Value values = ir::Value::object({});
        values.members().push_back(
            {name.str(), {}, makeStringArray({value.str()})});
        if (ir::Value *existing = settings.options.get("values")) {
          if (ir::Value *list = existing->get(name))
            list->elements().push_back(ir::Value::string(value.str()));
          else
            existing->members().push_back(std::move(values.members().front()));
        } else {
          appendOption(settings.options, "values", std::move(values));
        }
      }
    }
  }
  if (!options.allowedLocations.empty() && isKnownRuleId("allowed-locations")) {
    RuleSettings &settings = config.getOrCreateRule("allowed-locations");
    appendOption(settings.options, "locations",
                 makeStringArray(options.allowedLocations));
  }
}

/// Reads the policy definitions and initiatives the config's `policies`
/// name, relative to the config file; a file that cannot be read or is not
/// a valid policy is a `config` error naming the file, line and key.
static bool loadPolicies(SourceManager &sources, const Config &config,
                         DiagnosticEngine &diags,
                         std::vector<LoadedPolicy> &out) {
  bool ok = true;
  for (const PolicyReference &ref : config.policies) {
    SmallString<256> path(ref.definition);
    if (sys::path::is_relative(path)) {
      path = sys::path::parent_path(config.path);
      sys::path::append(path, ref.definition);
    }
    auto read = [&](StringRef file, bool optional) -> std::optional<ir::Value> {
      if (optional && !sys::fs::is_regular_file(file))
        return std::nullopt;
      std::string error;
      FileId id = readSource(sources, file.str(), error);
      if (!id) {
        diags.report("config", Level::Error, ref.range, "{0}", error);
        return std::nullopt;
      }
      return arm::readJson(sources, id, diags);
    };
    std::optional<policy::PolicyDocument> document =
        policy::loadPolicyFile(path, read, diags);
    if (!document) {
      ok = false;
      continue;
    }
    out.push_back({std::move(*document), ref.parameters, ref.range});
  }
  return ok;
}

const RuleSet *ConfigCache::load(const std::string &configFile) {
  auto it = ruleSets.find(configFile);
  if (it != ruleSets.end())
    return it->second.get();
  DiagnosticEngine diags;
  Config config;
  config.path = configFile;
  bool ok = true;
  if (!configFile.empty()) {
    std::string error;
    FileId file = readSource(sources, configFile, error);
    if (!file) {
      errs() << "armor: error: " << error << '\n';
      failed = true;
      return nullptr;
    }
    std::optional<ir::Value> root = arm::readJson(sources, file, diags);
    ok = root && parseConfig(*root, config, diags);
  }
  // Policy definitions named by `policies` (issue 5).
  std::vector<LoadedPolicy> policies;
  if (ok)
    ok = loadPolicies(sources, config, diags, policies);
  std::unique_ptr<RuleSet> set;
  if (ok) {
    applyCommandLine(config);
    set = RuleSet::create(config, diags, std::move(policies));
  }
  if (!set) {
    Report report;
    report.sources = &sources;
    InputResult input;
    input.path = configFile;
    input.diagnostics = std::move(diags.diagnostics());
    report.inputs.push_back(std::move(input));
    writeText(errs(), report, {true, false});
    failed = true;
  }
  const RuleSet *result = set.get();
  ruleSets[configFile] = std::move(set);
  return result;
}

const RuleSet *ConfigCache::getRuleSet(StringRef inputPath) {
  return load(findConfigFile(inputPath));
}

//===----------------------------------------------------------------------===//
// armor check
//===----------------------------------------------------------------------===//

/// Expands directories into the files under them, in a stable order.
/// True if \p relativePath (or its file name) matches one of \p globs.
static bool isExcluded(ArrayRef<GlobPattern> globs, StringRef relativePath) {
  StringRef name = sys::path::filename(relativePath);
  return llvm::any_of(globs, [&](const GlobPattern &glob) {
    return glob.match(relativePath) || glob.match(name);
  });
}

static void collectInputs(const std::vector<std::string> &paths,
                          ArrayRef<GlobPattern> excludes,
                          std::vector<InputFile> &files,
                          std::vector<FileOutcome> &missing) {
  for (size_t index = 0; index != paths.size(); ++index) {
    const std::string &path = paths[index];
    sys::fs::file_status status;
    if (std::error_code ec = sys::fs::status(path, status)) {
      FileOutcome outcome;
      outcome.status = FileOutcome::Failed;
      outcome.result.path = path;
      outcome.result.failed = true;
      Diagnostic diag;
      diag.ruleId = "semantic-error";
      diag.message =
          formatv("cannot read '{0}': {1}", path, ec.message()).str();
      outcome.result.diagnostics.push_back(std::move(diag));
      missing.push_back(std::move(outcome));
      continue;
    }
    if (!sys::fs::is_directory(path)) {
      files.push_back(
          {path, classifyPath(path).value_or(InputKind::ArmJson), -1});
      continue;
    }
    std::vector<std::string> found;
    std::error_code ec;
    for (sys::fs::recursive_directory_iterator it(path, ec), end;
         it != end && !ec; it.increment(ec)) {
      StringRef name = sys::path::filename(it->path());
      StringRef relative = StringRef(it->path()).drop_front(path.size());
      relative = relative.ltrim("/");
      if (it->type() == sys::fs::file_type::directory_file) {
        if (name == ".git" || name == "node_modules" ||
            isExcluded(excludes, relative))
          it.no_push();
        continue;
      }
      if (classifyPath(name) && !isExcluded(excludes, relative))
        found.push_back(it->path());
    }
    llvm::sort(found);
    for (std::string &f : found) {
      InputKind kind = *classifyPath(f);
      files.push_back({std::move(f), kind, static_cast<int>(index)});
    }
  }
}

/// Reads the template a nested deployment links to with
/// `templateLink.relativePath`, relative to the file that links it.
static std::unique_ptr<ir::Module> loadLinkedTemplate(SourceManager &sources,
                                                      StringRef relativePath,
                                                      FileId from,
                                                      DiagnosticEngine &diags) {
  SmallString<256> path = sys::path::parent_path(sources.getPath(from));
  sys::path::append(path, relativePath);
  sys::path::remove_dots(path, /*remove_dot_dot=*/true);
  std::string error;
  FileId file = readSource(sources, std::string(path), error);
  if (!file) {
    diags.report("unresolved-reference", Level::Note, {from, 0, 0},
                 "linked template '{0}' is not available: {1}", relativePath,
                 error);
    return nullptr;
  }
  std::optional<ir::Value> root = arm::readJson(sources, file, diags);
  if (!root)
    return nullptr;
  if (!arm::isDeploymentTemplate(*root)) {
    diags.semanticError({file, 0, 0},
                        "linked template '{0}' is not an ARM template",
                        relativePath);
    return nullptr;
  }
  return arm::lowerTemplate(std::move(*root), file, diags);
}

static EvaluationContext makeEvaluationContext(const Config &config,
                                               SourceManager &sources) {
  EvaluationContext context;
  context.resourceGroupLocation = config.resourceGroupLocation;
  auto get = [&](const char *key) -> std::optional<std::string> {
    auto it = config.context.find(key);
    if (it == config.context.end())
      return std::nullopt;
    return it->second;
  };
  context.subscriptionId = get("subscriptionId");
  context.resourceGroupName = get("resourceGroupName");
  context.tenantId = get("tenantId");
  context.managementGroupName = get("managementGroupName");
  context.deploymentName = get("deploymentName");
  context.deploymentLocation = get("deploymentLocation");
  context.loadLinkedTemplate = [&sources](StringRef relativePath, FileId from,
                                          DiagnosticEngine &diags) {
    return loadLinkedTemplate(sources, relativePath, from, diags);
  };
  return context;
}

/// Releases the text of every file one input loaded, keeping only the lines
/// its diagnostics point at, so a batch holds one input's files at a time.
static void releaseSources(SourceManager &sources, ArrayRef<FileId> files,
                           const std::vector<Diagnostic> &diagnostics) {
  for (FileId file : files) {
    SmallVector<uint32_t, 16> offsets;
    auto add = [&](SourceRange range) {
      if (range.file != file)
        return;
      offsets.push_back(range.begin);
      offsets.push_back(range.end);
    };
    for (const Diagnostic &diag : diagnostics) {
      add(diag.range);
      for (const RelatedLocation &related : diag.related)
        add(related.range);
    }
    sources.retainLinesOnly(file, offsets);
  }
}

static FileOutcome analyzeInput(SourceManager &sources, const InputFile &input,
                                const RuleSet &rules,
                                const CheckOptions &options);

/// Marks findings in Bicep files that a `#disable-next-line <rule-id>` or
/// `#disable-diagnostics` pragma silences (SARIF suppression kind
/// inSource).
static void applyBicepPragmas(SourceManager &sources,
                              std::vector<Diagnostic> &diagnostics) {
  std::map<FileId, bicep::Suppressions> byFile;
  for (Diagnostic &diag : diagnostics) {
    if (!diag.range.isValid() || diag.ruleId == "syntax-error" ||
        diag.ruleId == "semantic-error" ||
        !sources.getPath(diag.range.file).ends_with(".bicep"))
      continue;
    auto it = byFile.find(diag.range.file);
    if (it == byFile.end())
      it = byFile
               .emplace(diag.range.file,
                        bicep::collectSuppressions(sources, diag.range.file))
               .first;
    uint32_t line =
        sources.getLineColumn(diag.range.file, diag.range.begin).line;
    if (const bicep::SuppressedRange *range =
            it->second.find(diag.ruleId, line))
      diag.suppressions.push_back(
          {"inSource", range->firstLine == range->lastLine
                           ? "#disable-next-line " + range->code
                           : "#disable-diagnostics " + range->code});
  }
}

static FileOutcome analyzeFile(SourceManager &sources, const InputFile &input,
                               const RuleSet &rules,
                               const CheckOptions &options) {
  SourceManager::FileRecorder recorder;
  FileOutcome outcome = analyzeInput(sources, input, rules, options);
  releaseSources(sources, recorder.getFiles(), outcome.result.diagnostics);
  return outcome;
}

static FileOutcome analyzeInput(SourceManager &sources, const InputFile &input,
                                const RuleSet &rules,
                                const CheckOptions &options) {
  FileOutcome outcome;
  if (input.kind == InputKind::BicepParam) {
    // Parameter files are consumed with their template.
    outcome.result.path = input.path;
    outcome.status = FileOutcome::Skipped;
    return outcome;
  }
  std::unique_ptr<ir::Module> module = loadTemplate(
      sources, input.path, input.kind, options.parameterFile, outcome);
  if (!module)
    return outcome;
  DiagnosticEngine diags;
  diags.diagnostics() = std::move(outcome.result.diagnostics);
  EvaluatePass(makeEvaluationContext(rules.getConfig(), sources))
      .run(*module, diags);
  rules.run(*module, diags);
  applySourceSuppressions(*module, diags.diagnostics());
  applyBicepPragmas(sources, diags.diagnostics());
  applyConfigSuppressions(rules.getConfig(), input.path, diags.diagnostics());
  // Evaluation can find what loading could not (a cycle, an unknown
  // function): the input then counts as not analyzed.
  if (diags.hasInputErrors()) {
    outcome.result.failed = true;
    outcome.status = FileOutcome::Failed;
  }
  outcome.result.diagnostics = std::move(diags.diagnostics());
  return outcome;
}

/// The plain-text form of a rule's markdown page for SARIF `help.text`:
/// headings lose their '#', code fences disappear, the code stays.
static std::string markdownToText(StringRef markdown) {
  std::string text;
  SmallVector<StringRef, 64> lines;
  markdown.split(lines, '\n');
  for (StringRef line : lines) {
    if (line.starts_with("```"))
      continue;
    text += line.ltrim('#').ltrim(' ');
    text += '\n';
  }
  return std::string(StringRef(text).trim());
}

static RuleInfo makeRuleInfo(StringRef id, Level level, StringRef description,
                             StringRef documentation, StringRef docId,
                             StringRef severity, bool isInputRule) {
  RuleInfo info;
  info.id = id.str();
  // "required-tags" -> "RequiredTags"
  for (StringRef part : split(id, '-'))
    if (!part.empty()) {
      info.name += toUpper(part.front());
      info.name += part.drop_front().str();
    }
  info.defaultLevel = level;
  info.shortDescription = description.str();
  info.fullDescription = description.str();
  info.helpMarkdown = documentation.str();
  info.helpText = markdownToText(documentation);
  if (!documentation.empty())
    info.helpUri = ("https://github.com/armor-iac/armor/blob/main/docs/rules/" +
                    docId + ".md")
                       .str();
  info.tags = {"security"};
  if (!isInputRule)
    info.tags.push_back("azure");
  info.securitySeverity = severity.str();
  return info;
}

static std::vector<RuleInfo> getRuleInfos(ArrayRef<const RuleSet *> ruleSets) {
  std::vector<RuleInfo> infos;
  for (const RuleDescription &d : getRuleDescriptions()) {
    if (d.isFamily)
      continue; // its rules come from the configurations, below
    infos.push_back(makeRuleInfo(d.id, d.defaultLevel, d.description,
                                 d.documentation, d.id, d.securitySeverity,
                                 d.isInputRule));
  }
  // azure-policy/<name>: the rules the configurations made (issue 5).
  std::set<std::string> dynamicIds;
  for (const RuleSet *set : ruleSets) {
    if (!set)
      continue;
    for (const DynamicRuleDescription &d : set->getDynamicRules())
      if (dynamicIds.insert(d.id).second) {
        const RuleDescription *family = nullptr;
        for (const RuleDescription &f : getRuleDescriptions())
          if (f.id == d.family)
            family = &f;
        infos.push_back(makeRuleInfo(
            d.id, d.defaultLevel, d.description,
            family ? family->documentation : StringRef(), d.family,
            family ? family->securitySeverity : StringRef(), false));
      }
  }
  return infos;
}

static bool isFailing(const Diagnostic &diag, Level failOn) {
  return failOn != Level::Off && diag.suppressions.empty() &&
         diag.level >= failOn;
}

namespace {
/// "armor: 1200/2679 files, 41.3 MB/s" on stderr while a batch runs, when
/// stderr is a terminal; nothing otherwise.
class Progress {
public:
  Progress(size_t total, bool enabled)
      : total(total), enabled(enabled && total > 1),
        start(std::chrono::steady_clock::now()) {}

  void fileDone(StringRef path) {
    if (!enabled)
      return;
    uint64_t size = 0;
    sys::fs::file_size(path, size);
    std::lock_guard<std::mutex> lock(mutex);
    ++done;
    bytes += size;
    auto now = std::chrono::steady_clock::now();
    if (done != total && now - lastPrint < std::chrono::milliseconds(100))
      return;
    lastPrint = now;
    double seconds = std::chrono::duration<double>(now - start).count();
    errs() << formatv("\rarmor: {0}/{1} files, {2:f1} MB/s", done, total,
                      seconds > 0 ? bytes / 1e6 / seconds : 0.0);
    errs().flush();
  }

  void finish() {
    if (enabled)
      errs() << "\r\x1b[K";
  }

private:
  size_t total;
  bool enabled;
  std::chrono::steady_clock::time_point start, lastPrint;
  std::mutex mutex;
  size_t done = 0;
  uint64_t bytes = 0;
};
} // namespace

int armor::runCheck(const CheckOptions &options) {
  SourceManager sources;
  std::vector<InputFile> files;
  std::vector<FileOutcome> missing;
  std::vector<GlobPattern> excludes;
  for (const std::string &pattern : options.excludes) {
    Expected<GlobPattern> glob = GlobPattern::create(pattern);
    if (!glob) {
      errs() << "armor: error: bad --exclude pattern '" << pattern
             << "': " << toString(glob.takeError()) << '\n';
      return ExitUsage;
    }
    excludes.push_back(std::move(*glob));
  }
  collectInputs(options.inputs, excludes, files, missing);

  // Configurations are resolved up front, in input order, so that a bad
  // config stops the run before any analysis and errors print once.
  ConfigCache configs(sources, options);
  std::vector<const RuleSet *> ruleSets;
  for (const InputFile &file : files)
    ruleSets.push_back(configs.getRuleSet(file.path));
  if (files.empty() && !options.configPath.empty())
    configs.getRuleSet(".");
  if (configs.hadError())
    return ExitUsage;

  std::optional<Baseline> baseline;
  if (!options.baselinePath.empty()) {
    if (options.format != OutputFormat::Sarif) {
      errs() << "armor: error: --baseline needs --format sarif\n";
      return ExitUsage;
    }
    auto buffer = MemoryBuffer::getFile(options.baselinePath);
    if (!buffer) {
      errs() << "armor: error: cannot read baseline '" << options.baselinePath
             << "': " << buffer.getError().message() << '\n';
      return ExitUsage;
    }
    Expected<Baseline> parsed =
        parseBaseline((*buffer)->getBuffer(), options.baselinePath);
    if (!parsed) {
      errs() << "armor: error: " << toString(parsed.takeError()) << '\n';
      return ExitUsage;
    }
    baseline = std::move(*parsed);
  }

  std::vector<FileOutcome> outcomes(files.size());
  Progress progress(files.size(), sys::Process::StandardErrIsDisplayed());
  {
    ThreadPoolStrategy strategy = hardware_concurrency(options.jobs);
    size_t threads = std::clamp<size_t>(strategy.compute_thread_count(), 1,
                                        std::max<size_t>(files.size(), 1));
    // The workers get the stack evaluation needs, so that it runs on them
    // rather than on a thread of its own for each file.
    std::optional<unsigned> stackSize = EvaluatePass::WorkerStackSize;
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i; (i = next.fetch_add(1)) < files.size();) {
        outcomes[i] = analyzeFile(sources, files[i], *ruleSets[i], options);
        progress.fileDone(files[i].path);
      }
    };
    std::vector<llvm::thread> workers;
    for (size_t t = 0; t != threads; ++t)
      workers.emplace_back(stackSize, work);
    for (llvm::thread &worker : workers)
      worker.join();
  }
  progress.finish();

  Report report;
  report.sources = &sources;
  report.rules = getRuleInfos(ruleSets);
  for (FileOutcome &outcome : missing)
    report.inputs.push_back(std::move(outcome.result));
  std::vector<bool> directoryHasTemplates(options.inputs.size(), false);
  for (size_t i = 0; i != files.size(); ++i) {
    if (outcomes[i].status == FileOutcome::Skipped) {
      // An explicitly named non-template file is skipped, not an error.
      continue;
    }
    if (files[i].directory >= 0)
      directoryHasTemplates[files[i].directory] = true;
    report.inputs.push_back(std::move(outcomes[i].result));
  }
  for (size_t i = 0; i != options.inputs.size(); ++i) {
    if (directoryHasTemplates[i] || !sys::fs::is_directory(options.inputs[i]))
      continue;
    InputResult input;
    input.path = options.inputs[i];
    input.failed = true;
    Diagnostic diag;
    diag.ruleId = "semantic-error";
    diag.message =
        formatv("no ARM or Bicep templates found under '{0}'", input.path)
            .str();
    input.diagnostics.push_back(std::move(diag));
    report.inputs.push_back(std::move(input));
  }

  std::unique_ptr<raw_fd_ostream> file;
  raw_ostream *os = &outs();
  if (!options.outputPath.empty()) {
    std::error_code ec;
    file = std::make_unique<raw_fd_ostream>(options.outputPath, ec);
    if (ec) {
      errs() << "armor: error: cannot write '" << options.outputPath
             << "': " << ec.message() << '\n';
      return ExitUsage;
    }
    os = file.get();
  }
  switch (options.format) {
  case OutputFormat::Text:
    writeText(*os, report, {options.showSnippets, options.color});
    break;
  case OutputFormat::Sarif: {
    SmallString<256> cwd;
    sys::fs::current_path(cwd);
    SarifOptions sarifOptions{std::string(cwd), "0.1.0"};
    sarifOptions.baseline = baseline ? &*baseline : nullptr;
    writeSarif(*os, report, sarifOptions);
    break;
  }
  case OutputFormat::Json:
    writeJson(*os, report);
    break;
  }
  os->flush();

  bool anyFailed = false, anyFinding = false;
  for (const InputResult &input : report.inputs) {
    anyFailed |= input.failed;
    for (const Diagnostic &diag : input.diagnostics)
      anyFinding |= isFailing(diag, options.failOn);
  }
  if (anyFailed)
    return ExitInputError;
  return anyFinding ? ExitFindings : ExitClean;
}

//===----------------------------------------------------------------------===//
// armor ir, armor outputs, armor rules
//===----------------------------------------------------------------------===//

/// Loads and evaluates one template for `ir` and `outputs`, with the
/// context values of its configuration; prints its problems to stderr.
static std::unique_ptr<ir::Module> loadSingle(SourceManager &sources,
                                              const std::string &path,
                                              const std::string &parameterFile,
                                              bool &failed) {
  FileOutcome outcome;
  outcome.result.path = path;
  std::unique_ptr<ir::Module> module;
  auto fail = [&](std::string message) {
    Diagnostic diag;
    diag.ruleId = "semantic-error";
    diag.message = std::move(message);
    outcome.result.failed = true;
    outcome.result.diagnostics.push_back(std::move(diag));
  };
  if (sys::fs::is_directory(path)) {
    fail(formatv("'{0}' is a directory, not a template", path).str());
  } else {
    module = loadTemplate(sources, path,
                          classifyPath(path).value_or(InputKind::ArmJson),
                          parameterFile, outcome);
    if (!module && outcome.status == FileOutcome::Skipped)
      fail(formatv("'{0}' is not an ARM template (no deploymentTemplate "
                   "$schema)",
                   path)
               .str());
  }
  if (module) {
    CheckOptions options;
    ConfigCache configs(sources, options);
    const RuleSet *rules = configs.getRuleSet(path);
    if (!rules) {
      failed = true;
      return nullptr;
    }
    DiagnosticEngine diags;
    diags.diagnostics() = std::move(outcome.result.diagnostics);
    EvaluatePass(makeEvaluationContext(rules->getConfig(), sources))
        .run(*module, diags);
    outcome.result.failed |= diags.hasInputErrors();
    outcome.result.diagnostics = std::move(diags.diagnostics());
  }
  failed = outcome.result.failed;
  if (!outcome.result.diagnostics.empty()) {
    Report report;
    report.sources = &sources;
    report.inputs.push_back(std::move(outcome.result));
    writeText(errs(), report, {true, false});
  }
  return module;
}

int armor::runIR(const std::string &path, const std::string &parameterFile) {
  SourceManager sources;
  bool failed = false;
  std::unique_ptr<ir::Module> module =
      loadSingle(sources, path, parameterFile, failed);
  if (module)
    ir::printModule(outs(), *module);
  return failed ? ExitInputError : ExitClean;
}

int armor::runOutputs(const std::string &path,
                      const std::string &parameterFile) {
  SourceManager sources;
  bool failed = false;
  std::unique_ptr<ir::Module> module =
      loadSingle(sources, path, parameterFile, failed);
  if (module) {
    std::string out = "{";
    for (size_t i = 0; i != module->outputs.size(); ++i) {
      out += i ? ",\n  " : "\n  ";
      ir::printJsonString(out, module->outputs[i].name);
      out += ": ";
      module->outputs[i].value.printJson(out);
    }
    out += module->outputs.empty() ? "}\n" : "\n}\n";
    outs() << out;
  }
  return failed ? ExitInputError : ExitClean;
}

int armor::runRules(raw_ostream &os) {
  // A family's ids and levels come from the configured policies.
  auto getId = [](const RuleDescription &d) {
    return d.isFamily ? (d.id + "/<name>").str() : d.id.str();
  };
  size_t width = 0;
  for (const RuleDescription &d : getRuleDescriptions())
    width = std::max(width, getId(d).size());
  for (const RuleDescription &d : getRuleDescriptions()) {
    StringRef level = d.isFamily ? "effect" : getLevelName(d.defaultLevel);
    os << left_justify(getId(d), width) << "  " << left_justify(level, 8)
       << d.description << '\n';
  }
  return ExitClean;
}
