//===- Lowering.h - Bicep AST to the IR -------------------------*- C++ -*-===//
///
/// \file
/// Lowers one parsed Bicep file into an ir::Module with the semantics the
/// official compiler gives it: the IR equals the IR of the ARM JSON the
/// compiler emits (symbolic references become resourceId()/reference() or
/// the languageVersion 2.0 forms, interpolation becomes format(), loops
/// become copy loops, modules become nested deployments), but every node
/// keeps its range in the Bicep source.
///
/// The lowering asks a LoweringHost for everything outside the file: module
/// files, files for load*Content(), the exports of imported files.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_FRONTEND_BICEP_LOWERING_H
#define ARMOR_FRONTEND_BICEP_LOWERING_H

#include "frontend/bicep/Parser.h"
#include "ir/Diagnostic.h"
#include "ir/Module.h"

#include "llvm/ADT/StringMap.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace armor::bicep {

/// What a template exposes to a file that deploys it as a module.
struct ModuleInterface {
  std::string targetScope = "resourceGroup";
  /// Parameters declared as `param p resource '...'`: callers pass an id.
  llvm::StringMap<bool> resourceParams;
  struct Output {
    bool secure = false;
    /// Non-empty for `output o resource 'T@v'`.
    std::string resourceType;
  };
  llvm::StringMap<Output> outputs;
  bool hasSecureOutputs = false;
};

/// One exported symbol of a file that others import at compile time.
struct ExportedSymbol {
  enum class Kind : uint8_t { Type, Variable, Function };
  Kind kind;
};

/// The exported symbols of a file, by name.
struct ExportTable {
  llvm::StringMap<ExportedSymbol> symbols;
  bool available = false; ///< false for registry references
  /// The file lowered on its own, if it exports variables or functions: an
  /// importer copies their ARM declarations (and what they reference) from
  /// it, as the compiler does.
  std::shared_ptr<const ir::Module> module;
};

/// The result of loading a module.
struct LoadedModule {
  /// The lowered module, or null if it is not available (a registry
  /// reference, a missing file: already reported).
  std::unique_ptr<ir::Module> module;
  /// Its interface; a default one if the module is not available.
  ModuleInterface interface;
  bool available = false;
  /// For a template spec reference: its id, emitted as templateLink.id.
  std::string templateSpecId;
};

/// The world outside the file being lowered.
class LoweringHost {
public:
  virtual ~LoweringHost();
  /// Loads and lowers the module \p path (as written) referenced from
  /// \p from at \p range.
  virtual LoadedModule loadModule(FileId from, llvm::StringRef path,
                                  SourceRange range,
                                  DiagnosticEngine &diags) = 0;
  /// Reads the file \p path relative to \p from for a load*() function;
  /// returns 0 after reporting if it cannot be read.
  virtual FileId readFile(FileId from, llvm::StringRef path, SourceRange range,
                          DiagnosticEngine &diags) = 0;
  /// The exports of the file \p path imported by \p from.
  virtual const ExportTable &loadExports(FileId from, llvm::StringRef path,
                                         SourceRange range,
                                         DiagnosticEngine &diags) = 0;
  virtual const SourceManager &getSources() const = 0;
};

/// Lowers \p file. \p interface, if given, receives what the file exposes
/// as a module.
std::unique_ptr<ir::Module> lowerFile(const ParsedFile &file,
                                      LoweringHost &host,
                                      DiagnosticEngine &diags,
                                      ModuleInterface *interface = nullptr);

/// The exports of a parsed file (`@export()` types, variables, functions).
ExportTable collectExports(const ParsedFile &file);

/// Applies the assignments of a parsed .bicepparam file to \p module.
void applyParamsFile(const ParsedFile &file, ir::Module &module,
                     LoweringHost &host, DiagnosticEngine &diags);

} // namespace armor::bicep

#endif // ARMOR_FRONTEND_BICEP_LOWERING_H
