//===- NsgTrafficSet.cpp - Exact sets of NSG traffic ----------------------===//

#include "passes/NsgTrafficSet.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <arpa/inet.h>

using namespace armor::nsg;
using llvm::StringRef;

StringRef armor::nsg::getDimensionName(Dimension dim) {
  switch (dim) {
  case Dimension::Protocol:
    return "protocol";
  case Dimension::DestinationPort:
    return "destination port";
  case Dimension::SourceAddress:
    return "source address";
  case Dimension::DestinationAddress:
    return "destination address";
  case Dimension::SourcePort:
    return "source port";
  }
  llvm_unreachable("covered switch");
}

bool armor::nsg::isAddressDimension(Dimension dim) {
  return dim == Dimension::SourceAddress ||
         dim == Dimension::DestinationAddress;
}

//===----------------------------------------------------------------------===//
// IntervalSet
//===----------------------------------------------------------------------===//

static Uint128 getFamilyMax(Family family) {
  switch (family) {
  case Family::IPv4:
    return 0xffffffffu;
  case Family::IPv6:
    return ~Uint128(0);
  case Family::Tag:
  case Family::Asg:
  case Family::End:
    return ~uint64_t(0);
  }
  llvm_unreachable("covered switch");
}

/// The point after \p family's value \p v, rolling over into the next
/// family so that every boundary has exactly one representation.
static Coord getSuccessor(Family family, Uint128 v) {
  if (v == getFamilyMax(family))
    return {static_cast<Family>(static_cast<uint8_t>(family) + 1), 0};
  return {family, v + 1};
}

IntervalSet IntervalSet::of(Coord begin, Coord end) {
  IntervalSet set;
  set.add(begin, end);
  return set;
}

IntervalSet IntervalSet::range(Family family, Uint128 lo, Uint128 hi) {
  assert(lo <= hi && "empty range");
  return of({family, lo}, getSuccessor(family, hi));
}

IntervalSet IntervalSet::full(Dimension dim) {
  switch (dim) {
  case Dimension::Protocol:
    return of({Family::IPv4, 0}, {Family::IPv4, numProtocols});
  case Dimension::SourcePort:
  case Dimension::DestinationPort:
    return of({Family::IPv4, 0}, {Family::IPv4, 65536});
  case Dimension::SourceAddress:
  case Dimension::DestinationAddress:
    return of({Family::IPv4, 0}, {Family::End, 0});
  }
  llvm_unreachable("covered switch");
}

void IntervalSet::add(Coord begin, Coord end) {
  if (!(begin < end))
    return;
  IntervalSet single;
  single.parts.push_back({begin, end});
  unite(single);
}

void IntervalSet::unite(const IntervalSet &other) {
  if (other.parts.empty())
    return;
  std::vector<Interval> merged;
  merged.reserve(parts.size() + other.parts.size());
  auto a = parts.begin(), aEnd = parts.end();
  auto b = other.parts.begin(), bEnd = other.parts.end();
  while (a != aEnd || b != bEnd) {
    const Interval &next =
        (b == bEnd || (a != aEnd && a->begin < b->begin)) ? *a++ : *b++;
    if (!merged.empty() && next.begin <= merged.back().end) {
      if (merged.back().end < next.end)
        merged.back().end = next.end;
      continue;
    }
    merged.push_back(next);
  }
  parts = std::move(merged);
}

IntervalSet IntervalSet::intersect(const IntervalSet &other) const {
  IntervalSet result;
  auto a = parts.begin(), b = other.parts.begin();
  while (a != parts.end() && b != other.parts.end()) {
    Coord begin = std::max(a->begin, b->begin);
    Coord end = std::min(a->end, b->end);
    if (begin < end)
      result.parts.push_back({begin, end});
    if (a->end < b->end)
      ++a;
    else
      ++b;
  }
  return result;
}

