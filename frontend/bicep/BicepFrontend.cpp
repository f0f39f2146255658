//===- BicepFrontend.cpp - Bicep files to the IR --------------------------===//
///
/// \file
/// The compilation of one Bicep input: the root file, the local modules and
/// imported files it pulls in (each parsed once), the files load*()
/// functions read. Registry references are not fetched: a `br:` module the
/// Bicep CLI has restored is read from its local cache (see
/// getRegistryCachePath and Compilation::expandAlias); any other gets a note
/// and is lowered as a deployment without a template.
///
//===----------------------------------------------------------------------===//

#include "frontend/bicep/BicepFrontend.h"

#include "frontend/arm/ArmLowering.h"
#include "frontend/arm/JsonReader.h"
#include "frontend/bicep/Lowering.h"
#include "frontend/bicep/Parser.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cstdlib>

using namespace armor;
using namespace armor::bicep;

namespace {

/// Registry and template spec references: `br:`, `br/alias:`, `ts:`, ...
bool isRegistryReference(llvm::StringRef path) {
  return path.starts_with("br:") || path.starts_with("br/") ||
         path.starts_with("ts:") || path.starts_with("ts/");
}

/// The Bicep CLI's cache root: $ARMOR_BICEP_CACHE if set, else ~/.bicep
/// (where `bicep restore` writes).
std::string getCacheRoot() {
  if (const char *env = std::getenv("ARMOR_BICEP_CACHE"))
    return env;
  llvm::SmallString<256> home;
  if (!llvm::sys::path::home_directory(home))
    return "";
  llvm::sys::path::append(home, ".bicep");
  return std::string(home);
}

/// A tag as the Bicep CLI names its cache directory: the tag, `$`, and (for
/// case-insensitive file systems) the positions of its upper-case letters
/// as a hexadecimal bit mask, most significant 64 bits first, without
/// leading zeros; nothing after `$` if there are none.
std::string encodeTag(llvm::StringRef tag) {
  uint64_t mask[2] = {0, 0}; // OCI tags have at most 128 characters
  for (size_t i = 0; i != tag.size() && i < 128; ++i)
    if (llvm::isUpper(tag[i]))
      mask[i / 64] |= uint64_t(1) << (i % 64);
  std::string out = tag.str() + "$";
  bool leadingZeros = false;
  for (int i = 1; i >= 0; --i) {
    if (!mask[i] && !leadingZeros)
      continue;
    std::string digits = llvm::utohexstr(mask[i], /*LowerCase=*/true);
    if (leadingZeros)
      out.append(16 - digits.size(), '0');
    out += digits;
    leadingZeros = true;
  }
  return out;
}

/// Where the Bicep CLI keeps the compiled template of the registry module
/// \p reference after `bicep restore`:
/// `<root>/br/<registry>/<repository, '/' as '$'>/<encoded tag>/main.json`,
/// the registry in lower case with ':' as '$', a digest with ':' as '#'.
/// `br/public:` is `mcr.microsoft.com/bicep/` (Compilation::expandAlias
/// resolves the other aliases first). Empty for references whose place we
/// cannot know: unknown aliases and template specs (`ts:`).
std::string getRegistryCachePath(llvm::StringRef reference) {
  std::string registry, rest;
  if (reference.consume_front("br:")) {
    auto [host, path] = reference.split('/');
    registry = host.str();
    rest = path.str();
  } else if (reference.consume_front("br/public:")) {
    registry = "mcr.microsoft.com";
    rest = ("bicep/" + reference).str();
  } else {
    return "";
  }
  llvm::StringRef path(rest);
  std::string repository, version;
  if (size_t at = path.find('@'); at != llvm::StringRef::npos) {
    repository = path.substr(0, at).str();
    version = path.substr(at + 1).str();
    std::replace(version.begin(), version.end(), ':', '#');
  } else if (size_t colon = path.rfind(':'); colon != llvm::StringRef::npos) {
    repository = path.substr(0, colon).str();
    version = encodeTag(path.substr(colon + 1));
  }
  std::string root = getCacheRoot();
  if (registry.empty() || repository.empty() || version.empty() || root.empty())
    return "";
  registry = llvm::StringRef(registry).lower();
  std::replace(registry.begin(), registry.end(), ':', '$');
  std::replace(repository.begin(), repository.end(), '/', '$');
  llvm::SmallString<256> full(root);
  llvm::sys::path::append(full, "br", registry, repository);
  llvm::sys::path::append(full, version, "main.json");
  return std::string(full);
}

class Compilation final : public LoweringHost {
public:
  Compilation(SourceManager &sources, FileId root) : sources(sources) {
    active.push_back(sources.getPath(root).str());
  }

