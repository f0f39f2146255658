//===- JsonText.h - JSON text written as it is produced ---------*- C++ -*-===//
///
/// \file
/// A writer that appends JSON text to a raw_ostream value by value, without
/// building a tree, in the layout of nlohmann::json's `dump(2)`: every member
/// and element on its own line, indented by two spaces per level, members as
/// `"key": value`, empty containers as `{}` and `[]`. Strings are escaped as
/// `dump(2, ' ', false, error_handler_t::replace)` escapes them, so the text
/// is byte for byte what nlohmann prints for the same ordered_json tree.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_BACKEND_JSONTEXT_H
#define ARMOR_BACKEND_JSONTEXT_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

namespace armor {

/// Writes one JSON value to a stream, nested calls by nested calls:
/// \code
///   JsonText json(os);
///   json.object([&] {
///     json.attribute("id", rule.id);
///     json.attributeArray("tags", [&] {
///       for (const std::string &tag : rule.tags)
///         json.value(tag);
///     });
///   });
/// \endcode
/// Inside an object every value needs a key first (an attribute* call, or
/// attributeBegin/attributeEnd around it); inside an array it needs none.
/// Debug builds assert that calls nest this way.
///
/// Strings are written as UTF-8. `"`, `\` and control characters are
/// escaped (`\n`, `\u001f`); every ill-formed UTF-8 sequence (a byte that
/// cannot start one, or a start cut short) becomes one U+FFFD.
class JsonText {
public:
  explicit JsonText(llvm::raw_ostream &os) : os(os) {}
  JsonText(const JsonText &) = delete;
  JsonText &operator=(const JsonText &) = delete;

  /// A string.
  void value(llvm::StringRef text);
  /// A string; without this overload a literal would convert to bool.
  void value(const char *text) { value(llvm::StringRef(text)); }
  void value(bool flag);
  void value(uint64_t number);
  void value(unsigned number) { value(static_cast<uint64_t>(number)); }
  void value(std::nullptr_t) { rawValue("null"); }
  /// One complete JSON value, already formatted (a number or a literal).
  void rawValue(llvm::StringRef text);

  void objectBegin();
  void objectEnd();
  void arrayBegin();
  void arrayEnd();
  /// Starts the member \p key of the current object; exactly one value
  /// follows, then attributeEnd().
  void attributeBegin(llvm::StringRef key);
  void attributeEnd();

  template <typename Fn> void object(Fn &&contents) {
    objectBegin();
    contents();
    objectEnd();
  }
  template <typename Fn> void array(Fn &&contents) {
    arrayBegin();
    contents();
    arrayEnd();
  }
  template <typename T> void attribute(llvm::StringRef key, const T &member) {
    attributeBegin(key);
    value(member);
    attributeEnd();
  }
  template <typename Fn>
  void attributeObject(llvm::StringRef key, Fn &&contents) {
    attributeBegin(key);
    object(contents);
    attributeEnd();
  }
  template <typename Fn>
  void attributeArray(llvm::StringRef key, Fn &&contents) {
    attributeBegin(key);
    array(contents);
    attributeEnd();
  }

private:
  struct Scope {
    bool isObject;
    bool isEmpty = true;
  };

  /// Everything a value writes before its first character.
  void beginValue();
  /// The separator and indentation of the next member or element.
  void beginItem();
  /// Closes the innermost scope with \p close, '}' or ']'.
  void endScope(char close);
  void writeString(llvm::StringRef text);

  llvm::raw_ostream &os;
  llvm::SmallVector<Scope, 8> scopes;
  /// A key was written and its value has not started yet.
  bool afterKey = false;
};

} // namespace armor

#endif // ARMOR_BACKEND_JSONTEXT_H
