//===- SourceManager.cpp - Source buffers and locations -------------------===//

#include "ir/SourceManager.h"

#include <algorithm>
#include <cassert>

using namespace armor;

struct SourceManager::Buffer {
  std::string path;
  std::string contents;
  // Offsets of the first byte of every line; built on first query.
  mutable std::once_flag lineTableOnce;
  mutable std::vector<uint32_t> lineStarts;

  const std::vector<uint32_t> &getLineStarts() const {
    std::call_once(lineTableOnce, [this] {
      lineStarts.push_back(0);
      for (uint32_t i = 0, e = contents.size(); i != e; ++i) {
        if (contents[i] == '\n')
          lineStarts.push_back(i + 1);
        else if (contents[i] == '\r' &&
                 (i + 1 == e || contents[i + 1] != '\n'))
          lineStarts.push_back(i + 1);
      }
    });
    return lineStarts;
  }
};

SourceManager::SourceManager() = default;
SourceManager::~SourceManager() = default;

FileId SourceManager::addFile(std::string path, std::string contents) {
  auto buffer = std::make_unique<Buffer>();
  buffer->path = std::move(path);
  buffer->contents = std::move(contents);
  std::lock_guard<std::mutex> lock(mutex);
  buffers.push_back(std::move(buffer));
  return static_cast<FileId>(buffers.size());
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
  offset = std::min<uint32_t>(offset, buffer.contents.size());
  auto it = std::upper_bound(starts.begin(), starts.end(), offset);
  uint32_t lineIndex = static_cast<uint32_t>(it - starts.begin()) - 1;
  uint32_t column = 1;
  for (uint32_t i = starts[lineIndex]; i < offset; ++i)
    if (!isContinuationByte(buffer.contents[i]))
      ++column;
  return {lineIndex + 1, column};
}

llvm::StringRef SourceManager::getLineText(FileId file, uint32_t line) const {
  const Buffer &buffer = getBuffer(file);
  const std::vector<uint32_t> &starts = buffer.getLineStarts();
  if (line == 0 || line > starts.size())
    return {};
  llvm::StringRef text(buffer.contents);
  uint32_t begin = starts[line - 1];
  uint32_t end = line < starts.size() ? starts[line] : text.size();
  return text.slice(begin, end).rtrim("\r\n");
}
