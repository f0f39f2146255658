//===- Text.h - .NET string semantics for the function library --*- C++ -*-===//
///
/// \file
/// ARM runs on .NET: string lengths and indexes count UTF-16 code units,
/// case-insensitive comparisons use the invariant culture, and `format()`
/// is .NET's composite formatting. These helpers give those semantics over
/// the UTF-8 strings of the IR.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_EVAL_TEXT_H
#define ARMOR_PASSES_EVAL_TEXT_H

#include "ir/Value.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace armor::eval {

/// A string as .NET sees it: a sequence of UTF-16 code units.
using Utf16 = std::u16string;

/// Converts UTF-8 to UTF-16 (invalid bytes become U+FFFD).
Utf16 toUtf16(llvm::StringRef text);
/// Converts UTF-16 to UTF-8 (lone surrogates become U+FFFD).
std::string fromUtf16(const Utf16 &text);

/// The length in UTF-16 code units.
size_t getUtf16Length(llvm::StringRef text);

/// Invariant-culture lower and upper case (ASCII and Latin-1 letters).
std::string toLowerInvariant(llvm::StringRef text);
std::string toUpperInvariant(llvm::StringRef text);

/// Case-insensitive (invariant culture) search in UTF-16 code units;
/// returns the index or -1. \p last searches from the end.
int64_t findInsensitive(llvm::StringRef haystack, llvm::StringRef needle,
                        bool last);

/// .NET String.Trim(): removes leading and trailing white space.
std::string trimWhitespace(llvm::StringRef text);

/// .NET composite formatting (String.Format with the invariant culture) of
/// \p format with \p args: `{index[,alignment][:formatString]}`, `{{`, `}}`,
/// the standard numeric formats (D, N, F, E, G, X, P, C, R) and custom
/// numeric formats (`0`, `#`, `,`, `.`, `%`). Returns nullopt and sets
/// \p error on a malformed format string or a missing argument.
std::optional<std::string> formatComposite(llvm::StringRef format,
                                           llvm::ArrayRef<ir::Value> args,
                                           std::string &error);

/// Formats one value with a .NET format string (`D3`, `N0`, `x`, `000`).
std::optional<std::string>
formatValue(const ir::Value &value, llvm::StringRef spec, std::string &error);

} // namespace armor::eval

#endif // ARMOR_PASSES_EVAL_TEXT_H
