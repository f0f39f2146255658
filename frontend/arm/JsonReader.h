//===- JsonReader.h - JSON with source ranges -------------------*- C++ -*-===//
///
/// \file
/// Reads JSON as Azure Resource Manager accepts it into an ir::Value tree in
/// which every value and every object key carries its byte range in the
/// source. Beyond strict JSON it accepts `//` and `/* */` comments, trailing
/// commas, raw newlines inside strings and a UTF-8 byte order mark, as ARM
/// does. Duplicate keys, invalid UTF-8, bad escapes, nesting deeper than
/// the limit, over-long strings and truncated input are syntax errors with
/// the exact range.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_FRONTEND_ARM_JSONREADER_H
#define ARMOR_FRONTEND_ARM_JSONREADER_H

#include "ir/Diagnostic.h"
#include "ir/SourceManager.h"
#include "ir/Value.h"

#include <optional>

namespace armor::arm {

struct JsonReadOptions {
  /// Deepest nesting of arrays and objects accepted. The reader recurses,
  /// using about 0.5 KB of stack per level.
  unsigned maxDepth = 512;
  /// Longest string accepted, in bytes. ARM rejects templates over 4 MB, so
  /// no deployable template holds a longer string.
  size_t maxStringLength = 4u << 20;
};

/// Parses the whole buffer \p file as one JSON document. On malformed input
/// reports a `syntax-error` at the offending range and returns nullopt.
std::optional<ir::Value> readJson(const SourceManager &sm, FileId file,
                                  DiagnosticEngine &diags,
                                  const JsonReadOptions &options = {});

} // namespace armor::arm

#endif // ARMOR_FRONTEND_ARM_JSONREADER_H
