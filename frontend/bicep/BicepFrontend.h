//===- BicepFrontend.h - Bicep files to the IR ------------------*- C++ -*-===//
///
/// \file
/// Parses a `.bicep` file (and the local modules it references) and lowers
/// it into the same ir::Module an ARM template gives, with every node's
/// SourceRange pointing into the Bicep source. `.bicepparam` files supply
/// parameter values.
///
/// Stages (frontend/bicep/): BicepLexer (hand-written, an ANTLR TokenSource)
/// -> Parser (ANTLR-generated from grammar/BicepParser.g4, SLL first) ->
/// Syntax (the typed AST) -> Lowering (the compiler's emitter semantics).
/// Pragmas.h exposes the `#disable-*` pragmas as line ranges.
///
/// Registry modules (`br:`, `ts:`) are not fetched. A `br:` module (also
/// `br/public:` and the aliases of the nearest bicepconfig.json) that
/// `bicep restore` put in the Bicep CLI's cache (~/.bicep, or
/// $ARMOR_BICEP_CACHE) is read from there, as the compiler would; any other
/// gets an `unresolved-reference` note and its outputs stay unknown. The lowering reproduces
/// the latest compiler's output; ARMOR_BICEP_COMPAT=<major.minor> selects
/// the few forms an older release emitted (the differential test sets it
/// from the compiled JSON's `_generator.version`).
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_FRONTEND_BICEP_BICEPFRONTEND_H
#define ARMOR_FRONTEND_BICEP_BICEPFRONTEND_H

#include "ir/Diagnostic.h"
#include "ir/Module.h"
#include "ir/SourceManager.h"

#include <memory>

namespace armor::bicep {

/// Parses and lowers the Bicep file \p file (already in \p sources). Local
/// modules are read into \p sources and become nested modules. Syntax
/// errors are reported (several per file) as `syntax-error`s; returns null
/// only if nothing could be lowered.
std::unique_ptr<ir::Module> loadBicep(SourceManager &sources, FileId file,
                                      DiagnosticEngine &diags);

/// Applies the parameter assignments of the `.bicepparam` file \p file to
/// \p module.
void applyBicepParams(SourceManager &sources, FileId file, ir::Module &module,
                      DiagnosticEngine &diags);

} // namespace armor::bicep

#endif // ARMOR_FRONTEND_BICEP_BICEPFRONTEND_H