IntervalSet IntervalSet::subtract(const IntervalSet &other) const {
  IntervalSet result;
  auto b = other.parts.begin();
  for (Interval cur : parts) {
    while (b != other.parts.end() && b->end <= cur.begin)
      ++b;
    auto c = b;
    while (c != other.parts.end() && c->begin < cur.end) {
      if (cur.begin < c->begin)
        result.parts.push_back({cur.begin, c->begin});
      if (cur.begin < c->end)
        cur.begin = c->end;
      if (cur.end <= c->end)
        break;
      ++c;
    }
    if (cur.begin < cur.end)
      result.parts.push_back(cur);
  }
  return result;
}

bool IntervalSet::intersects(const IntervalSet &other) const {
  auto a = parts.begin(), b = other.parts.begin();
  while (a != parts.end() && b != other.parts.end()) {
    if (std::max(a->begin, b->begin) < std::min(a->end, b->end))
      return true;
    if (a->end < b->end)
      ++a;
    else
      ++b;
  }
  return false;
}

bool IntervalSet::contains(const IntervalSet &other) const {
  return other.subtract(*this).empty();
}

bool IntervalSet::contains(Coord point) const {
  auto it = llvm::upper_bound(
      parts, point, [](Coord p, const Interval &i) { return p < i.begin; });
  if (it == parts.begin())
    return false;
  --it;
  return point < it->end;
}

namespace armor::nsg {
bool operator==(const IntervalSet &a, const IntervalSet &b) {
  return a.parts.size() == b.parts.size() &&
         std::equal(a.parts.begin(), a.parts.end(), b.parts.begin(),
                    [](const Interval &x, const Interval &y) {
                      return x.begin == y.begin && x.end == y.end;
                    });
}
} // namespace armor::nsg

TrafficSet armor::nsg::fullTraffic() {
  TrafficSet set;
  for (unsigned d = 0; d != numDimensions; ++d)
    set[d] = IntervalSet::full(static_cast<Dimension>(d));
  return set;
}

bool armor::nsg::isEmpty(const TrafficSet &set) {
  return llvm::any_of(set, [](const IntervalSet &s) { return s.empty(); });
}

bool armor::nsg::intersects(const TrafficSet &a, const TrafficSet &b) {
  for (unsigned d = 0; d != numDimensions; ++d)
    if (!a[d].intersects(b[d]))
      return false;
  return true;
}

//===----------------------------------------------------------------------===//
// Protocols and ports
//===----------------------------------------------------------------------===//

StringRef armor::nsg::getProtocolName(Protocol protocol) {
  switch (protocol) {
  case Protocol::Tcp:
    return "Tcp";
  case Protocol::Udp:
    return "Udp";
  case Protocol::Icmp:
    return "Icmp";
  case Protocol::Esp:
    return "Esp";
  case Protocol::Ah:
    return "Ah";
  }
  llvm_unreachable("covered switch");
}

IntervalSet armor::nsg::protocolSet(Protocol protocol) {
  return IntervalSet::range(Family::IPv4, static_cast<unsigned>(protocol),
                            static_cast<unsigned>(protocol));
}

std::optional<IntervalSet> armor::nsg::parseProtocol(StringRef text) {
  text = text.trim();
  if (text == "*" || text.equals_insensitive("any"))
    return IntervalSet::full(Dimension::Protocol);
  for (unsigned p = 0; p != numProtocols; ++p)
    if (text.equals_insensitive(getProtocolName(static_cast<Protocol>(p))))
      return protocolSet(static_cast<Protocol>(p));
  return std::nullopt;
}

IntervalSet armor::nsg::portSet(unsigned lo, unsigned hi) {
  return IntervalSet::range(Family::IPv4, lo, hi);
}

static std::optional<unsigned> parsePort(StringRef text) {
  text = text.trim();
  unsigned port;
  if (text.empty() || !llvm::all_of(text, llvm::isDigit) ||
      text.getAsInteger(10, port) || port > 65535)
    return std::nullopt;
  return port;
}

std::optional<IntervalSet> armor::nsg::parsePortRange(StringRef text) {
  text = text.trim();
  if (text == "*")
    return IntervalSet::full(Dimension::DestinationPort);
  auto [first, second] = text.split('-');
  std::optional<unsigned> lo = parsePort(first);
  std::optional<unsigned> hi = text.contains('-') ? parsePort(second) : lo;
  if (!lo || !hi || *lo > *hi)
    return std::nullopt;
  return portSet(*lo, *hi);
}