  LoadedModule loadModule(FileId from, llvm::StringRef path, SourceRange range,
                          DiagnosticEngine &diags) override;
  FileId readFile(FileId from, llvm::StringRef path, SourceRange range,
                  DiagnosticEngine &diags) override;
  const ExportTable &loadExports(FileId from, llvm::StringRef path,
                                 SourceRange range,
                                 DiagnosticEngine &diags) override;
  const SourceManager &getSources() const override { return sources; }

private:
  struct File {
    FileId id = 0;
    std::unique_ptr<ParsedFile> parsed;
    std::optional<ExportTable> exports;
  };

  std::string resolve(FileId from, llvm::StringRef path) const;
  File *open(FileId from, llvm::StringRef path, SourceRange range,
             DiagnosticEngine &diags, llvm::StringRef what);
  File *openPath(const std::string &full, llvm::StringRef path,
                 SourceRange range, DiagnosticEngine &diags,
                 llvm::StringRef what);
  LoadedModule loadJsonModule(File &f, llvm::StringRef path, SourceRange range,
                              DiagnosticEngine &diags);
  std::string findCachedArtifact(FileId from, llvm::StringRef reference);
  std::string expandAlias(FileId from, llvm::StringRef reference);
  const ParsedFile &parse(File &f, DiagnosticEngine &diags);
  ExportTable jsonExports(FileId file);

  SourceManager &sources;
  llvm::StringMap<File> files;
  std::vector<std::string> active; ///< modules being lowered, for cycles
  ExportTable unavailable;
};

} // namespace

std::string Compilation::resolve(FileId from, llvm::StringRef path) const {
  llvm::SmallString<256> full(sources.getPath(from));
  llvm::sys::path::remove_filename(full);
  llvm::sys::path::append(full, path);
  llvm::sys::path::remove_dots(full, /*remove_dot_dot=*/true);
  return std::string(full);
}

Compilation::File *Compilation::open(FileId from, llvm::StringRef path,
                                     SourceRange range, DiagnosticEngine &diags,
                                     llvm::StringRef what) {
  return openPath(resolve(from, path), path, range, diags, what);
}

Compilation::File *Compilation::openPath(const std::string &full,
                                         llvm::StringRef path,
                                         SourceRange range,
                                         DiagnosticEngine &diags,
                                         llvm::StringRef what) {
  auto it = files.find(full);
  if (it != files.end())
    return it->second.id ? &it->second : nullptr;
  File &f = files[full];
  auto buffer = llvm::MemoryBuffer::getFile(full, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    // A file read by load*() that is missing leaves its value unknown; a
    // missing module or import leaves the input unanalyzable.
    if (what == "file")
      diags.report("unresolved-reference", Level::Note, range,
                   "cannot read the file '{0}': {1}; its content is unknown",
                   path, buffer.getError().message());
    else
      diags.semanticError(range, "cannot read the {0} '{1}': {2}", what, path,
                          buffer.getError().message());
    return nullptr;
  }
  f.id = sources.addFile(full, (*buffer)->getBuffer().str());
  return &f;
}

const ParsedFile &Compilation::parse(File &f, DiagnosticEngine &diags) {
  if (!f.parsed)
    f.parsed = std::make_unique<ParsedFile>(
        parseFile(sources.getContents(f.id), f.id, diags));
  return *f.parsed;
}

LoadedModule Compilation::loadModule(FileId from, llvm::StringRef path,
                                     SourceRange range,
                                     DiagnosticEngine &diags) {
  LoadedModule result;
  if (isRegistryReference(path)) {
    std::string cached = findCachedArtifact(from, path);
    if (!cached.empty())
      if (File *f = openPath(cached, path, range, diags, "module"))
        return loadJsonModule(*f, path, range, diags);
    diags.report("unresolved-reference", Level::Note, range,
                 "the module '{0}' comes from a registry that is not "
                 "available locally: its template is not analyzed and its "
                 "outputs are unknown",
                 path);
    return result;
  }
  std::string full = resolve(from, path);
  if (llvm::is_contained(active, full)) {
    diags.semanticError(range,
                        "the module '{0}' deploys itself (a cycle of "
                        "modules)",
                        path);
    return result;
  }
  if (active.size() > 64) {
    diags.semanticError(range, "modules are nested too deeply");
    return result;
  }
  File *f = open(from, path, range, diags, "module");
  if (!f)
    return result;

  if (llvm::sys::path::extension(full).equals_insensitive(".json"))
    return loadJsonModule(*f, path, range, diags);

  const ParsedFile &parsed = parse(*f, diags);
  active.push_back(full);
  result.module = lowerFile(parsed, *this, diags, &result.interface);
  active.pop_back();
  result.available = true;
  return result;
}

