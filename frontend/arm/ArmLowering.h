//===- ArmLowering.h - ARM template JSON to the IR --------------*- C++ -*-===//
///
/// \file
/// Lowers a parsed ARM template (an ir::Value tree from the JSON reader)
/// into an ir::Module: `"[...]"` strings become expression values, nested
/// child resources get their full type and name, nested deployments with an
/// inline template become child modules, and a parameter file's values are
/// attached to the parameters.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_FRONTEND_ARM_ARMLOWERING_H
#define ARMOR_FRONTEND_ARM_ARMLOWERING_H

#include "ir/Diagnostic.h"
#include "ir/Module.h"

#include <memory>

namespace armor::arm {

/// True if \p root is an object whose `$schema` names a deploymentTemplate.
bool isDeploymentTemplate(const ir::Value &root);
/// True if \p root is an object whose `$schema` names deploymentParameters.
bool isParameterFile(const ir::Value &root);

/// Turns every `"[...]"` string in \p value into an expression value and
/// unescapes `"[[..."` strings, as ARM reads them; reports syntax errors in
/// expressions. Returns false if there was any.
bool lowerExpressionStrings(ir::Value &value, DiagnosticEngine &diags);

/// Lowers \p root, consuming it. Problems in the template are reported as
/// `semantic-error`s; the returned module holds whatever could be lowered.
std::unique_ptr<ir::Module> lowerTemplate(ir::Value root, FileId file,
                                          DiagnosticEngine &diags);

/// Attaches the values of a parameter file (\p root, consumed) to the
/// parameters of \p module.
void applyParameterFile(ir::Module &module, ir::Value root,
                        DiagnosticEngine &diags);

} // namespace armor::arm

#endif // ARMOR_FRONTEND_ARM_ARMLOWERING_H