//===----------------------------------------------------------------------===//
// Addresses
//===----------------------------------------------------------------------===//

AtomTable::AtomTable() {
  getTag("Internet");
  getTag("VirtualNetwork");
  getTag("AzureLoadBalancer");
  tags["internet"] = internet;
  tags["virtual_network"] = virtualNetwork;
  tags["azure_loadbalancer"] = azureLoadBalancer;
}

uint64_t AtomTable::getTag(StringRef name) {
  auto [it, inserted] = tags.try_emplace(name.lower(), tagNames.size());
  if (inserted)
    tagNames.push_back(name.str());
  return it->second;
}

uint64_t AtomTable::getAsg(StringRef key) {
  auto [it, inserted] = asgs.try_emplace(key.lower(), asgNames.size());
  if (inserted)
    asgNames.push_back(key.str());
  return it->second;
}

StringRef AtomTable::getName(Family family, uint64_t id) const {
  const std::vector<std::string> &names =
      family == Family::Asg ? asgNames : tagNames;
  return id < names.size() ? StringRef(names[id]) : StringRef();
}

IntervalSet armor::nsg::atomSet(Family family, uint64_t id) {
  return IntervalSet::range(family, id, id);
}

IntervalSet armor::nsg::allIpAddresses() {
  return IntervalSet::of({Family::IPv4, 0}, {Family::Tag, 0});
}

static Uint128 getIPv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return (uint32_t(a) << 24) | (uint32_t(b) << 16) | (uint32_t(c) << 8) | d;
}

static IntervalSet getCidr(Family family, Uint128 base, unsigned length) {
  unsigned bits = family == Family::IPv4 ? 32 : 128;
  Uint128 hostMask =
      length >= bits ? Uint128(0) : (~Uint128(0) >> (128 - bits + length));
  if (family == Family::IPv4)
    hostMask &= 0xffffffffu;
  Uint128 lo = base & ~hostMask;
  if (family == Family::IPv4)
    lo &= 0xffffffffu;
  return IntervalSet::range(family, lo, lo | hostMask);
}

IntervalSet armor::nsg::publicIpAddresses() {
  static const IntervalSet publicSet = [] {
    struct Block {
      uint8_t a, b, c, d;
      unsigned length;
    };
    static const Block special[] = {
        {0, 0, 0, 0, 8},     {10, 0, 0, 0, 8},      {100, 64, 0, 0, 10},
        {127, 0, 0, 0, 8},   {169, 254, 0, 0, 16},  {172, 16, 0, 0, 12},
        {192, 0, 0, 0, 24},  {192, 0, 2, 0, 24},    {192, 168, 0, 0, 16},
        {198, 18, 0, 0, 15}, {198, 51, 100, 0, 24}, {203, 0, 113, 0, 24},
        {224, 0, 0, 0, 4},   {240, 0, 0, 0, 4}};
    IntervalSet v4 = IntervalSet::range(Family::IPv4, 0, 0xffffffffu);
    for (const Block &block : special)
      v4 = v4.subtract(getCidr(Family::IPv4,
                               getIPv4(block.a, block.b, block.c, block.d),
                               block.length));
    // 2000::/3 (global unicast) without 2001:db8::/32 (documentation).
    IntervalSet v6 = getCidr(Family::IPv6, Uint128(0x2000) << 112, 3);
    v6 = v6.subtract(getCidr(Family::IPv6, Uint128(0x20010db8) << 96, 32));
    v4.unite(v6);
    return v4;
  }();
  return publicSet;
}

IntervalSet armor::nsg::internetAddresses(const AddressContext &context) {
  return publicIpAddresses().subtract(context.anyVirtualNetwork);
}

static std::optional<unsigned> parsePrefixLength(StringRef text, unsigned max) {
  unsigned length;
  if (text.empty() || !llvm::all_of(text, llvm::isDigit) ||
      text.getAsInteger(10, length) || length > max)
    return std::nullopt;
  return length;
}

