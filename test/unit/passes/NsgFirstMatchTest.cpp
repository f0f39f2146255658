//===- NsgFirstMatchTest.cpp - First-match analysis against brute force ---===//
///
/// \file
/// Randomized tests of nsg::FirstMatchAnalysis: every verdict and every
/// exposure is checked against packet-by-packet enumeration over a small
/// universe of representative addresses and ports (each representative
/// stands for one class of addresses that every generated prefix treats
/// alike). Membership in the brute force is computed from the prefix
/// strings independently of the analysis' interval sets.
///
//===----------------------------------------------------------------------===//

#include "passes/NsgFirstMatch.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <bitset>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace armor::nsg;

namespace {

//===----------------------------------------------------------------------===//
// The small universe
//===----------------------------------------------------------------------===//

/// A representative address: an IP or an atom (tag or ASG).
struct Rep {
  std::string text; ///< an IP literal, or "tag:Name" / "asg:name"
  bool isPublic = false;
};

const std::vector<Rep> &getAddressReps() {
  static const std::vector<Rep> reps = {{"10.0.0.0"},
                                        {"10.0.0.1"},
                                        {"10.0.0.2"},
                                        {"10.0.0.3"},
                                        {"10.1.0.0"},
                                        {"20.0.0.0", true},
                                        {"20.0.0.1", true},
                                        {"20.1.0.0", true},
                                        {"30.0.0.1", true},
                                        {"192.168.0.1"},
                                        {"2400::", true},
                                        {"2400::1", true},
                                        {"2400::100", true},
                                        {"2600::1", true},
                                        {"fd00::1"},
                                        {"tag:Internet"},
                                        {"tag:VirtualNetwork"},
                                        {"tag:Storage"},
                                        {"tag:AzureLoadBalancer"},
                                        {"tag:Sql"},
                                        {"asg:asg1"},
                                        {"asg:asg2"}};
  return reps;
}

/// Ports 0..3 as themselves, 4 for every port above 3.
constexpr unsigned numPortReps = 5;
/// Sensitive ports checked for exposure.
constexpr unsigned exposedPorts[] = {1, 2};

const char *const protocolNames[] = {"Tcp", "Udp", "Icmp", "Esp", "Ah"};

const char *const addressPool[] = {
    "10.0.0.0/30",    "10.0.0.0/31", "10.0.0.2/31", "10.0.0.0",   "10.0.0.1",
    "10.0.0.2",       "10.0.0.3",    "20.0.0.0/31", "20.0.0.0",   "20.0.0.1",
    "0.0.0.0/0",      "10.0.0.0/8",  "20.0.0.0/8",  "2400::/127", "2400::",
    "2400::1",        "::/0",        "2400::/16",   "*",          "Internet",
    "VirtualNetwork", "Storage",     "asg:asg1",    "asg:asg2"};

const char *const portPool[] = {"*",   "0",   "1",   "2",   "3",
                                "0-1", "1-2", "2-3", "0-3", "1-3"};

/// A rule as text; "asg:x" entries are application security groups.
struct Spec {
  int64_t priority = 0;
  bool allow = true;
  std::string protocol;
  std::vector<std::string> sources, destinations, sourcePorts, destinationPorts;
};

bool parseIp(llvm::StringRef text, std::array<uint8_t, 16> &bytes, bool &isV6) {
  std::string s = text.str();
  isV6 = s.find(':') != std::string::npos;
  bytes = {};
  return inet_pton(isV6 ? AF_INET6 : AF_INET, s.c_str(), bytes.data()) == 1;
}

bool prefixContainsIp(llvm::StringRef prefix, llvm::StringRef ip) {
  auto [address, lengthText] = prefix.split('/');
  std::array<uint8_t, 16> a, b;
  bool aV6, bV6;
  if (!parseIp(address, a, aV6) || !parseIp(ip, b, bV6) || aV6 != bV6)
    return false;
  unsigned length = aV6 ? 128 : 32;
  if (prefix.contains('/'))
    lengthText.getAsInteger(10, length);
  for (unsigned bit = 0; bit != length; ++bit) {
    unsigned byte = bit / 8, shift = 7 - bit % 8;
    if (((a[byte] >> shift) & 1) != ((b[byte] >> shift) & 1))
      return false;
  }
  return true;
}

/// Whether address \p entry of a rule contains representative \p rep, with
/// tags containing the IP representatives \p world assigns them.
bool addressContains(
    llvm::StringRef entry, const Rep &rep,
    const std::map<std::string, std::set<std::string>> &world) {
  llvm::StringRef text = rep.text;
  if (entry == "*")
    return true;
  bool repIsAtom = text.starts_with("tag:") || text.starts_with("asg:");
  bool entryIsIp = !entry.empty() &&
                   (llvm::isDigit(entry.front()) || entry.contains(':')) &&
                   !entry.starts_with("asg:");
  if (entryIsIp)
    return !repIsAtom && prefixContainsIp(entry, text);
  std::string atom =
      entry.starts_with("asg:") ? entry.str() : "tag:" + entry.str();
  if (repIsAtom)
    return text == atom;
  // An IP representative in a tag: Internet holds every public address (a
  // proven fact); any tag may also hold what the world gives it.
  if (atom == "tag:Internet" && rep.isPublic)
    return true;
  auto it = world.find(atom);
  return it != world.end() && it->second.count(rep.text);
}

bool portContains(llvm::StringRef entry, unsigned rep) {
  if (entry == "*")
    return true;
  auto [lo, hi] = entry.split('-');
  unsigned a = 0, b = 0;
  lo.getAsInteger(10, a);
  b = a;
  if (entry.contains('-'))
    hi.getAsInteger(10, b);
  return rep >= a && rep <= b && rep < 4;
}

/// Per dimension and representative: the rules (bits, in priority order)
/// that contain it.
struct Membership {
  std::array<std::vector<uint32_t>, numDimensions> masks;
};

Membership
getMembership(const std::vector<Spec> &sorted,
              const std::map<std::string, std::set<std::string>> &world) {
  Membership m;
  const auto &reps = getAddressReps();
  m.masks[unsigned(Dimension::Protocol)].assign(numProtocols, 0);
  m.masks[unsigned(Dimension::SourcePort)].assign(numPortReps, 0);
  m.masks[unsigned(Dimension::DestinationPort)].assign(numPortReps, 0);
  m.masks[unsigned(Dimension::SourceAddress)].assign(reps.size(), 0);
  m.masks[unsigned(Dimension::DestinationAddress)].assign(reps.size(), 0);
  for (unsigned r = 0; r != sorted.size(); ++r) {
    const Spec &spec = sorted[r];
    uint32_t bit = 1u << r;
    for (unsigned p = 0; p != numProtocols; ++p)
      if (spec.protocol == "*" || spec.protocol == protocolNames[p])
        m.masks[unsigned(Dimension::Protocol)][p] |= bit;
    for (unsigned port = 0; port != numPortReps; ++port) {
      if (llvm::any_of(spec.sourcePorts, [&](const std::string &e) {
            return portContains(e, port);
          }))
        m.masks[unsigned(Dimension::SourcePort)][port] |= bit;
      if (llvm::any_of(spec.destinationPorts, [&](const std::string &e) {
            return portContains(e, port);
          }))
        m.masks[unsigned(Dimension::DestinationPort)][port] |= bit;
    }
    for (unsigned a = 0; a != reps.size(); ++a) {
      if (llvm::any_of(spec.sources, [&](const std::string &e) {
            return addressContains(e, reps[a], world);
          }))
        m.masks[unsigned(Dimension::SourceAddress)][a] |= bit;
      if (llvm::any_of(spec.destinations, [&](const std::string &e) {
            return addressContains(e, reps[a], world);
          }))
        m.masks[unsigned(Dimension::DestinationAddress)][a] |= bit;
    }
  }
  return m;
}

/// What brute force says about each rule (in priority order).
struct Truth {
  std::vector<bool> nonEmpty, reachable;
  std::vector<uint32_t> deciders; ///< bits of the rules deciding it first
  /// Exposure: (port, protocol) -> bits of the allowing rules deciding
  /// public traffic.
  std::map<std::pair<unsigned, unsigned>, uint32_t> exposedBy;
};

/// The distinct membership masks of one dimension, each with the one
/// property exposure needs (a public source, an exposed port, Tcp/Udp).
std::vector<std::pair<uint32_t, int>>
getClasses(const std::vector<uint32_t> &masks,
           llvm::function_ref<int(unsigned)> tag) {
  std::vector<std::pair<uint32_t, int>> classes;
  for (unsigned i = 0; i != masks.size(); ++i) {
    std::pair<uint32_t, int> c{masks[i], tag(i)};
    if (c.first && !llvm::is_contained(classes, c))
      classes.push_back(c);
  }
  return classes;
}

Truth bruteForce(const std::vector<Spec> &sorted, const Membership &m) {
  Truth t;
  size_t n = sorted.size();
  t.nonEmpty.assign(n, false);
  t.reachable.assign(n, false);
  t.deciders.assign(n, 0);
  const auto &reps = getAddressReps();
  // Representatives with equal membership and equal exposure properties
  // are one class: enumerate classes, not representatives.
  auto none = [](unsigned) { return -1; };
  auto protocols = getClasses(m.masks[unsigned(Dimension::Protocol)],
                              [](unsigned p) { return p <= 1 ? int(p) : -1; });
  auto sources =
      getClasses(m.masks[unsigned(Dimension::SourceAddress)],
                 [&](unsigned a) { return reps[a].isPublic ? 1 : 0; });
  auto sourcePorts = getClasses(m.masks[unsigned(Dimension::SourcePort)], none);
  auto destinations =
      getClasses(m.masks[unsigned(Dimension::DestinationAddress)], none);
  auto destinationPorts =
      getClasses(m.masks[unsigned(Dimension::DestinationPort)], [](unsigned p) {
        return llvm::is_contained(exposedPorts, p) ? int(p) : -1;
      });
  for (auto [pm, protocol] : protocols)
    for (auto [sm, isPublic] : sources) {
      uint32_t ps = pm & sm;
      if (!ps)
        continue;
      for (auto [spm, unused] : sourcePorts) {
        uint32_t pss = ps & spm;
        if (!pss)
          continue;
        for (auto [dm, unused2] : destinations) {
          uint32_t psd = pss & dm;
          if (!psd)
            continue;
          for (auto [dpm, port] : destinationPorts) {
            uint32_t mask = psd & dpm;
            if (!mask)
              continue;
            unsigned first = llvm::countr_zero(mask);
            t.reachable[first] = true;
            for (uint32_t rest = mask; rest; rest &= rest - 1) {
              unsigned r = llvm::countr_zero(rest);
              t.nonEmpty[r] = true;
              if (r != first)
                t.deciders[r] |= 1u << first;
            }
            if (protocol >= 0 && isPublic && port >= 0 && sorted[first].allow)
              t.exposedBy[{unsigned(port), unsigned(protocol)}] |= 1u << first;
          }
        }
      }
    }
  return t;
}

//===----------------------------------------------------------------------===//
// Specs to models
//===----------------------------------------------------------------------===//

IntervalSet parseAddressEntry(const std::string &entry, AtomTable &atoms) {
  if (llvm::StringRef(entry).starts_with("asg:"))
    return atomSet(Family::Asg, atoms.getAsg(entry.substr(4)));
  std::optional<IntervalSet> set =
      parseAddressPrefix(entry, atoms, AddressContext());
  EXPECT_TRUE(set.has_value()) << entry;
  return set.value_or(IntervalSet());
}

TrafficSet getTraffic(const Spec &spec, AtomTable &atoms) {
  TrafficSet t;
  t[unsigned(Dimension::Protocol)] = *parseProtocol(spec.protocol);
  for (const std::string &e : spec.sourcePorts)
    t[unsigned(Dimension::SourcePort)].unite(*parsePortRange(e));
  for (const std::string &e : spec.destinationPorts)
    t[unsigned(Dimension::DestinationPort)].unite(*parsePortRange(e));
  for (const std::string &e : spec.sources)
    t[unsigned(Dimension::SourceAddress)].unite(parseAddressEntry(e, atoms));
  for (const std::string &e : spec.destinations)
    t[unsigned(Dimension::DestinationAddress)].unite(
        parseAddressEntry(e, atoms));
  return t;
}

std::vector<Spec> getDefaultSpecs() {
  return {
      {65000, true, "*", {"VirtualNetwork"}, {"VirtualNetwork"}, {"*"}, {"*"}},
      {65001, true, "*", {"AzureLoadBalancer"}, {"*"}, {"*"}, {"*"}},
      {65500, false, "*", {"*"}, {"*"}, {"*"}, {"*"}}};
}

//===----------------------------------------------------------------------===//
// The generator
//===----------------------------------------------------------------------===//

class Generator {
public:
  explicit Generator(uint32_t seed) : rng(seed) {}

