//===- SourceManagerTest.cpp - Line and column lookup ---------------------===//

#include "ir/SourceManager.h"

#include <gtest/gtest.h>

using namespace armor;

namespace {

TEST(SourceManagerTest, LineAndColumnAreOneBased) {
  SourceManager sm;
  FileId f = sm.addFile("a.json", "ab\ncd\n");
  EXPECT_EQ(sm.getLineColumn(f, 0).line, 1u);
  EXPECT_EQ(sm.getLineColumn(f, 0).column, 1u);
  EXPECT_EQ(sm.getLineColumn(f, 1).column, 2u);
  EXPECT_EQ(sm.getLineColumn(f, 3).line, 2u);
  EXPECT_EQ(sm.getLineColumn(f, 3).column, 1u);
  // The end of the buffer is a valid position.
  EXPECT_EQ(sm.getLineColumn(f, 6).line, 3u);
  EXPECT_EQ(sm.getLineColumn(f, 6).column, 1u);
}

TEST(SourceManagerTest, ColumnsCountCodePoints) {
  SourceManager sm;
  // "é" is two bytes, "日" three: the 'x' after them is column 3.
  FileId f = sm.addFile("u.json", "\xC3\xA9\xE6\x97\xA5x");
  EXPECT_EQ(sm.getLineColumn(f, 5).column, 3u);
}

TEST(SourceManagerTest, AllLineTerminators) {
  SourceManager sm;
  FileId f = sm.addFile("t.json", "a\r\nb\rc\nd");
  EXPECT_EQ(sm.getLineColumn(f, 3).line, 2u); // b
  EXPECT_EQ(sm.getLineColumn(f, 5).line, 3u); // c
  EXPECT_EQ(sm.getLineColumn(f, 7).line, 4u); // d
  EXPECT_EQ(sm.getLineText(f, 1), "a");
  EXPECT_EQ(sm.getLineText(f, 2), "b");
  EXPECT_EQ(sm.getLineText(f, 4), "d");
  EXPECT_EQ(sm.getLineText(f, 5), "");
}

TEST(SourceManagerTest, LineBreaksAcrossBlocksMatchAByteByByteCount) {
  // Long enough for the 16-byte scan, with breaks of every kind at and
  // across block boundaries (a \r ending one block, its \n starting the
  // next).
  std::string text;
  const char *pieces[] = {"\r\n", "\r", "\n", "x", "yz", "\r\r\n", "\n\r"};
  for (unsigned i = 0; text.size() < 4000; ++i)
    text += pieces[(i * 7 + i / 3) % 7];
  SourceManager sm;
  FileId f = sm.addFile("t", text);
  unsigned line = 1;
  for (size_t offset = 0; offset != text.size(); ++offset) {
    ASSERT_EQ(sm.getLineColumn(f, offset).line, line) << "offset " << offset;
    bool lf = text[offset] == '\n';
    bool lonelyCr = text[offset] == '\r' &&
                    (offset + 1 == text.size() || text[offset + 1] != '\n');
    line += lf || lonelyCr;
  }
}

TEST(SourceManagerTest, FilesAreIndependent) {
  SourceManager sm;
  FileId a = sm.addFile("a", "x\ny");
  FileId b = sm.addFile("b", "\n\n\nz");
  EXPECT_NE(a, b);
  EXPECT_EQ(sm.getPath(a), "a");
  EXPECT_EQ(sm.getContents(b), "\n\n\nz");
  EXPECT_EQ(sm.getLineColumn(b, 3).line, 4u);
  EXPECT_EQ(sm.getLineColumn(a, 2).line, 2u);
}

TEST(SourceManagerTest, OffsetsPastTheEndClamp) {
  SourceManager sm;
  FileId f = sm.addFile("a", "abc");
  EXPECT_EQ(sm.getLineColumn(f, 100).column, 4u);
}

} // namespace
