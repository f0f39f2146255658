//===- SourceManager.cpp - Source buffers and locations -------------------===//

#include "ir/SourceManager.h"

#include "llvm/ADT/bit.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cassert>
#include <cstring>

using namespace armor;

/// Appends to \p starts the offset of every line's first byte. Line breaks
/// are \n, \r\n and a lone \r. This runs over every byte of an input with
/// findings, so it looks at 16 bytes at a time where it can.
static void findLineStarts(llvm::StringRef text,
                           std::vector<uint32_t> &starts) {
  starts.push_back(0);
  const char *data = text.data();
  size_t size = text.size(), i = 0;
  auto breakAt = [&](size_t at) {
    // In \r\n the \n ends the break.
    if (data[at] == '\r' && at + 1 < size && data[at + 1] == '\n')
      return;
    starts.push_back(static_cast<uint32_t>(at + 1));
  };
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  for (; i + 16 <= size; i += 16) {
    __m128i chunk =
        _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + i));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(chunk, lf), _mm_cmpeq_epi8(chunk, cr))));
    for (; mask; mask &= mask - 1)
      breakAt(i + llvm::countr_zero(mask));
  }
#endif
  for (; i != size; ++i)
    if (data[i] == '\n' || data[i] == '\r')
      breakAt(i);
}

struct SourceManager::Buffer {
  std::string path;
  std::string contents;
  // Offsets of the first byte of every line; built on first query.
  mutable std::once_flag lineTableOnce;
  mutable std::vector<uint32_t> lineStarts;
  /// After retainLinesOnly: the text of the kept lines (1-based numbers).
  bool released = false;
  std::map<uint32_t, std::string> retainedLines;

  llvm::StringRef getLine(uint32_t line) const {
    if (released) {
      auto it = retainedLines.find(line);
      return it == retainedLines.end() ? llvm::StringRef()
                                       : llvm::StringRef(it->second);
    }
    const std::vector<uint32_t> &starts = getLineStarts();
    if (line == 0 || line > starts.size())
      return {};
    llvm::StringRef text(contents);
    uint32_t begin = starts[line - 1];
    uint32_t end = line < starts.size() ? starts[line] : text.size();
    return text.slice(begin, end);
  }

  const std::vector<uint32_t> &getLineStarts() const {
    std::call_once(lineTableOnce,
                   [this] { findLineStarts(contents, lineStarts); });
    return lineStarts;
  }
};

static thread_local SourceManager::FileRecorder *activeRecorder = nullptr;

SourceManager::FileRecorder::FileRecorder() : previous(activeRecorder) {
  activeRecorder = this;
}

SourceManager::FileRecorder::~FileRecorder() { activeRecorder = previous; }

SourceManager::SourceManager() = default;
SourceManager::~SourceManager() = default;

FileId SourceManager::addFile(std::string path, std::string contents) {
  auto buffer = std::make_unique<Buffer>();
  buffer->path = std::move(path);
  buffer->contents = std::move(contents);
  std::lock_guard<std::mutex> lock(mutex);
  buffers.push_back(std::move(buffer));
  FileId id = static_cast<FileId>(buffers.size());
  if (activeRecorder)
    activeRecorder->files.push_back(id);
  return id;
}

const SourceManager::Buffer &SourceManager::getBuffer(FileId file) const {
  std::lock_guard<std::mutex> lock(mutex);
  assert(file != 0 && file <= buffers.size() && "invalid file id");
  return *buffers[file - 1];
}

llvm::StringRef SourceManager::getPath(FileId file) const {
  return getBuffer(file).path;
}

llvm::StringRef SourceManager::getContents(FileId file) const {
  return getBuffer(file).contents;
}

static bool isContinuationByte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

LineColumn SourceManager::getLineColumn(FileId file, uint32_t offset) const {
  const Buffer &buffer = getBuffer(file);
  const std::vector<uint32_t> &starts = buffer.getLineStarts();
  if (!buffer.released)
    offset = std::min<uint32_t>(offset, buffer.contents.size());
  auto it = std::upper_bound(starts.begin(), starts.end(), offset);
  uint32_t lineIndex = static_cast<uint32_t>(it - starts.begin()) - 1;
  llvm::StringRef line = buffer.getLine(lineIndex + 1);
  uint32_t inLine = offset - starts[lineIndex];
  if (buffer.released && line.empty() && inLine != 0)
    return {lineIndex + 1, inLine + 1}; // not retained: bytes, not code points
  uint32_t column = 1;
  for (uint32_t i = 0; i < inLine && i < line.size(); ++i)
    if (!isContinuationByte(line[i]))
      ++column;
  return {lineIndex + 1, column};
}

llvm::StringRef SourceManager::getLineText(FileId file, uint32_t line) const {
  return getBuffer(file).getLine(line).rtrim("\r\n");
}

void SourceManager::retainLinesOnly(FileId file,
                                    llvm::ArrayRef<uint32_t> offsets) {
  std::lock_guard<std::mutex> lock(mutex);
  Buffer &buffer = *buffers[file - 1];
  if (buffer.released)
    return;
  if (offsets.empty()) {
    // Nothing points here: no line table needed either.
    std::call_once(buffer.lineTableOnce, [&] { buffer.lineStarts = {0}; });
    buffer.released = true;
    std::string().swap(buffer.contents);
    return;
  }
  const std::vector<uint32_t> &starts = buffer.getLineStarts();
  for (uint32_t offset : offsets) {
    auto it = std::upper_bound(starts.begin(), starts.end(), offset);
    uint32_t line = static_cast<uint32_t>(it - starts.begin());
    if (!buffer.retainedLines.count(line))
      buffer.retainedLines[line] = buffer.getLine(line).str();
  }
  buffer.released = true;
  std::string().swap(buffer.contents);
}

size_t SourceManager::size() const {
  std::lock_guard<std::mutex> lock(mutex);
  return buffers.size();
}
