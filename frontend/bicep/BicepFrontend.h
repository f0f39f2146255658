//===- BicepFrontend.h - Bicep files to the IR ------------------*- C++ -*-===//
///
/// \file
/// Parses a `.bicep` file (and the local modules it references) and lowers
/// it into the same ir::Module an ARM template gives, with every node's
/// SourceRange pointing into the Bicep source. `.bicepparam` files supply
/// parameter values.
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
