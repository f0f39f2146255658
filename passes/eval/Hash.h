//===- Hash.h - uniqueString(), guid() and base64 as Azure has -*- C++ -*-===//
///
/// \file
/// The deterministic functions whose results name resources: they must be
/// bit-exact with Azure Resource Manager, or every name built from them
/// would differ from the deployed one.
///
/// - `uniqueString(a, b, ...)`: the arguments joined with '-', hashed with
///   the 64-bit MurmurHash variant of Azure's ResourceStack library (two
///   32-bit lanes, seed 0), printed as 13 characters of lowercase base32
///   (RFC 4648 alphabet, the top 5 bits first).
/// - `guid(a, b, ...)`: an RFC 4122 version 5 (SHA-1, name-based) UUID of
///   the arguments joined with '-' in the namespace
///   11fb06fb-712d-4ddd-98c7-e71bbd588830.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_EVAL_HASH_H
#define ARMOR_PASSES_EVAL_HASH_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace armor::eval {

/// The 64-bit hash behind uniqueString() of the UTF-8 bytes of \p data.
uint64_t murmurHash64(llvm::StringRef data);

/// uniqueString() of the already '-'-joined arguments.
std::string computeUniqueString(llvm::StringRef joined);

/// guid() of the already '-'-joined arguments, lowercase 8-4-4-4-12.
std::string computeGuid(llvm::StringRef joined);

/// Standard base64 with padding of the bytes of \p data.
std::string encodeBase64(llvm::StringRef data);

/// Decodes base64 as .NET's Convert.FromBase64String does: whitespace is
/// ignored, padding is required. Returns nullopt on malformed input.
std::optional<std::string> decodeBase64(llvm::StringRef text);

} // namespace armor::eval

#endif // ARMOR_PASSES_EVAL_HASH_H