  unsigned below(unsigned n) {
    return std::uniform_int_distribution<unsigned>(0, n - 1)(rng);
  }
  bool chance(unsigned percent) { return below(100) < percent; }

  template <size_t N>
  std::vector<std::string> pick(const char *const (&pool)[N],
                                unsigned wildcardPercent) {
    if (chance(wildcardPercent))
      return {"*"};
    std::vector<std::string> list;
    unsigned count = 1 + (chance(30) ? below(3) : 0);
    for (unsigned i = 0; i != count; ++i)
      list.push_back(pool[below(N)]);
    return list;
  }

  Spec rule(int64_t priority) {
    Spec s;
    s.priority = priority;
    s.allow = chance(55);
    s.protocol = chance(40) ? "*" : protocolNames[below(chance(80) ? 2 : 5)];
    s.sources = pick(addressPool, 25);
    s.destinations = pick(addressPool, 35);
    s.sourcePorts = pick(portPool, 80);
    s.destinationPorts = pick(portPool, 25);
    return s;
  }

  /// 1..maxRules rules with distinct priorities, in random declaration
  /// order.
  std::vector<Spec> ruleSet(unsigned maxRules) {
    unsigned n = 1 + below(maxRules);
    std::vector<int64_t> priorities;
    for (unsigned i = 0; i != n; ++i)
      priorities.push_back(100 + 10 * i);
    std::shuffle(priorities.begin(), priorities.end(), rng);
    std::vector<Spec> specs;
    for (int64_t p : priorities)
      specs.push_back(rule(p));
    return specs;
  }

