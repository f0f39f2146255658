//===- SourceManager.h - Source buffers and locations -----------*- C++ -*-===//
///
/// \file
/// Owns the text of every input file. Locations are byte offsets into a
/// buffer (SourceRange); line and column are computed only when a backend
/// asks for them, from a line table built lazily per file.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_IR_SOURCEMANAGER_H
#define ARMOR_IR_SOURCEMANAGER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace armor {

/// Identifies a buffer owned by a SourceManager. 0 means "no file".
using FileId = uint32_t;

/// A half-open byte range [begin, end) in one file.
struct SourceRange {
  FileId file = 0;
  uint32_t begin = 0;
  uint32_t end = 0;

  bool isValid() const { return file != 0; }
  bool operator==(const SourceRange &) const = default;
};

/// A 1-based line and column. Columns count Unicode code points, which is
/// also what the SARIF output declares in `columnKind`.
struct LineColumn {
  uint32_t line = 0;
  uint32_t column = 0;
};

/// Owns source buffers and maps offsets to lines and columns.
///
/// Thread-safe for adding files and for location queries: the batch driver
/// loads files from several threads into one manager.
class SourceManager {
public:
  SourceManager();
  ~SourceManager();

  /// Adds a buffer; \p path is the name shown to users (as given on the
  /// command line, or relative to the input that referenced it).
  FileId addFile(std::string path, std::string contents);

  llvm::StringRef getPath(FileId file) const;
  llvm::StringRef getContents(FileId file) const;

  /// Line and column of \p offset in \p file (offset may equal the size).
  LineColumn getLineColumn(FileId file, uint32_t offset) const;
  /// The text of the 1-based \p line, without its line terminator.
  llvm::StringRef getLineText(FileId file, uint32_t line) const;

  /// Drops the contents of \p file except the lines that hold \p offsets,
  /// once analysis of the input is done: line and column queries for those
  /// offsets, and getLineText for their lines, keep working. Bounds the
  /// memory of a batch run to the files being analyzed.
  void retainLinesOnly(FileId file, llvm::ArrayRef<uint32_t> offsets);

  /// While alive, records the files this thread adds (to any manager), so
  /// the driver can release everything one input pulled in.
  class FileRecorder {
  public:
    FileRecorder();
    ~FileRecorder();
    FileRecorder(const FileRecorder &) = delete;
    const std::vector<FileId> &getFiles() const { return files; }

  private:
    friend class SourceManager;
    std::vector<FileId> files;
    FileRecorder *previous;
  };

  /// Number of buffers added so far.
  size_t size() const;

private:
  struct Buffer;
  const Buffer &getBuffer(FileId file) const;

  mutable std::mutex mutex;
  std::deque<std::unique_ptr<Buffer>> buffers;
};

} // namespace armor

#endif // ARMOR_IR_SOURCEMANAGER_H
