//===- BicepFrontend.cpp - Bicep files to the IR --------------------------===//

#include "frontend/bicep/BicepFrontend.h"

using namespace armor;
using namespace armor::bicep;

std::unique_ptr<ir::Module> armor::bicep::loadBicep(SourceManager &sources,
                                                    FileId file,
                                                    DiagnosticEngine &diags) {
  (void)sources;
  diags.semanticError({file, 0, 0}, "Bicep input is not supported yet");
  return nullptr;
}

void armor::bicep::applyBicepParams(SourceManager &sources, FileId file,
                                    ir::Module &module,
                                    DiagnosticEngine &diags) {
  (void)sources;
  (void)module;
  diags.semanticError({file, 0, 0}, ".bicepparam files are not supported yet");
}
