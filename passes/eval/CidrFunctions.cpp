//===- CidrFunctions.cpp - ARM CIDR functions -----------------------------===//
///
/// \file
/// parseCidr, cidrSubnet, cidrHost for IPv4 and IPv6, with the results the
/// Azure documentation shows: IPv4 ranges have a broadcast address and the
/// usable hosts exclude the network and broadcast addresses; IPv6 ranges
/// have no broadcast and their first usable address is the network itself;
/// cidrHost(range, i) is the (i+1)-th address after the network address in
/// both families. IPv6 addresses print in RFC 5952 form. An address without
/// a prefix length gets the classful one (10.0.0.0 is a /8).
///
//===----------------------------------------------------------------------===//

#include "passes/eval/Evaluator.h"
#include "passes/eval/ValueUtil.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace armor;
using namespace armor::eval;
using ir::Member;
using ir::Value;

namespace {

using U128 = unsigned __int128;

struct Cidr {
  bool v6 = false;
  U128 address = 0;
  unsigned prefix = 0;

  unsigned bits() const { return v6 ? 128 : 32; }
  U128 hostMask() const {
    unsigned hostBits = bits() - prefix;
    return hostBits == 128 ? ~U128(0) : (U128(1) << hostBits) - 1;
  }
  U128 allOnes() const { return v6 ? ~U128(0) : U128(0xFFFFFFFFu); }
  U128 mask() const { return allOnes() & ~hostMask(); }
  U128 network() const { return address & mask(); }
  U128 last() const { return network() | hostMask(); }
};

} // namespace

static bool parseIPv4(llvm::StringRef s, uint32_t &out) {
  llvm::SmallVector<llvm::StringRef, 4> parts;
  s.split(parts, '.');
  if (parts.size() != 4)
    return false;
  out = 0;
  for (llvm::StringRef part : parts) {
    unsigned octet = 0;
    if (part.empty() || part.size() > 3 || !llvm::all_of(part, llvm::isDigit) ||
        part.getAsInteger(10, octet) || octet > 255)
      return false;
    out = (out << 8) | octet;
  }
  return true;
}

static bool parseIPv6(llvm::StringRef s, U128 &out) {
  llvm::SmallVector<uint16_t, 8> head, tail;
  bool compressed = false;
  llvm::StringRef rest = s;
  if (rest.starts_with("::")) {
    compressed = true;
    rest = rest.drop_front(2);
  }
  while (!rest.empty()) {
    auto [group, after] = rest.split(':');
    auto &target = compressed ? tail : head;
    if (group.contains('.')) {
      // An embedded IPv4 address ends the address.
      uint32_t v4;
      if (!after.empty() || !parseIPv4(group, v4))
        return false;
      target.push_back(v4 >> 16);
      target.push_back(v4 & 0xFFFF);
      rest = "";
      break;
    }
    unsigned value = 0;
    if (group.empty() || group.size() > 4 || group.getAsInteger(16, value))
      return false;
    target.push_back(static_cast<uint16_t>(value));
    if (after.starts_with(":")) {
      if (compressed)
        return false;
      compressed = true;
      after = after.drop_front();
    }
    rest = after;
    if (rest.empty() && s.ends_with(":") && !s.ends_with("::"))
      return false;
  }
  size_t groups = head.size() + tail.size();
  if ((!compressed && groups != 8) || (compressed && groups > 7))
    return false;
  out = 0;
  for (uint16_t g : head)
    out = (out << 16) | g;
  for (size_t i = groups; i < 8; ++i)
    out <<= 16;
  for (uint16_t g : tail)
    out = (out << 16) | g;
  return true;
}

/// The prefix length of an address written without one: the classful
/// guess of the IPNetwork library ARM uses (10.0.0.0 is a /8, 172.16.0.0 a
/// /16, 192.168.1.0 a /24; IPv6 a /64). Templates that deploy rely on it.
static unsigned guessPrefix(const Cidr &cidr) {
  if (cidr.v6)
    return 64;
  unsigned first = static_cast<unsigned>(cidr.address >> 24);
  if (first < 128)
    return 8;
  if (first < 192)
    return 16;
  if (first < 224)
    return 24;
  return 32;
}

static bool parseCidrText(llvm::StringRef text, Cidr &out) {
  auto [address, prefixText] = text.trim().split('/');
  bool hasPrefix = text.contains('/');
  if (hasPrefix &&
      (prefixText.empty() || !llvm::all_of(prefixText, llvm::isDigit) ||
       prefixText.getAsInteger(10, out.prefix)))
    return false;
  uint32_t v4;
  if (parseIPv4(address, v4)) {
    out.v6 = false;
    out.address = v4;
  } else {
    out.v6 = true;
    if (!parseIPv6(address, out.address))
      return false;
  }
  if (!hasPrefix)
    out.prefix = guessPrefix(out);
  return out.prefix <= out.bits();
}