static std::optional<IntervalSet> parseIpPrefix(StringRef text) {
  auto [address, length] = text.split('/');
  bool hasLength = text.contains('/');
  std::string addressText = address.trim().str();
  if (addressText.find(':') != std::string::npos) {
    unsigned char bytes[16];
    if (inet_pton(AF_INET6, addressText.c_str(), bytes) != 1)
      return std::nullopt;
    Uint128 value = 0;
    for (unsigned char byte : bytes)
      value = (value << 8) | byte;
    std::optional<unsigned> bits =
        hasLength ? parsePrefixLength(length.trim(), 128) : 128u;
    if (!bits)
      return std::nullopt;
    return getCidr(Family::IPv6, value, *bits);
  }
  unsigned char bytes[4];
  if (inet_pton(AF_INET, addressText.c_str(), bytes) != 1)
    return std::nullopt;
  std::optional<unsigned> bits =
      hasLength ? parsePrefixLength(length.trim(), 32) : 32u;
  if (!bits)
    return std::nullopt;
  return getCidr(Family::IPv4, getIPv4(bytes[0], bytes[1], bytes[2], bytes[3]),
                 *bits);
}

static bool isTagName(StringRef text) {
  return !text.empty() && llvm::isAlpha(text.front()) &&
         llvm::all_of(text, [](char c) {
           return llvm::isAlnum(c) || c == '.' || c == '_' || c == '-';
         });
}

std::optional<IntervalSet>
armor::nsg::parseAddressPrefix(StringRef text, AtomTable &atoms,
                               const AddressContext &context) {
  text = text.trim();
  if (text == "*" || text.equals_insensitive("any"))
    return IntervalSet::full(Dimension::SourceAddress);
  if (!text.empty() && (llvm::isDigit(text.front()) || text.contains(':')))
    return parseIpPrefix(text);
  if (!isTagName(text))
    return std::nullopt;
  uint64_t id = atoms.getTag(text);
  IntervalSet set = atomSet(Family::Tag, id);
  if (id == AtomTable::internet)
    set.unite(internetAddresses(context));
  else if (id == AtomTable::virtualNetwork)
    set.unite(context.virtualNetwork);
  return set;
}

IntervalSet armor::nsg::possibleOverlap(const IntervalSet &set) {
  IntervalSet full = IntervalSet::full(Dimension::SourceAddress);
  if (set == full)
    return full;
  IntervalSet allAtoms = IntervalSet::of({Family::Tag, 0}, {Family::End, 0});
  IntervalSet internetAtom = atomSet(Family::Tag, AtomTable::internet);
  IntervalSet vnetAtom = atomSet(Family::Tag, AtomTable::virtualNetwork);
  IntervalSet result = set;
  IntervalSet ips = set.intersect(allIpAddresses());
  if (!ips.empty()) {
    // Every atom may hold these addresses; the Internet only public ones.
    if (ips.intersects(publicIpAddresses()))
      result.unite(allAtoms);
    else
      result.unite(allAtoms.subtract(internetAtom));
  }
  IntervalSet atoms = set.intersect(allAtoms);
  for (const Interval &part : atoms.intervals()) {
    bool isAsg = part.begin.family == Family::Asg;
    // A run of atoms this long only comes from sets close to `*`.
    if (part.end.family != part.begin.family ||
        part.end.value - part.begin.value > 1024)
      return full;
    for (Uint128 id = part.begin.value; id < part.end.value; ++id) {
      if (!isAsg && id == AtomTable::internet) {
        result.unite(publicIpAddresses());
        IntervalSet tags = IntervalSet::of({Family::Tag, 0}, {Family::Asg, 0});
        result.unite(tags.subtract(vnetAtom));
        continue;
      }
      if (isAsg || id == AtomTable::virtualNetwork) {
        result.unite(allIpAddresses());
        result.unite(allAtoms.subtract(internetAtom));
        continue;
      }
      // Any other tag may hold any address and overlap any other atom.
      return full;
    }
  }
  return result;
}
