//===- Diagnostic.cpp - The one diagnostics engine ------------------------===//

#include "ir/Diagnostic.h"

using namespace armor;

llvm::StringRef armor::getLevelName(Level level) {
  switch (level) {
  case Level::Off:
    return "none";
  case Level::Note:
    return "note";
  case Level::Warning:
    return "warning";
  case Level::Error:
    return "error";
  }
  llvm_unreachable("unknown level");
}

std::optional<Level> armor::parseLevel(llvm::StringRef name) {
  if (name == "error")
    return Level::Error;
  if (name == "warning")
    return Level::Warning;
  if (name == "note")
    return Level::Note;
  if (name == "off" || name == "none")
    return Level::Off;
  return std::nullopt;
}

DiagnosticBuilder::~DiagnosticBuilder() {
  if (engine)
    engine->add(std::move(diag));
}

bool DiagnosticEngine::hasInputErrors() const {
  for (const Diagnostic &d : diags)
    if (d.ruleId == "syntax-error" || d.ruleId == "semantic-error")
      return true;
  return false;
}
