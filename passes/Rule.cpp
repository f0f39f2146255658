//===- Rule.cpp - Base class of the checks --------------------------------===//

#include "passes/Rule.h"

#include "llvm/ADT/STLExtras.h"

using namespace armor;

Rule::~Rule() = default;

bool Rule::configure(const ir::Value &settings, DiagnosticEngine &diags) {
  return checkOptionKeys(settings, {}, diags);
}

bool Rule::checkOptionKeys(const ir::Value &settings,
                           llvm::ArrayRef<llvm::StringRef> allowed,
                           DiagnosticEngine &diags) const {
  bool ok = true;
  for (const ir::Member &m : settings.members()) {
    if (m.key == "level" || llvm::is_contained(allowed, m.key))
      continue;
    diags.report("config", Level::Error, m.keyRange,
                 "unknown option '{0}' for rule '{1}'", m.key, id);
    ok = false;
  }
  return ok;
}

void Rule::reportUnknown(CheckContext &ctx, SourceRange range,
                         llvm::StringRef what, llvm::StringRef why) const {
  if (ctx.config.unknown != UnknownPolicy::Note)
    return;
  ctx.diags.report(id, Level::Note, range, "cannot check {0}: {1}", what, why);
}

std::string armor::getDisplayName(const ir::Value &name) {
  if (name.isString())
    return name.getString();
  if (name.expr()) {
    std::string text = "[";
    name.expr()->print(text);
    text += ']';
    return text;
  }
  return name.toJson();
}

std::string armor::getLogicalLocation(const ir::Resource &resource) {
  std::string location = resource.type;
  location += '/';
  location += getDisplayName(resource.name);
  return location;
}
