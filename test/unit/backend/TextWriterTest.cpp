//===- TextWriterTest.cpp - Tests of the clang-style text backend ---------===//

#include "backend/Report.h"

#include <gtest/gtest.h>

#include <string>

using namespace armor;

namespace {

/// A report over one small file with a tab, multi-byte UTF-8 and a wide
/// character, to which tests add diagnostics.
class TextWriterTest : public ::testing::Test {
protected:
  void SetUp() override {
    file = sources.addFile("infra/main.bicep", contents);
    report.sources = &sources;
    InputResult input;
    input.path = "infra/main.bicep";
    input.file = file;
    report.inputs.push_back(std::move(input));
  }

  /// The range of the first occurrence of \p text in the file.
  SourceRange find(llvm::StringRef text) const {
    size_t pos = llvm::StringRef(contents).find(text);
    EXPECT_NE(pos, llvm::StringRef::npos) << text.str();
    return {file, static_cast<uint32_t>(pos),
            static_cast<uint32_t>(pos + text.size())};
  }

  Diagnostic &add(Diagnostic diag) {
    report.inputs[0].diagnostics.push_back(std::move(diag));
    return report.inputs[0].diagnostics.back();
  }

  static Diagnostic makeDiag(SourceRange range, Level level,
                             std::string message) {
    Diagnostic diag;
    diag.ruleId = "nsg-shadowed-rule";
    diag.level = level;
    diag.range = range;
    diag.message = std::move(message);
    return diag;
  }

  std::string write(const TextOptions &options = {}) const {
    std::string out;
    llvm::raw_string_ostream os(out);
    writeText(os, report, options);
    return out;
  }

  const std::string contents = "param x string\n"
                               "\tname: 'caf\xC3\xA9 \xE6\x97\xA5' // ok\n"
                               "  priority: 200\r\n"
                               "}";
  SourceManager sources;
  FileId file = 0;
  Report report;
};

} // namespace

TEST_F(TextWriterTest, CaretUnderMultiByteTextAfterTab) {
  // "'café 日'" is 8 code points; 日 is two columns wide.
  add(makeDiag(find("'caf\xC3\xA9 \xE6\x97\xA5'"), Level::Warning,
               "security rule 'allow-web' can never match"));
  EXPECT_EQ(write(), "infra/main.bicep:2:8: warning: security rule "
                     "'allow-web' can never match [nsg-shadowed-rule]\n"
                     "\tname: 'caf\xC3\xA9 \xE6\x97\xA5' // ok\n"
                     "\t      ^~~~~~~~~\n");
}

TEST_F(TextWriterTest, CaretAfterMultiByteText) {
  // "ok" follows é and 日: its column counts code points, its caret display
  // columns.
  add(makeDiag(find("ok"), Level::Error, "bad"));
  EXPECT_EQ(write(), "infra/main.bicep:2:20: error: bad [nsg-shadowed-rule]\n"
                     "\tname: 'caf\xC3\xA9 \xE6\x97\xA5' // ok\n"
                     "\t                   ^~\n");
}

TEST_F(TextWriterTest, NotesFollowWithTheirSnippets) {
  Diagnostic &diag = add(makeDiag(find("priority"), Level::Warning,
                                  "security rule can never match"));
  diag.related.push_back({find("param"), "covered by rule 'deny-all'"});
  EXPECT_EQ(write(), "infra/main.bicep:3:3: warning: security rule can never "
                     "match [nsg-shadowed-rule]\n"
                     "  priority: 200\n"
                     "  ^~~~~~~~\n"
                     "infra/main.bicep:1:1: note: covered by rule 'deny-all'\n"
                     "param x string\n"
                     "^~~~~\n");
}

TEST_F(TextWriterTest, MultiLineRangeIsUnderlinedToTheEndOfItsFirstLine) {
  SourceRange range = find("priority");
  range.end = contents.size();
  add(makeDiag(range, Level::Note, "spans lines"));
  EXPECT_EQ(write(), "infra/main.bicep:3:3: note: spans lines "
                     "[nsg-shadowed-rule]\n"
                     "  priority: 200\n"
                     "  ^~~~~~~~~~~~~\n");
}

TEST_F(TextWriterTest, EmptyRangeAndEndOfLine) {
  SourceRange atNewline = find("\n");
  atNewline.end = atNewline.begin;
  add(makeDiag(atNewline, Level::Error, "expected a value"));
  SourceRange atEnd{file, static_cast<uint32_t>(contents.size()),
                    static_cast<uint32_t>(contents.size())};
  add(makeDiag(atEnd, Level::Error, "unexpected end of file"));
  EXPECT_EQ(write(), "infra/main.bicep:1:15: error: expected a value "
                     "[nsg-shadowed-rule]\n"
                     "param x string\n"
                     "              ^\n"
                     "infra/main.bicep:4:2: error: unexpected end of file "
                     "[nsg-shadowed-rule]\n"
                     "}\n"
                     " ^\n");
}

TEST_F(TextWriterTest, DiagnosticWithoutLocation) {
  Diagnostic diag = makeDiag(SourceRange(), Level::Error, "cannot read file");
  diag.ruleId = "syntax-error";
  add(std::move(diag));
  EXPECT_EQ(write(), "infra/main.bicep: error: cannot read file "
                     "[syntax-error]\n");
}

TEST_F(TextWriterTest, SuppressedAndOffAreNotPrinted) {
  Diagnostic &suppressed = add(makeDiag(find("param"), Level::Error, "a"));
  suppressed.suppressions.push_back({"inSource", "accepted"});
  add(makeDiag(find("param"), Level::Off, "b"));
  EXPECT_EQ(write(), "");
}

TEST_F(TextWriterTest, NoSnippets) {
  add(makeDiag(find("priority"), Level::Warning, "w"));
  TextOptions options;
  options.showSnippets = false;
  EXPECT_EQ(write(options),
            "infra/main.bicep:3:3: warning: w [nsg-shadowed-rule]\n");
}

TEST_F(TextWriterTest, Summary) {
  TextOptions options;
  options.summary = true;
  options.showSnippets = false;
  EXPECT_EQ(write(options), "");
  add(makeDiag(find("param"), Level::Error, "e1"));
  add(makeDiag(find("param"), Level::Error, "e2"));
  add(makeDiag(find("param"), Level::Warning, "w"));
  EXPECT_EQ(write(options),
            "infra/main.bicep:1:1: error: e1 [nsg-shadowed-rule]\n"
            "infra/main.bicep:1:1: error: e2 [nsg-shadowed-rule]\n"
            "infra/main.bicep:1:1: warning: w [nsg-shadowed-rule]\n"
            "2 errors and 1 warning generated.\n");
  add(makeDiag(find("param"), Level::Note, "n"));
  EXPECT_NE(write(options).find("2 errors, 1 warning and 1 note generated.\n"),
            std::string::npos);
}

TEST_F(TextWriterTest, FailedInputWithoutDiagnostics) {
  InputResult missing;
  missing.path = "missing.json";
  missing.failed = true;
  report.inputs.push_back(std::move(missing));
  EXPECT_EQ(write(), "missing.json: error: input could not be analyzed\n");
}

TEST_F(TextWriterTest, Color) {
  add(makeDiag(find("param"), Level::Warning, "w"));
  TextOptions options;
  options.color = true;
  EXPECT_EQ(write(options),
            "\033[1minfra/main.bicep:1:1: \033[0m\033[0;1;35mwarning: "
            "\033[0m\033[1mw [nsg-shadowed-rule]\033[0m\n"
            "param x string\n"
            "\033[0;1;32m^~~~~\033[0m\n");
}