/// A module that is a compiled template: a local `.json` file, or a
/// registry module from the Bicep CLI's cache.
LoadedModule Compilation::loadJsonModule(File &f, llvm::StringRef path,
                                         SourceRange range,
                                         DiagnosticEngine &diags) {
  LoadedModule result;
  std::optional<ir::Value> root = arm::readJson(sources, f.id, diags);
  if (!root)
    return result;
  if (!arm::isDeploymentTemplate(*root)) {
    diags.semanticError(range, "the module '{0}' is not an ARM template", path);
    return result;
  }
  if (const ir::Value *outputs = root->get("outputs");
      outputs && outputs->isObject())
    for (const ir::Member &m : outputs->members()) {
      ModuleInterface::Output out;
      if (const ir::Value *t = m.value.get("type"); t && t->isString())
        out.secure =
            llvm::StringRef(t->getString()).starts_with_insensitive("secure");
      result.interface.hasSecureOutputs |= out.secure;
      result.interface.outputs[m.key] = out;
    }
  result.module = arm::lowerTemplate(std::move(*root), f.id, diags);
  result.interface.targetScope = result.module->targetScope;
  result.available = true;
  return result;
}

/// `br/<alias>:<path>` as `br:<registry>/<modulePath>/<path>`, by the
/// `moduleAliases.br` of the nearest bicepconfig.json above \p from (the
/// file the CLI reads); the reference as it is otherwise.
std::string Compilation::expandAlias(FileId from, llvm::StringRef reference) {
  if (!reference.starts_with("br/"))
    return reference.str();
  auto [alias, rest] = reference.drop_front(3).split(':');
  llvm::SmallString<256> dir(sources.getPath(from));
  llvm::sys::fs::make_absolute(dir);
  llvm::sys::path::remove_filename(dir);
  while (!dir.empty()) {
    llvm::SmallString<256> config(dir);
    llvm::sys::path::append(config, "bicepconfig.json");
    if (llvm::sys::fs::exists(config)) {
      // Its problems are not this input's: a bad file resolves nothing.
      DiagnosticEngine scratch;
      File *f = openPath(std::string(config), "bicepconfig.json", {}, scratch,
                         "configuration");
      std::optional<ir::Value> root =
          f ? arm::readJson(sources, f->id, scratch) : std::nullopt;
      const ir::Value *aliases = root && root->isObject()
                                     ? root->getPath("moduleAliases.br")
                                     : nullptr;
      const ir::Value *entry =
          aliases && aliases->isObject() ? aliases->get(alias) : nullptr;
      const ir::Value *registry =
          entry && entry->isObject() ? entry->get("registry") : nullptr;
      if (!registry || !registry->isString())
        return reference.str();
      std::string out = "br:" + registry->getString() + "/";
      if (const ir::Value *path = entry->get("modulePath");
          path && path->isString() && !path->getString().empty())
        out += path->getString() + "/";
      return out + rest.str();
    }
    size_t parent = llvm::sys::path::parent_path(dir).size();
    if (parent == dir.size())
      break;
    dir.resize(parent);
  }
  return reference.str();
}

/// The cached compiled template of the registry reference \p reference,
/// or empty if the cache does not hold it.
std::string Compilation::findCachedArtifact(FileId from,
                                            llvm::StringRef reference) {
  std::string cached = getRegistryCachePath(expandAlias(from, reference));
  return !cached.empty() && llvm::sys::fs::exists(cached) ? cached : "";
}

FileId Compilation::readFile(FileId from, llvm::StringRef path,
                             SourceRange range, DiagnosticEngine &diags) {
  File *f = open(from, path, range, diags, "file");
  return f ? f->id : 0;
}

