//===- Hash.cpp - uniqueString(), guid() and base64 as Azure computes them ===//

#include "passes/eval/Hash.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SHA1.h"

#include <array>

using namespace armor;
using namespace armor::eval;

static uint32_t rotl32(uint32_t x, unsigned r) {
  return (x << r) | (x >> (32 - r));
}

/// Reads up to four bytes little-endian.
static uint32_t readLE(const unsigned char *p, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i != n; ++i)
    v |= static_cast<uint32_t>(p[i]) << (8 * i);
  return v;
}

static uint32_t fmix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85EBCA6Bu;
  h ^= h >> 13;
  h *= 0xC2B2AE35u;
  h ^= h >> 16;
  return h;
}

uint64_t armor::eval::murmurHash64(llvm::StringRef data) {
  constexpr uint32_t c1 = 0x239B961Bu; // 597399067
  constexpr uint32_t c2 = 0xAB0E9789u; // 2869860233
  const auto *bytes = reinterpret_cast<const unsigned char *>(data.data());
  size_t length = data.size();
  uint32_t h1 = 0, h2 = 0;
  size_t i = 0;
  for (; i + 8 <= length; i += 8) {
    uint32_t k1 = readLE(bytes + i, 4);
    uint32_t k2 = readLE(bytes + i + 4, 4);
    k1 *= c1;
    k1 = rotl32(k1, 15);
    k1 *= c2;
    h1 ^= k1;
    h1 = rotl32(h1, 19);
    h1 += h2;
    h1 = h1 * 5 + 0x561CCD1Bu;
    k2 *= c2;
    k2 = rotl32(k2, 17);
    k2 *= c1;
    h2 ^= k2;
    h2 = rotl32(h2, 13);
    h2 += h1;
    h2 = h2 * 5 + 0x0BCAA747u;
  }
  size_t tail = length - i;
  if (tail > 0) {
    uint32_t k1 = readLE(bytes + i, tail < 4 ? tail : 4);
    k1 *= c1;
    k1 = rotl32(k1, 15);
    k1 *= c2;
    h1 ^= k1;
    if (tail > 4) {
      uint32_t k2 = readLE(bytes + i + 4, tail - 4);
      k2 *= c2;
      k2 = rotl32(k2, 17);
      k2 *= c1;
      h2 ^= k2;
    }
  }
  h1 ^= static_cast<uint32_t>(length);
  h2 ^= static_cast<uint32_t>(length);
  h1 += h2;
  h2 += h1;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h1 += h2;
  h2 += h1;
  return (static_cast<uint64_t>(h2) << 32) | h1;
}

std::string armor::eval::computeUniqueString(llvm::StringRef joined) {
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  uint64_t h = murmurHash64(joined);
  std::string out;
  for (int i = 0; i != 13; ++i) {
    out += alphabet[h >> 59];
    h <<= 5;
  }
  return out;
}

std::string armor::eval::computeGuid(llvm::StringRef joined) {
  // The namespace in network byte order, as RFC 4122 hashes it.
  static const uint8_t ns[16] = {0x11, 0xfb, 0x06, 0xfb, 0x71, 0x2d,
                                 0x4d, 0xdd, 0x98, 0xc7, 0xe7, 0x1b,
                                 0xbd, 0x58, 0x88, 0x30};
  llvm::SHA1 sha;
  sha.update(llvm::ArrayRef<uint8_t>(ns, sizeof(ns)));
  sha.update(joined);
  std::array<uint8_t, 20> digest = sha.final();
  digest[6] = (digest[6] & 0x0F) | 0x50; // version 5
  digest[8] = (digest[8] & 0x3F) | 0x80; // RFC 4122 variant
  std::string out;
  for (int i = 0; i != 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      out += '-';
    out += llvm::hexdigit(digest[i] >> 4, /*LowerCase=*/true);
    out += llvm::hexdigit(digest[i] & 0xF, /*LowerCase=*/true);
  }
  return out;
}

std::string armor::eval::encodeBase64(llvm::StringRef data) {
  static const char table[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<unsigned char>(data[k]); };
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += table[v & 63];
  }
  if (data.size() - i == 1) {
    uint32_t v = byte(i) << 16;
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += "==";
  } else if (data.size() - i == 2) {
    uint32_t v = (byte(i) << 16) | (byte(i + 1) << 8);
    out += table[(v >> 18) & 63];
    out += table[(v >> 12) & 63];
    out += table[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

static int decodeChar(char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

std::optional<std::string> armor::eval::decodeBase64(llvm::StringRef text) {
  std::string chars;
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
      chars += c;
  if (chars.size() % 4 != 0)
    return std::nullopt;
  std::string out;
  for (size_t i = 0; i < chars.size(); i += 4) {
    int v[4];
    unsigned padding = 0;
    for (int k = 0; k != 4; ++k) {
      char c = chars[i + k];
      if (c == '=') {
        // Padding only at the very end, at most two.
        if (i + 4 != chars.size() || k < 2)
          return std::nullopt;
        v[k] = 0;
        ++padding;
        continue;
      }
      if (padding)
        return std::nullopt;
      v[k] = decodeChar(c);
      if (v[k] < 0)
        return std::nullopt;
    }
    uint32_t triple = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
    out += static_cast<char>((triple >> 16) & 0xFF);
    if (padding < 2)
      out += static_cast<char>((triple >> 8) & 0xFF);
    if (padding < 1)
      out += static_cast<char>(triple & 0xFF);
  }
  return out;
}
