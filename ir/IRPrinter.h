//===- IRPrinter.h - Canonical text form of the IR --------------*- C++ -*-===//
///
/// \file
/// Prints a module in the canonical form `armor ir` shows: no source
/// positions, file names or compiler metadata; resources in a stable order;
/// object keys sorted; known values as JSON constants, anything else as its
/// `"[expression]"`. An ARM template and the Bicep file it was compiled from
/// print the same text.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_IR_IRPRINTER_H
#define ARMOR_IR_IRPRINTER_H

#include "ir/Module.h"

#include "llvm/Support/raw_ostream.h"

namespace armor::ir {

void printModule(llvm::raw_ostream &os, const Module &module);

/// Canonical JSON of a value: object keys sorted case-insensitively, no
/// whitespace. Used by the printer and by tests.
std::string printCanonical(const Value &value);

} // namespace armor::ir

#endif // ARMOR_IR_IRPRINTER_H