/// The symbols a compiled template exports (the compiler's metadata) and
/// the template lowered, for their declarations.
ExportTable Compilation::jsonExports(FileId file) {
  ExportTable table;
  table.available = true;
  // Its problems are reported where it is analyzed itself.
  DiagnosticEngine scratch;
  std::optional<ir::Value> root = arm::readJson(sources, file, scratch);
  if (!root || !arm::isDeploymentTemplate(*root))
    return table;
  auto exported = [](const ir::Value &declaration) {
    const ir::Value *flag = declaration.getPath("metadata.__bicep_export!");
    return flag && flag->isBoolean() && flag->getBoolean();
  };
  if (const ir::Value *vars =
          root->getPath("metadata.__bicep_exported_variables!");
      vars && vars->isArray())
    for (const ir::Value &v : vars->elements())
      if (const ir::Value *name = v.get("name"); name && name->isString())
        table.symbols[name->getString()] = {ExportedSymbol::Kind::Variable};
  if (const ir::Value *defs = root->get("definitions");
      defs && defs->isObject())
    for (const ir::Member &m : defs->members())
      if (exported(m.value))
        table.symbols[m.key] = {ExportedSymbol::Kind::Type};
  if (const ir::Value *fns = root->get("functions"); fns && fns->isArray())
    for (const ir::Value &ns : fns->elements()) {
      const ir::Value *name = ns.get("namespace");
      const ir::Value *members = ns.get("members");
      if (!name || !name->isString() || name->getString() != "__bicep" ||
          !members || !members->isObject())
        continue;
      for (const ir::Member &m : members->members())
        if (exported(m.value))
          table.symbols[m.key] = {ExportedSymbol::Kind::Function};
    }
  table.module = arm::lowerTemplate(std::move(*root), file, scratch);
  return table;
}

const ExportTable &Compilation::loadExports(FileId from, llvm::StringRef path,
                                            SourceRange range,
                                            DiagnosticEngine &diags) {
  File *f = nullptr;
  if (isRegistryReference(path)) {
    std::string cached = findCachedArtifact(from, path);
    // Not in the cache: nothing is reported here, since most such imports
    // are types; a value that uses an imported symbol is unknown and says
    // why.
    if (cached.empty())
      return unavailable;
    f = openPath(cached, path, range, diags, "imported file");
    if (f && !f->exports)
      f->exports = jsonExports(f->id);
    return f ? *f->exports : unavailable;
  }
  f = open(from, path, range, diags, "imported file");
  if (!f)
    return unavailable;
  if (!f->exports) {
    if (llvm::StringRef(path).ends_with_insensitive(".json")) {
      f->exports = jsonExports(f->id);
      return *f->exports;
    }
    const ParsedFile &parsed = parse(*f, diags);
    ExportTable table = collectExports(parsed);
    bool hasValues = llvm::any_of(table.symbols, [](const auto &entry) {
      return entry.second.kind != ExportedSymbol::Kind::Type;
    });
    std::string full = resolve(from, path);
    if (hasValues && !llvm::is_contained(active, full) && active.size() < 64) {
      // Lower the file alone for the declarations of its variables and
      // functions. Its findings are reported where it is analyzed itself.
      DiagnosticEngine scratch;
      active.push_back(full);
      table.module = lowerFile(parsed, *this, scratch);
      active.pop_back();
    }
    // Lowering may have imported this file again (a cycle): keep the first.
    if (!f->exports)
      f->exports = std::move(table);
  }
  return *f->exports;
}

std::unique_ptr<ir::Module> armor::bicep::loadBicep(SourceManager &sources,
                                                    FileId file,
                                                    DiagnosticEngine &diags) {
  ParsedFile parsed = parseFile(sources.getContents(file), file, diags);
  Compilation compilation(sources, file);
  return lowerFile(parsed, compilation, diags);
}

/// Applies \p file, after the file it `extends` (whose values it overrides).
static void applyParamsChain(SourceManager &sources, FileId file,
                             ir::Module &module, DiagnosticEngine &diags,
                             unsigned depth) {
  ParsedFile parsed = parseFile(sources.getContents(file), file, diags);
  Compilation compilation(sources, file);
  for (const ast::Decl *d : parsed.program.decls) {
    auto *ext = llvm::dyn_cast<ast::FileRefDecl>(d);
    if (!ext || ext->kind != ast::Decl::Kind::Extends || !ext->path ||
        !ext->path->isLiteral())
      continue;
    if (depth > 16) {
      diags.semanticError(ext->range, "parameters files extend each other "
                                      "too deeply (a cycle?)");
      break;
    }
    if (FileId base = compilation.readFile(file, ext->path->literal(),
                                           ext->path->range, diags))
      applyParamsChain(sources, base, module, diags, depth + 1);
  }
  applyParamsFile(parsed, module, compilation, diags);
}

void armor::bicep::applyBicepParams(SourceManager &sources, FileId file,
                                    ir::Module &module,
                                    DiagnosticEngine &diags) {
  applyParamsChain(sources, file, module, diags, 0);
}