  std::mt19937 rng;
};

/// The rules sorted by priority with the defaults appended; \p index maps
/// a sorted position to the declaration index.
std::vector<Spec> sortSpecs(const std::vector<Spec> &declared,
                            std::vector<unsigned> &index) {
  index.clear();
  for (unsigned i = 0; i != declared.size(); ++i)
    index.push_back(i);
  llvm::sort(index, [&](unsigned a, unsigned b) {
    return declared[a].priority < declared[b].priority;
  });
  std::vector<Spec> sorted;
  for (unsigned i : index)
    sorted.push_back(declared[i]);
  return sorted;
}

uint32_t toSortedBits(llvm::ArrayRef<unsigned> declIndices,
                      const std::vector<unsigned> &position) {
  uint32_t bits = 0;
  for (unsigned d : declIndices)
    bits |= 1u << position[d];
  return bits;
}

//===----------------------------------------------------------------------===//
// Test 1: known rules, atoms as atoms: exact agreement.
//===----------------------------------------------------------------------===//

TEST(NsgFirstMatchTest, RandomRuleSetsMatchBruteForce) {
  Generator gen(20240601);
  const std::map<std::string, std::set<std::string>> pureWorld;
  unsigned shadowed = 0, redundant = 0, reachable = 0, exposures = 0,
           byUnion = 0;
  constexpr unsigned iterations = 10000;
  for (unsigned iter = 0; iter != iterations; ++iter) {
    std::vector<Spec> declared = gen.ruleSet(8);
    for (const Spec &d : getDefaultSpecs())
      declared.push_back(d);
    std::vector<unsigned> index;
    std::vector<Spec> sorted = sortSpecs(declared, index);
    std::vector<unsigned> position(declared.size());
    for (unsigned k = 0; k != index.size(); ++k)
      position[index[k]] = k;

    AtomTable atoms;
    std::vector<RuleModel> models;
    for (const Spec &s : declared) {
      models.push_back(makeKnownRule(s.priority,
                                     s.allow ? accessAllow : accessDeny,
                                     getTraffic(s, atoms)));
      models.back().isDefault = s.priority >= 65000;
    }
    FirstMatchOptions options;
    options.tagOverlap = false;
    // Every other rule set collects garbage nodes after each insertion.
    options.compactionThreshold = iter % 2 ? 0 : options.compactionThreshold;
    FirstMatchAnalysis analysis(models, options);
    Truth truth = bruteForce(sorted, getMembership(sorted, pureWorld));

    for (unsigned k = 0; k != sorted.size(); ++k) {
      unsigned decl = index[k];
      if (models[decl].isDefault)
        continue;
      const RuleVerdict &v = analysis.getVerdict(decl);
      SCOPED_TRACE(testing::Message()
                   << "iteration " << iter << ", rule " << decl << " (priority "
                   << sorted[k].priority << ")");
      ASSERT_TRUE(truth.nonEmpty[k]);
      if (truth.reachable[k]) {
        ASSERT_EQ(v.verdict, Verdict::Reachable);
        ++reachable;
        continue;
      }
      uint32_t opposite = 0;
      for (uint32_t bits = truth.deciders[k]; bits; bits &= bits - 1) {
        unsigned first = llvm::countr_zero(bits);
        if (sorted[first].allow != sorted[k].allow)
          opposite |= 1u << first;
      }
      ASSERT_EQ(toSortedBits(v.deciders, position), truth.deciders[k]);
      byUnion += llvm::popcount(truth.deciders[k]) > 1;
      if (opposite) {
        ASSERT_EQ(v.verdict, Verdict::Shadowed);
        ASSERT_EQ(toSortedBits(v.opposite, position), opposite);
        ++shadowed;
      } else {
        ASSERT_EQ(v.verdict, Verdict::Redundant);
        ++redundant;
      }
    }

    // Exposure: which allow rules decide public traffic to the port.
    for (unsigned port : exposedPorts)
      for (unsigned p = 0; p != 2; ++p) {
        TrafficSet region = fullTraffic();
        region[unsigned(Dimension::Protocol)] =
            protocolSet(static_cast<Protocol>(p));
        region[unsigned(Dimension::DestinationPort)] = portSet(port, port);
        region[unsigned(Dimension::SourceAddress)] = publicIpAddresses();
        uint32_t allowing = 0;
        for (const Outcome &o : analysis.decide(region)) {
          ASSERT_GE(o.decider, 0);
          if (models[o.decider].access == accessAllow)
            allowing |= 1u << position[o.decider];
        }
        SCOPED_TRACE(testing::Message() << "iteration " << iter << ", port "
                                        << port << ", protocol " << p);
        ASSERT_EQ(allowing, (truth.exposedBy[{port, p}]));
        exposures += llvm::popcount(allowing);
      }
  }
  // The generator must exercise every verdict.
  EXPECT_GT(shadowed, iterations / 10);
  EXPECT_GT(redundant, iterations / 10);
  EXPECT_GT(reachable, iterations);
  EXPECT_GT(exposures, iterations / 10);
  EXPECT_GT(byUnion, iterations / 20);
  std::printf("known rule sets: %u shadowed, %u redundant (%u by a union of "
              "rules), %u reachable, %u exposures\n",
              shadowed, redundant, byUnion, reachable, exposures);
}

//===----------------------------------------------------------------------===//
// Test 2: tags may overlap addresses: every claim holds in every world.
//===----------------------------------------------------------------------===//

/// A random world: which IP representatives each tag and ASG also holds
/// (the Internet only public ones).
std::map<std::string, std::set<std::string>> randomWorld(Generator &gen) {
  std::map<std::string, std::set<std::string>> world;
  const char *const atoms[] = {"tag:Internet", "tag:VirtualNetwork",
                               "tag:Storage",  "tag:AzureLoadBalancer",
                               "asg:asg1",     "asg:asg2"};
  for (const char *atom : atoms)
    for (const Rep &rep : getAddressReps()) {
      if (llvm::StringRef(rep.text).contains("tag:") ||
          llvm::StringRef(rep.text).contains("asg:"))
        continue;
      if (llvm::StringRef(atom) == "tag:Internet" && !rep.isPublic)
        continue;
      if (gen.chance(15))
        world[atom].insert(rep.text);
    }
  return world;
}

TEST(NsgFirstMatchTest, TagOverlapClaimsHoldInEveryWorld) {
  Generator gen(777);
  unsigned claims = 0, ambiguous = 0;
  for (unsigned iter = 0; iter != 2000; ++iter) {
    std::vector<Spec> declared = gen.ruleSet(6);
    for (const Spec &d : getDefaultSpecs())
      declared.push_back(d);
    std::vector<unsigned> index;
    std::vector<Spec> sorted = sortSpecs(declared, index);
    std::vector<unsigned> position(declared.size());
    for (unsigned k = 0; k != index.size(); ++k)
      position[index[k]] = k;
    AtomTable atoms;
    std::vector<RuleModel> models;
    for (const Spec &s : declared) {
      models.push_back(makeKnownRule(s.priority,
                                     s.allow ? accessAllow : accessDeny,
                                     getTraffic(s, atoms)));
      models.back().isDefault = s.priority >= 65000;
    }
    FirstMatchAnalysis refined(models);
    FirstMatchOptions pureOptions;
    pureOptions.tagOverlap = false;
    FirstMatchAnalysis pure(models, pureOptions);

    std::vector<std::map<std::string, std::set<std::string>>> worlds = {{}};
    for (unsigned w = 0; w != 12; ++w)
      worlds.push_back(randomWorld(gen));
    std::vector<Truth> truths;
    for (const auto &world : worlds)
      truths.push_back(bruteForce(sorted, getMembership(sorted, world)));

    for (unsigned k = 0; k != sorted.size(); ++k) {
      unsigned decl = index[k];
      if (models[decl].isDefault)
        continue;
      Verdict v = refined.getVerdict(decl).verdict;
      Verdict exact = pure.getVerdict(decl).verdict;
      SCOPED_TRACE(testing::Message()
                   << "iteration " << iter << ", rule " << decl);
      // Tag overlap only ever withdraws a classification.
      if (v != exact) {
        ASSERT_EQ(v, Verdict::CoveredAmbiguous);
        ASSERT_TRUE(exact == Verdict::Shadowed || exact == Verdict::Redundant);
        ++ambiguous;
        continue;
      }
      if (v != Verdict::Shadowed && v != Verdict::Redundant)
        continue;
      ++claims;
      for (const Truth &t : truths) {
        ASSERT_FALSE(t.reachable[k]);
        bool anyOpposite = false;
        for (uint32_t bits = t.deciders[k]; bits; bits &= bits - 1)
          anyOpposite |=
              sorted[llvm::countr_zero(bits)].allow != sorted[k].allow;
        ASSERT_EQ(anyOpposite, v == Verdict::Shadowed);
      }
    }
  }
  EXPECT_GT(claims, 300u);
  EXPECT_GT(ambiguous, 10u);
  std::printf(
      "tag overlap: %u claims checked in 13 worlds each, %u withdrawn\n",
      claims, ambiguous);
}

//===----------------------------------------------------------------------===//
// Test 3: unknown and enumerated values: every claim holds for every value.
//===----------------------------------------------------------------------===//

/// A rule with uncertainty, and how to draw one concrete rule from it.
struct UncertainSpec {
  Spec base;                     ///< the concrete values of the known parts
  bool unknownSource = false;    ///< the whole source is unknown
  bool extraUnknownDest = false; ///< one more unknown destination entry
  std::vector<std::vector<std::string>> sourceChoices; ///< enumerated
  bool unknownPriority = false;
  bool unknownAccess = false;
  bool mayNotExist = false;
};

TEST(NsgFirstMatchTest, UnknownValuesClaimsHoldForEveryValue) {
  Generator gen(4242);
  unsigned claims = 0, exposureClaims = 0, variantClaims = 0;
  for (unsigned iter = 0; iter != 2000; ++iter) {
    std::vector<Spec> declared = gen.ruleSet(6);
    std::vector<UncertainSpec> uncertain;
    for (Spec &s : declared) {
      UncertainSpec u;
      u.base = s;
      unsigned kind = gen.below(100);
      if (kind < 10)
        u.unknownSource = true;
      else if (kind < 18)
        u.extraUnknownDest = true;
      else if (kind < 28)
        u.sourceChoices = {gen.pick(addressPool, 20),
                           gen.pick(addressPool, 20)};
      else if (kind < 33)
        u.unknownPriority = true;
      else if (kind < 38)
        u.unknownAccess = true;
      else if (kind < 43)
        u.mayNotExist = true;
      uncertain.push_back(u);
    }
    AtomTable atoms;
    std::vector<RuleModel> models;
    for (const UncertainSpec &u : uncertain) {
      TrafficSet traffic = getTraffic(u.base, atoms);
      RuleModel m = makeKnownRule(
          u.base.priority, u.base.allow ? accessAllow : accessDeny, traffic);
      unsigned src = unsigned(Dimension::SourceAddress);
      unsigned dst = unsigned(Dimension::DestinationAddress);
      if (u.unknownSource) {
        m.must[src] = IntervalSet();
        m.may[src] = IntervalSet::full(Dimension::SourceAddress);
      }
      if (u.extraUnknownDest)
        m.may[dst] = IntervalSet::full(Dimension::DestinationAddress);
      if (!u.sourceChoices.empty()) {
        IntervalSet common, any;
        for (unsigned c = 0; c != u.sourceChoices.size(); ++c) {
          IntervalSet set;
          for (const std::string &e : u.sourceChoices[c])
            set.unite(parseAddressEntry(e, atoms));
          common = c ? common.intersect(set) : set;
          any.unite(set);
          RuleVariant variant;
          variant.access = m.access;
          variant.traffic = traffic;
          variant.traffic[src] = set;
          m.variants.push_back(variant);
        }
        m.must[src] = common;
        m.may[src] = any;
      }
      if (u.unknownPriority)
        m.priority.reset();
      if (u.unknownAccess)
        m.access = accessAny;
      if (u.mayNotExist)
        m.certain = false;
      models.push_back(m);
    }
    for (const Spec &d : getDefaultSpecs()) {
      models.push_back(makeKnownRule(d.priority,
                                     d.allow ? accessAllow : accessDeny,
                                     getTraffic(d, atoms)));
      models.back().isDefault = true;
    }
    FirstMatchOptions options;
    options.tagOverlap = false;
    FirstMatchAnalysis analysis(models, options);

    // Sure exposures: (port, protocol) -> declaration indices.
    std::map<std::pair<unsigned, unsigned>, std::set<unsigned>> sure;
    for (unsigned port : exposedPorts)
      for (unsigned p = 0; p != 2; ++p) {
        TrafficSet region = fullTraffic();
        region[unsigned(Dimension::Protocol)] =
            protocolSet(static_cast<Protocol>(p));
        region[unsigned(Dimension::DestinationPort)] = portSet(port, port);
        region[unsigned(Dimension::SourceAddress)] = publicIpAddresses();
        for (const Outcome &o : analysis.decide(region))
          if (models[o.decider].access == accessAllow && !o.unknownAccess)
            sure[{port, p}].insert(o.decider);
      }

    // Draw concrete rule sets; every claim must hold in each.
    for (unsigned draw = 0; draw != 12; ++draw) {
      std::vector<Spec> concrete;
      std::vector<unsigned> declIndex; ///< concrete -> declaration index
      std::vector<int> chosenVariant(uncertain.size(), -1);
      int64_t nextFreePriority = 95;
      for (unsigned i = 0; i != uncertain.size(); ++i) {
        const UncertainSpec &u = uncertain[i];
        if (u.mayNotExist && gen.chance(50))
          continue;
        Spec s = u.base;
        if (u.unknownSource)
          s.sources = gen.pick(addressPool, 20);
        if (u.extraUnknownDest)
          s.destinations.push_back(
              addressPool[gen.below(std::size(addressPool))]);
        if (!u.sourceChoices.empty()) {
          chosenVariant[i] =
              static_cast<int>(gen.below(u.sourceChoices.size()));
          s.sources = u.sourceChoices[chosenVariant[i]];
        }
        if (u.unknownPriority)
          s.priority = gen.chance(50) ? nextFreePriority-- : 100 + 10 * 7 + i;
        if (u.unknownAccess)
          s.allow = gen.chance(50);
        concrete.push_back(s);
        declIndex.push_back(i);
      }
      std::vector<Spec> defaults = getDefaultSpecs();
      for (unsigned d = 0; d != defaults.size(); ++d) {
        concrete.push_back(defaults[d]);
        declIndex.push_back(static_cast<unsigned>(uncertain.size()) + d);
      }
      std::vector<unsigned> index;
      std::vector<Spec> sorted = sortSpecs(concrete, index);
      Truth truth = bruteForce(sorted, getMembership(sorted, {}));
      std::map<unsigned, unsigned> sortedPos; ///< declaration -> sorted
      for (unsigned k = 0; k != index.size(); ++k)
        sortedPos[declIndex[index[k]]] = k;

      auto checkClaim = [&](unsigned decl, const RuleVerdict &v) {
        auto it = sortedPos.find(decl);
        ASSERT_NE(it, sortedPos.end());
        unsigned k = it->second;
        ASSERT_FALSE(truth.reachable[k]);
        bool anyOpposite = false;
        for (uint32_t bits = truth.deciders[k]; bits; bits &= bits - 1)
          anyOpposite |=
              sorted[llvm::countr_zero(bits)].allow != sorted[k].allow;
        ASSERT_EQ(anyOpposite, v.verdict == Verdict::Shadowed);
      };
      for (unsigned i = 0; i != uncertain.size(); ++i) {
        SCOPED_TRACE(testing::Message() << "iteration " << iter << ", draw "
                                        << draw << ", rule " << i);
        const RuleVerdict &v = analysis.getVerdict(i);
        if (v.verdict == Verdict::Shadowed || v.verdict == Verdict::Redundant) {
          ++claims;
          checkClaim(i, v);
        }
        llvm::ArrayRef<RuleVerdict> variants = analysis.getVariantVerdicts(i);
        if (chosenVariant[i] >= 0 && !variants.empty()) {
          const RuleVerdict &vv = variants[chosenVariant[i]];
          if (vv.verdict == Verdict::Shadowed ||
              vv.verdict == Verdict::Redundant) {
            ++variantClaims;
            checkClaim(i, vv);
          }
        }
      }
      for (const auto &[key, rules] : sure)
        for (unsigned decl : rules) {
          SCOPED_TRACE(testing::Message() << "iteration " << iter
                                          << ", exposure by rule " << decl);
          auto it = sortedPos.find(decl);
          ASSERT_NE(it, sortedPos.end());
          ASSERT_TRUE(truth.exposedBy[key] & (1u << it->second));
          ++exposureClaims;
        }
    }
  }
  EXPECT_GT(claims, 1000u);
  EXPECT_GT(variantClaims, 100u);
  EXPECT_GT(exposureClaims, 1000u);
  std::printf("uncertain rule sets: %u verdict, %u variant and %u exposure "
              "claims checked\n",
              claims, variantClaims, exposureClaims);
}

} // namespace