static std::string formatAddress(U128 address, bool v6) {
  if (!v6) {
    uint32_t a = static_cast<uint32_t>(address);
    return (llvm::Twine(a >> 24) + "." + llvm::Twine((a >> 16) & 0xFF) + "." +
            llvm::Twine((a >> 8) & 0xFF) + "." + llvm::Twine(a & 0xFF))
        .str();
  }
  uint16_t groups[8];
  for (int i = 7; i >= 0; --i) {
    groups[i] = static_cast<uint16_t>(address & 0xFFFF);
    address >>= 16;
  }
  // RFC 5952: compress the longest run (two or more) of zero groups.
  int bestStart = -1, bestLength = 0;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0)
      ++j;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == bestStart) {
      out += "::";
      i += bestLength - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':')
      out += ':';
    out += llvm::utohexstr(groups[i], /*LowerCase=*/true);
  }
  return out;
}

static Value fnParseCidr(CallContext &c) {
  if (!c[0].isString())
    return c.failType(0, "a string");
  Cidr cidr;
  if (!parseCidrText(c[0].getString(), cidr))
    return c.fail("'" + c[0].getString() + "' is not a CIDR range");
  std::vector<Member> members;
  auto add = [&](const char *key, Value v) {
    members.push_back({key, {}, std::move(v)});
  };
  U128 network = cidr.network(), last = cidr.last();
  add("network", Value::string(formatAddress(network, cidr.v6)));
  add("netmask", Value::string(formatAddress(cidr.mask(), cidr.v6)));
  if (!cidr.v6) {
    add("broadcast", Value::string(formatAddress(last, false)));
    bool tiny = cidr.prefix >= 31;
    add("firstUsable",
        Value::string(formatAddress(tiny ? network : network + 1, false)));
    add("lastUsable",
        Value::string(formatAddress(tiny ? last : last - 1, false)));
  } else {
    add("firstUsable", Value::string(formatAddress(network, true)));
    add("lastUsable", Value::string(formatAddress(last, true)));
  }
  add("cidr", Value::integer(cidr.prefix));
  return Value::object(std::move(members));
}

static Value fnCidrSubnet(CallContext &c) {
  if (!c[0].isString())
    return c.failType(0, "a string");
  if (!c[1].isInteger())
    return c.failType(1, "an integer");
  if (!c[2].isInteger())
    return c.failType(2, "an integer");
  Cidr cidr;
  if (!parseCidrText(c[0].getString(), cidr))
    return c.fail("'" + c[0].getString() + "' is not a CIDR range");
  int64_t newPrefix = c[1].getInteger(), index = c[2].getInteger();
  if (newPrefix < cidr.prefix || newPrefix > cidr.bits())
    return c.fail(llvm::Twine("the new prefix length ") +
                  llvm::Twine(newPrefix) + " must be between " +
                  llvm::Twine(cidr.prefix) + " and " +
                  llvm::Twine(cidr.bits()));
  unsigned extraBits = static_cast<unsigned>(newPrefix) - cidr.prefix;
  if (index < 0 || (extraBits < 63 && index >= (int64_t(1) << extraBits)))
    return c.fail(llvm::Twine("subnet index ") + llvm::Twine(index) +
                  " is out of range for " + c[0].getString() + " split into /" +
                  llvm::Twine(newPrefix));
  unsigned hostBits = cidr.bits() - static_cast<unsigned>(newPrefix);
  U128 subnet =
      cidr.network() + (hostBits == 128 ? 0 : U128(index) << hostBits);
  return Value::string(formatAddress(subnet, cidr.v6) + "/" +
                       std::to_string(newPrefix));
}

static Value fnCidrHost(CallContext &c) {
  if (!c[0].isString())
    return c.failType(0, "a string");
  if (!c[1].isInteger())
    return c.failType(1, "an integer");
  Cidr cidr;
  if (!parseCidrText(c[0].getString(), cidr))
    return c.fail("'" + c[0].getString() + "' is not a CIDR range");
  int64_t index = c[1].getInteger();
  U128 lastUsable = cidr.v6 ? cidr.last() : cidr.last() - 1;
  U128 host = cidr.network() + 1 + U128(index < 0 ? 0 : index);
  if (index < 0 || host > lastUsable || host < cidr.network())
    return c.fail(llvm::Twine("host index ") + llvm::Twine(index) +
                  " is out of range for " + c[0].getString());
  return Value::string(formatAddress(host, cidr.v6));
}

static const Builtin cidrBuiltins[] = {
    {"cidrHost", 2, 2, ArgPolicy::Strict, fnCidrHost, nullptr},
    {"cidrSubnet", 3, 3, ArgPolicy::Strict, fnCidrSubnet, nullptr},
    {"parseCidr", 1, 1, ArgPolicy::Strict, fnParseCidr, nullptr},
};

llvm::ArrayRef<Builtin> armor::eval::getCidrBuiltins() { return cidrBuiltins; }
