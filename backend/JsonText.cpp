//===- JsonText.cpp - JSON text written as it is produced -----------------===//

#include "backend/JsonText.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/bit.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cassert>
#include <utility>

using namespace armor;

static constexpr unsigned IndentWidth = 2;

void JsonText::beginItem() {
  Scope &scope = scopes.back();
  os << (scope.isEmpty ? "\n" : ",\n");
  scope.isEmpty = false;
  os.indent(IndentWidth * scopes.size());
}

void JsonText::beginValue() {
  if (afterKey) {
    afterKey = false;
    return;
  }
  if (scopes.empty())
    return;
  assert(!scopes.back().isObject && "a value in an object needs a key");
  beginItem();
}

void JsonText::value(llvm::StringRef text) {
  beginValue();
  writeString(text);
}

void JsonText::value(bool flag) { rawValue(flag ? "true" : "false"); }

void JsonText::value(uint64_t number) {
  beginValue();
  os << number;
}

void JsonText::rawValue(llvm::StringRef text) {
  beginValue();
  os << text;
}

void JsonText::objectBegin() {
  beginValue();
  os << '{';
  scopes.push_back({/*isObject=*/true});
}

void JsonText::arrayBegin() {
  beginValue();
  os << '[';
  scopes.push_back({/*isObject=*/false});
}

void JsonText::endScope(char close) {
  assert(!scopes.empty() && scopes.back().isObject == (close == '}') &&
         "unbalanced begin and end");
  assert(!afterKey && "a key without a value");
  bool isEmpty = scopes.back().isEmpty;
  scopes.pop_back();
  if (!isEmpty) {
    os << '\n';
    os.indent(IndentWidth * scopes.size());
  }
  os << close;
}

void JsonText::objectEnd() { endScope('}'); }

void JsonText::arrayEnd() { endScope(']'); }

void JsonText::attributeBegin(llvm::StringRef key) {
  assert(!scopes.empty() && scopes.back().isObject && !afterKey &&
         "a key outside an object");
  beginItem();
  writeString(key);
  os << ": ";
  afterKey = true;
}

void JsonText::attributeEnd() { assert(!afterKey && "a key without a value"); }

/// The length of the UTF-8 sequence at the start of \p text, whose first
/// byte is not ASCII, and whether it is well-formed (Unicode table 3-7: no
/// overlong forms, no surrogates, nothing above U+10FFFF). An ill-formed
/// sequence ends before the first byte that cannot continue it; that byte
/// starts the next one. This is how nlohmann's UTF-8 decoder splits bytes,
/// so each ill-formed sequence becomes one U+FFFD here as it does there.
static std::pair<size_t, bool> scanUtf8(llvm::StringRef text) {
  auto lead = static_cast<uint8_t>(text[0]);
  size_t trailing;
  uint8_t low = 0x80, high = 0xBF; // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    trailing = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    trailing = 2;
    if (lead == 0xE0)
      low = 0xA0;
    else if (lead == 0xED)
      high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    trailing = 3;
    if (lead == 0xF0)
      low = 0x90;
    else if (lead == 0xF4)
      high = 0x8F;
  } else {
    return {1, false};
  }
  size_t length = 1;
  for (; trailing != 0; --trailing, ++length) {
    if (length == text.size())
      return {length, false};
    auto byte = static_cast<uint8_t>(text[length]);
    if (byte < low || byte > high)
      return {length, false};
    low = 0x80;
    high = 0xBF;
  }
  return {length, true};
}

/// Writes the escape sequence of \p c: a quote, a backslash or a control
/// character.
static void writeEscape(llvm::raw_ostream &os, char c) {
  switch (c) {
  case '"':
    os << "\\\"";
    return;
  case '\\':
    os << "\\\\";
    return;
  case '\b':
    os << "\\b";
    return;
  case '\t':
    os << "\\t";
    return;
  case '\n':
    os << "\\n";
    return;
  case '\f':
    os << "\\f";
    return;
  case '\r':
    os << "\\r";
    return;
  }
  // nlohmann writes the other control characters as "\u%04x".
  os << "\\u00"
     << llvm::hexdigit(static_cast<uint8_t>(c) >> 4, /*LowerCase=*/true)
     << llvm::hexdigit(c & 0xF, /*LowerCase=*/true);
}

void JsonText::writeString(llvm::StringRef text) {
  os << '"';
  // Bytes are copied in runs; only escapes and replacements end a run.
  size_t run = 0;
  for (size_t i = 0, e = text.size(); i != e;) {
#if defined(__SSE2__)
    // Skip 16 plain bytes at a time: none below 0x20, none at or above
    // 0x80 (signed: negative), no '"' and no '\\'.
    while (i + 16 <= e) {
      __m128i block =
          _mm_loadu_si128(reinterpret_cast<const __m128i *>(text.data() + i));
      __m128i special =
          _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(block, _mm_set1_epi8(0x20)),
                                    _mm_cmpeq_epi8(block, _mm_set1_epi8('"'))),
                       _mm_cmpeq_epi8(block, _mm_set1_epi8('\\')));
      if (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(special))) {
        i += llvm::countr_zero(mask);
        break;
      }
      i += 16;
    }
    if (i == e)
      break;
#endif
    char c = text[i];
    auto byte = static_cast<uint8_t>(c);
    if (byte >= 0x80) {
      auto [length, isValid] = scanUtf8(text.drop_front(i));
      if (!isValid) {
        os << text.slice(run, i) << "\xEF\xBF\xBD";
        run = i + length;
      }
      i += length;
      continue;
    }
    if (byte >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    os << text.slice(run, i);
    writeEscape(os, c);
    run = ++i;
  }
  os << text.drop_front(run) << '"';
}
