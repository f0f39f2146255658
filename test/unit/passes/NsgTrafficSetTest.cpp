//===- NsgTrafficSetTest.cpp - Sets, prefixes, ports and protocols --------===//

#include "passes/NsgTrafficSet.h"

#include <gtest/gtest.h>

using namespace armor::nsg;

namespace {

IntervalSet address(const char *text, const AddressContext &context = {}) {
  AtomTable atoms;
  std::optional<IntervalSet> set = parseAddressPrefix(text, atoms, context);
  EXPECT_TRUE(set.has_value()) << text;
  return set.value_or(IntervalSet());
}

TEST(NsgTrafficSetTest, SetAlgebra) {
  IntervalSet a = portSet(10, 20), b = portSet(15, 30);
  IntervalSet u = a;
  u.unite(b);
  EXPECT_EQ(u, portSet(10, 30));
  EXPECT_EQ(a.intersect(b), portSet(15, 20));
  EXPECT_EQ(u.subtract(portSet(12, 13)).intervals().size(), 2u);
  EXPECT_TRUE(u.contains(a));
  EXPECT_FALSE(a.contains(u));
  // Adjacent ranges merge, so equal sets compare equal.
  IntervalSet joined = portSet(0, 9);
  joined.unite(portSet(10, 65535));
  EXPECT_EQ(joined, IntervalSet::full(Dimension::DestinationPort));
}

TEST(NsgTrafficSetTest, Ports) {
  EXPECT_EQ(*parsePortRange("*"), IntervalSet::full(Dimension::SourcePort));
  EXPECT_EQ(*parsePortRange(" 1000 - 2000 "), portSet(1000, 2000));
  EXPECT_EQ(*parsePortRange("65535"), portSet(65535, 65535));
  EXPECT_FALSE(parsePortRange("65536"));
  EXPECT_FALSE(parsePortRange("20-10"));
  EXPECT_FALSE(parsePortRange("http"));
  EXPECT_FALSE(parsePortRange("-1"));
  EXPECT_FALSE(parsePortRange(""));
}

TEST(NsgTrafficSetTest, Protocols) {
  EXPECT_EQ(*parseProtocol("Any"), IntervalSet::full(Dimension::Protocol));
  EXPECT_EQ(*parseProtocol("tcp"), protocolSet(Protocol::Tcp));
  EXPECT_EQ(*parseProtocol("AH"), protocolSet(Protocol::Ah));
  EXPECT_FALSE(parseProtocol("Gre"));
}

TEST(NsgTrafficSetTest, Addresses) {
  // Host bits are ignored; a single address is a /32 or /128.
  EXPECT_EQ(address("10.1.2.3/8"), address("10.0.0.0/8"));
  EXPECT_TRUE(address("10.0.0.0/8").contains(address("10.255.255.255")));
  EXPECT_FALSE(address("10.0.0.0/8").contains(address("11.0.0.0")));
  EXPECT_TRUE(address("2001:DB8::/32").contains(address("2001:db8:0:1::7")));
  EXPECT_TRUE(address("::/0").contains(address("::ffff:10.0.0.1")));
  EXPECT_FALSE(address("::/0").intersects(address("0.0.0.0/0")));
  EXPECT_TRUE(
      address("255.255.255.255/32").contains(address("255.255.255.255")));
  EXPECT_EQ(address("0.0.0.0/0").intervals().size(), 1u);
  AtomTable atoms;
  EXPECT_FALSE(parseAddressPrefix("10.0.0.0/33", atoms, {}));
  EXPECT_FALSE(parseAddressPrefix("10.0.0/8", atoms, {}));
  EXPECT_FALSE(parseAddressPrefix("2001:db8::/129", atoms, {}));
  EXPECT_FALSE(parseAddressPrefix("not a tag!", atoms, {}));
  // `*` and Any hold every address and atom.
  EXPECT_EQ(address("Any"), IntervalSet::full(Dimension::SourceAddress));
}

TEST(NsgTrafficSetTest, TagsAreAtoms) {
  AtomTable atoms;
  AddressContext none;
  IntervalSet storage = *parseAddressPrefix("Storage.WestEurope", atoms, none);
  EXPECT_EQ(storage, *parseAddressPrefix("storage.westeurope", atoms, none));
  EXPECT_FALSE(storage.intersects(allIpAddresses()));
  EXPECT_FALSE(storage.intersects(*parseAddressPrefix("Storage", atoms, none)));
  EXPECT_EQ(*parseAddressPrefix("VIRTUAL_NETWORK", atoms, none),
            *parseAddressPrefix("VirtualNetwork", atoms, none));
  // Internet holds the public addresses, VirtualNetwork the proven space.
  AddressContext vnet;
  vnet.virtualNetwork = address("10.1.0.0/16");
  vnet.anyVirtualNetwork = address("10.1.0.0/16");
  IntervalSet internet = address("Internet", vnet);
  EXPECT_TRUE(internet.contains(address("20.0.0.0/8")));
  EXPECT_TRUE(internet.contains(address("2600::/16")));
  EXPECT_FALSE(internet.intersects(address("10.0.0.0/8")));
  EXPECT_FALSE(internet.intersects(address("203.0.113.0/24")));
  EXPECT_FALSE(internet.intersects(address("fd00::/8")));
  EXPECT_TRUE(address("VirtualNetwork", vnet).contains(address("10.1.2.0/24")));
  EXPECT_FALSE(address("VirtualNetwork").intersects(allIpAddresses()));
}

TEST(NsgTrafficSetTest, PossibleOverlap) {
  AtomTable atoms;
  AddressContext none;
  IntervalSet internetAtom = atomSet(Family::Tag, AtomTable::internet);
  IntervalSet storage = *parseAddressPrefix("Storage", atoms, none);
  // Private addresses may be in any tag but the Internet.
  IntervalSet privateOverlap = possibleOverlap(address("10.0.0.0/8"));
  EXPECT_TRUE(privateOverlap.contains(storage));
  EXPECT_FALSE(privateOverlap.intersects(internetAtom));
  EXPECT_TRUE(possibleOverlap(address("20.0.0.0/8")).contains(internetAtom));
  // A tag may hold any address.
  EXPECT_EQ(possibleOverlap(storage),
            IntervalSet::full(Dimension::SourceAddress));
  // The Internet never overlaps VirtualNetwork or ASGs.
  IntervalSet internetOverlap = possibleOverlap(internetAtom);
  EXPECT_FALSE(internetOverlap.intersects(
      atomSet(Family::Tag, AtomTable::virtualNetwork)));
  EXPECT_FALSE(internetOverlap.intersects(atomSet(Family::Asg, 0)));
  EXPECT_FALSE(internetOverlap.intersects(address("10.0.0.0/8")));
}

} // namespace
