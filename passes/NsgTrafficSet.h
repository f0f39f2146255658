//===- NsgTrafficSet.h - Exact sets of NSG traffic --------------*- C++ -*-===//
///
/// \file
/// The value domain of the NSG analysis: traffic is a point in
/// protocol x source address x source port x destination address x
/// destination port, and a security rule matches a product of one set per
/// dimension. Each set is a union of disjoint half-open intervals over a
/// totally ordered line of coordinates:
///
/// - protocols are the points 0..4 (Tcp, Udp, Icmp, Esp, Ah);
/// - ports are 0..65535;
/// - addresses are IPv4, then IPv6, then service tags, then application
///   security groups: a tag or ASG is one symbolic point (an "atom") that
///   only itself and `*` contain. `Internet` and `VirtualNetwork` also
///   contain the address ranges proven to belong to them (public addresses
///   outside the known virtual networks; the attached virtual network).
///
/// Parsing is total: text that is not a valid protocol, port range or
/// address yields std::nullopt, which callers model as unknown.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_NSGTRAFFICSET_H
#define ARMOR_PASSES_NSGTRAFFICSET_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace armor::nsg {

using Uint128 = unsigned __int128;

/// The five dimensions of traffic, in the order the analysis decides them.
enum class Dimension : uint8_t {
  Protocol,
  DestinationPort,
  SourceAddress,
  DestinationAddress,
  SourcePort,
};
constexpr unsigned numDimensions = 5;

llvm::StringRef getDimensionName(Dimension dim);
bool isAddressDimension(Dimension dim);

/// The families of points on the address line, in order.
enum class Family : uint8_t { IPv4, IPv6, Tag, Asg, End };

/// A point on a dimension's line. Ports and protocols use family IPv4.
struct Coord {
  Family family = Family::IPv4;
  Uint128 value = 0;

  friend bool operator==(const Coord &a, const Coord &b) {
    return a.family == b.family && a.value == b.value;
  }
  friend bool operator<(const Coord &a, const Coord &b) {
    return a.family != b.family ? a.family < b.family : a.value < b.value;
  }
  friend bool operator<=(const Coord &a, const Coord &b) { return !(b < a); }
};

/// The half-open interval [begin, end).
struct Interval {
  Coord begin;
  Coord end;
};

/// A finite union of intervals, kept sorted, disjoint and non-adjacent so
/// that equal sets have equal representations.
class IntervalSet {
public:
  IntervalSet() = default;
  static IntervalSet of(Coord begin, Coord end);
  /// Every point of \p dim.
  static IntervalSet full(Dimension dim);
  /// The closed integer range [lo, hi] of family \p family; hi may be the
  /// family's last point (the end rolls over into the next family).
  static IntervalSet range(Family family, Uint128 lo, Uint128 hi);

  bool empty() const { return parts.empty(); }
  const std::vector<Interval> &intervals() const { return parts; }

  void add(Coord begin, Coord end);
  void unite(const IntervalSet &other);
  IntervalSet intersect(const IntervalSet &other) const;
  IntervalSet subtract(const IntervalSet &other) const;
  bool intersects(const IntervalSet &other) const;
  bool contains(const IntervalSet &other) const;
  bool contains(Coord point) const;

  friend bool operator==(const IntervalSet &a, const IntervalSet &b);
  friend bool operator!=(const IntervalSet &a, const IntervalSet &b) {
    return !(a == b);
  }

private:
  std::vector<Interval> parts;
};

/// The traffic a rule matches: one set per dimension (indexed by
/// Dimension). An empty set in any dimension means no traffic.
using TrafficSet = std::array<IntervalSet, numDimensions>;

/// Every packet.
TrafficSet fullTraffic();
bool isEmpty(const TrafficSet &set);
bool intersects(const TrafficSet &a, const TrafficSet &b);

/// Protocol points.
enum class Protocol : uint8_t { Tcp, Udp, Icmp, Esp, Ah };
constexpr unsigned numProtocols = 5;
llvm::StringRef getProtocolName(Protocol protocol);
IntervalSet protocolSet(Protocol protocol);

/// Parses `Tcp`, `Udp`, `Icmp`, `Esp`, `Ah`, `*` or `Any`
/// (case-insensitive).
std::optional<IntervalSet> parseProtocol(llvm::StringRef text);
/// Parses `*`, `80` or `1000-2000` (0..65535).
std::optional<IntervalSet> parsePortRange(llvm::StringRef text);
IntervalSet portSet(unsigned lo, unsigned hi);

/// Ids of service tags and ASGs, compared case-insensitively. Internet,
/// VirtualNetwork and AzureLoadBalancer have fixed ids; the legacy names
/// INTERNET, VIRTUAL_NETWORK and AZURE_LOADBALANCER are aliases.
class AtomTable {
public:
  static constexpr uint64_t internet = 0;
  static constexpr uint64_t virtualNetwork = 1;
  static constexpr uint64_t azureLoadBalancer = 2;

  AtomTable();
  uint64_t getTag(llvm::StringRef name);
  uint64_t getAsg(llvm::StringRef key);
  /// The name of a tag or ASG as first seen.
  llvm::StringRef getName(Family family, uint64_t id) const;

private:
  llvm::StringMap<uint64_t> tags, asgs;
  std::vector<std::string> tagNames, asgNames;
};

/// What the deployment proves about the variable service tags.
struct AddressContext {
  /// Addresses proven to be in `VirtualNetwork` (the attached virtual
  /// networks and their peers, intersected over every attachment).
  IntervalSet virtualNetwork;
  /// Addresses of every attached virtual network and peer: excluded from
  /// what counts as the Internet.
  IntervalSet anyVirtualNetwork;
};

/// Every IPv4 and IPv6 address.
IntervalSet allIpAddresses();
/// Globally routable unicast addresses: IPv4 without the special-purpose
/// blocks (RFC 6890: private, shared, loopback, link-local, documentation,
/// benchmarking, multicast, reserved) and IPv6 2000::/3 without
/// documentation space.
IntervalSet publicIpAddresses();
/// The addresses the Internet tag is proven to contain in \p context:
/// public addresses outside the known virtual networks.
IntervalSet internetAddresses(const AddressContext &context);
/// The atom of a tag or ASG as a set.
IntervalSet atomSet(Family family, uint64_t id);

/// Parses one address prefix: `*`/`Any`, an IPv4 or IPv6 address or CIDR
/// (host bits are ignored, as Azure does), or a service tag name. Tags get
/// their atom plus the ranges \p context proves them to contain.
std::optional<IntervalSet> parseAddressPrefix(llvm::StringRef text,
                                              AtomTable &atoms,
                                              const AddressContext &context);

/// The addresses that may share real traffic with \p set when tags and
/// ASGs are what they are in Azure rather than disjoint atoms: a tag may
/// contain any address (the Internet tag only public ones), so a set with
/// addresses may overlap every atom, and a set with atoms may overlap every
/// address. Internet never overlaps VirtualNetwork or an ASG.
IntervalSet possibleOverlap(const IntervalSet &set);

} // namespace armor::nsg

#endif // ARMOR_PASSES_NSGTRAFFICSET_H
