//===- Pragmas.cpp - Diagnostic suppressions in Bicep source --------------===//

#include "frontend/bicep/Pragmas.h"

#include "llvm/ADT/StringMap.h"

using namespace armor;
using namespace armor::bicep;

Suppressions::Suppressions(FileId file,
                           llvm::ArrayRef<DiagnosticPragma> pragmas,
                           uint32_t lineCount) {
  // Open #disable-diagnostics ranges by lower-cased code.
  llvm::StringMap<size_t> open;
  for (const DiagnosticPragma &p : pragmas) {
    SourceRange range{file, p.begin, p.end};
    for (const std::string &code : p.codes) {
      std::string key = llvm::StringRef(code).lower();
      switch (p.kind) {
      case DiagnosticPragma::Kind::DisableNextLine:
        entries.push_back({code, p.line + 1, p.line + 1, range});
        break;
      case DiagnosticPragma::Kind::DisableDiagnostics:
        if (open.count(key))
          break;
        open[key] = entries.size();
        entries.push_back({code, p.line + 1, lineCount, range});
        break;
      case DiagnosticPragma::Kind::RestoreDiagnostics: {
        auto it = open.find(key);
        if (it == open.end())
          break;
        entries[it->second].lastLine = p.line;
        open.erase(it);
        break;
      }
      }
    }
  }
}

const SuppressedRange *Suppressions::find(llvm::StringRef code,
                                          uint32_t line) const {
  for (const SuppressedRange &r : entries)
    if (line >= r.firstLine && line <= r.lastLine &&
        llvm::StringRef(r.code).equals_insensitive(code))
      return &r;
  return nullptr;
}

Suppressions armor::bicep::collectSuppressions(const SourceManager &sources,
                                               FileId file) {
  llvm::StringRef text = sources.getContents(file);
  Lexer lexer(text);
  lexer.lex();
  uint32_t lines = static_cast<uint32_t>(text.count('\n')) + 1;
  return Suppressions(file, lexer.pragmas(), lines);
}
