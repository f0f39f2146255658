//===- TextWriter.cpp - clang-style text diagnostics ----------------------===//
///
/// \file
/// Renders a Report the way clang's TextDiagnostic does: a location line,
/// the source line and a caret line under the range, then the notes.
///
//===----------------------------------------------------------------------===//

#include "backend/Report.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Unicode.h"

#include <algorithm>
#include <string>

using namespace armor;

// The escape sequences clang emits (raw_ostream::changeColor with bold).
static constexpr const char *ResetColor = "\033[0m";
static constexpr const char *BoldColor = "\033[1m";
static constexpr const char *ErrorColor = "\033[0;1;31m";
static constexpr const char *WarningColor = "\033[0;1;35m";
static constexpr const char *NoteColor = "\033[0;1;36m";
static constexpr const char *CaretColor = "\033[0;1;32m";

/// The color of the level name; related notes print as Level::Note.
static const char *getLevelColor(Level level) {
  switch (level) {
  case Level::Error:
    return ErrorColor;
  case Level::Warning:
    return WarningColor;
  case Level::Note:
  case Level::Off:
    return NoteColor;
  }
  llvm_unreachable("unknown level");
}

namespace {

class TextWriter {
public:
  TextWriter(llvm::raw_ostream &os, const Report &report,
             const TextOptions &options)
      : os(os), report(report), options(options) {}

  void write();

private:
  void writeDiagnostic(const InputResult &input, const Diagnostic &diag);
  void writeMessage(llvm::StringRef fallbackPath, SourceRange range,
                    Level level, llvm::StringRef message,
                    llvm::StringRef ruleId);
  void writeSnippet(SourceRange range, LineColumn begin, LineColumn end);
  void writeSummary();

  void setColor(const char *color) {
    if (options.color)
      os << color;
  }

  llvm::raw_ostream &os;
  const Report &report;
  const TextOptions &options;
  unsigned numErrors = 0;
  unsigned numWarnings = 0;
  unsigned numNotes = 0;
};

} // namespace

/// The number of bytes of the code point that starts at \p pos: the byte
/// and the continuation bytes after it, as SourceManager counts columns.
static size_t getCodePointSize(llvm::StringRef text, size_t pos) {
  size_t end = pos + 1;
  while (end < text.size() &&
         (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    ++end;
  return end - pos;
}

/// The terminal width of one code point: wide characters take two columns,
/// combining marks none; unprintable or malformed bytes count as one.
static unsigned getDisplayWidth(llvm::StringRef codePoint) {
  int width = llvm::sys::unicode::columnWidthUTF8(codePoint);
  return width < 0 ? 1 : static_cast<unsigned>(width);
}

void TextWriter::write() {
  for (const InputResult &input : report.inputs) {
    for (const Diagnostic &diag : input.diagnostics) {
      if (!diag.suppressions.empty() || diag.level == Level::Off)
        continue;
      writeDiagnostic(input, diag);
    }
    // A failed input says so even if its frontend reported nothing.
    if (input.failed && input.diagnostics.empty()) {
      writeMessage(input.path, SourceRange(), Level::Error,
                   "input could not be analyzed", "");
      ++numErrors;
    }
  }
  if (options.summary)
    writeSummary();
}

void TextWriter::writeDiagnostic(const InputResult &input,
                                 const Diagnostic &diag) {
  switch (diag.level) {
  case Level::Error:
    ++numErrors;
    break;
  case Level::Warning:
    ++numWarnings;
    break;
  case Level::Note:
    ++numNotes;
    break;
  case Level::Off:
    break;
  }
  writeMessage(input.path, diag.range, diag.level, diag.message, diag.ruleId);
  for (const RelatedLocation &related : diag.related)
    writeMessage(input.path, related.range, Level::Note, related.message, "");
}

void TextWriter::writeMessage(llvm::StringRef fallbackPath, SourceRange range,
                              Level level, llvm::StringRef message,
                              llvm::StringRef ruleId) {
  const SourceManager *sources = report.sources;
  bool hasLocation = range.isValid() && sources;
  setColor(BoldColor);
  LineColumn begin, end;
  if (hasLocation) {
    begin = sources->getLineColumn(range.file, range.begin);
    end = sources->getLineColumn(range.file, std::max(range.begin, range.end));
    os << sources->getPath(range.file) << ':' << begin.line << ':'
       << begin.column << ": ";
  } else {
    os << fallbackPath << ": ";
  }
  setColor(ResetColor);
  setColor(getLevelColor(level));
  os << getLevelName(level) << ": ";
  setColor(ResetColor);
  setColor(BoldColor);
  os << message;
  if (!ruleId.empty())
    os << " [" << ruleId << ']';
  setColor(ResetColor);
  os << '\n';
  if (hasLocation && options.showSnippets)
    writeSnippet(range, begin, end);
}

void TextWriter::writeSnippet(SourceRange range, LineColumn begin,
                              LineColumn end) {
  llvm::StringRef line = report.sources->getLineText(range.file, begin.line);
  // The range on this line, in code points: [first, last). A range that goes
  // on to later lines is underlined to the end of this one; an empty range
  // still gets its caret.
  uint32_t first = begin.column;
  uint32_t last = end.line == begin.line ? end.column : UINT32_MAX;
  if (last <= first)
    last = first + 1;

  std::string caret;
  uint32_t column = 1;
  size_t pos = 0;
  for (; pos < line.size() && column < last; ++column) {
    size_t size = getCodePointSize(line, pos);
    llvm::StringRef codePoint = line.substr(pos, size);
    pos += size;
    if (column < first) {
      // Keep tabs so the caret lands where the terminal shows the text.
      if (codePoint == "\t")
        caret += '\t';
      else
        caret.append(getDisplayWidth(codePoint), ' ');
      continue;
    }
    // Wide characters get two marks, combining marks none (but the caret).
    unsigned width = getDisplayWidth(codePoint);
    if (column == first) {
      caret += '^';
      width = std::max(width, 1u) - 1;
    }
    caret.append(width, '~');
  }
  // The range starts at or after the end of the line (at the newline, or at
  // the end of the file): the caret goes just after the text.
  if (column <= first) {
    caret.append(first - column, ' ');
    caret += '^';
  }

  os << line << '\n';
  setColor(CaretColor);
  os << caret;
  setColor(ResetColor);
  os << '\n';
}

void TextWriter::writeSummary() {
  llvm::SmallVector<std::string, 3> parts;
  auto addCount = [&](unsigned count, llvm::StringRef noun) {
    if (count != 0)
      parts.push_back(std::to_string(count) + ' ' + noun.str() +
                      (count == 1 ? "" : "s"));
  };
  addCount(numErrors, "error");
  addCount(numWarnings, "warning");
  addCount(numNotes, "note");
  if (parts.empty())
    return;
  // "1 error generated.", "2 errors and 1 warning generated.",
  // "1 error, 2 warnings and 3 notes generated."
  for (size_t i = 0, e = parts.size(); i != e; ++i) {
    if (i != 0)
      os << (i + 1 == e ? " and " : ", ");
    os << parts[i];
  }
  os << " generated.\n";
}

void armor::writeText(llvm::raw_ostream &os, const Report &report,
                      const TextOptions &options) {
  TextWriter(os, report, options).write();
}
