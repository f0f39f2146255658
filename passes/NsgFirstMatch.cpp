//===- NsgFirstMatch.cpp - First-match semantics of one rule list ---------===//
///
/// \file
/// The decision diagram: a node of level d splits dimension d into
/// intervals of compressed coordinates, each with a child of a deeper
/// level; a leaf is an Outcome. Levels may be skipped (a node whose
/// intervals all lead to one child is that child), and nodes are
/// hash-consed, so equal sub-diagrams exist once. Inserting a rule rewrites
/// only the undecided part of the diagram inside the rule's traffic;
/// decided subtrees are returned as they are.
///
//===----------------------------------------------------------------------===//

#include "passes/NsgFirstMatch.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/bit.h"

using namespace armor::nsg;

bool RuleModel::isKnown() const {
  if (!certain || !priority || llvm::popcount(access) != 1)
    return false;
  for (unsigned d = 0; d != numDimensions; ++d)
    if (must[d] != may[d])
      return false;
  return true;
}

RuleModel armor::nsg::makeKnownRule(int64_t priority, AccessMask access,
                                    const TrafficSet &traffic) {
  RuleModel rule;
  rule.priority = priority;
  rule.access = access;
  rule.must = traffic;
  rule.may = traffic;
  return rule;
}

namespace {
/// [first, last) of compressed segment indices.
using Ranges = llvm::SmallVector<std::pair<uint32_t, uint32_t>, 4>;

struct Segment {
  uint32_t start;
  uint32_t child;
};

/// How a rule relates to a stretch of one dimension.
enum class Cover : uint8_t { Outside, Maybe, Definite };

/// A step function over one dimension: Cover from `start` on.
using Steps = llvm::SmallVector<std::pair<uint32_t, Cover>, 8>;

struct Node {
  uint32_t segBegin; ///< into segments; for leaves, into outcomes
  uint32_t segCount;
  uint32_t hash;
  uint8_t level; ///< numDimensions for leaves
  bool undecided;
};
} // namespace

class FirstMatchAnalysis::Diagram {
public:
  Diagram(const std::vector<TrafficSet> &sets, size_t compactionThreshold);

  Ranges compress(const IntervalSet &set, unsigned dim) const;
  uint32_t getSize(unsigned dim) const {
    return static_cast<uint32_t>(bounds[dim].size() - 1);
  }

  /// Inserts a rule at the end of the processing order.
  void insert(unsigned rule, const TrafficSet &must, const TrafficSet &maybe,
              AccessMask access, bool unknownParts);
  /// The outcomes inside \p region (compressed per dimension).
  std::vector<Outcome>
  collect(const std::array<Ranges, numDimensions> &region) const;

  size_t getNodeCount() const { return nodes.size(); }
  size_t getPeakMemoryBytes() const { return peakBytes; }
  size_t getMemoryBytes() const {
    return nodes.capacity() * sizeof(Node) +
           segments.capacity() * sizeof(Segment) +
           outcomes.capacity() * sizeof(Outcome) +
           table.capacity() * sizeof(uint32_t) + leafIds.getMemorySize();
  }

private:
  std::array<std::vector<Coord>, numDimensions> bounds;
  std::vector<Node> nodes;
  std::vector<Segment> segments;
  std::vector<Outcome> outcomes;
  std::vector<uint32_t> table; ///< open addressing over node ids
  llvm::DenseMap<uint64_t, uint32_t> leafIds;
  uint32_t root;

  // State of one insertion.
  struct Insertion {
    int rule;
    AccessMask access;
    bool unknownParts;
    std::array<Steps, numDimensions> steps;
    llvm::DenseMap<uint64_t, uint32_t> memo;
  };

  uint32_t getLeaf(const Outcome &outcome);
  uint32_t getNode(uint8_t level, llvm::ArrayRef<Segment> pieces);
  void grow();
  /// A node's segments on one dimension, by index into `segments`; a node
  /// of a deeper level is one segment over the whole dimension.
  struct SegmentView {
    uint32_t node;
    uint32_t begin;
    uint32_t count;
    bool skipped;
    uint32_t start(const Diagram &d, size_t i) const {
      return skipped ? 0 : d.segments[begin + i].start;
    }
    uint32_t child(const Diagram &d, size_t i) const {
      return skipped ? node : d.segments[begin + i].child;
    }
    /// The index of the segment that contains \p pos.
    size_t find(const Diagram &d, uint32_t pos) const {
      if (skipped)
        return 0;
      auto first = d.segments.begin() + begin;
      auto it = std::upper_bound(
          first, first + count, pos,
          [](uint32_t p, const Segment &seg) { return p < seg.start; });
      return static_cast<size_t>(it - first) - 1;
    }
  };
  SegmentView getSegmentView(uint32_t node, unsigned dim) const {
    const Node &n = nodes[node];
    if (n.level == dim)
      return {node, n.segBegin, n.segCount, false};
    return {node, 0, 1, true};
  }
  /// Drops the nodes that the root no longer reaches.
  void compact();
  size_t compactionThreshold;
  size_t liveSegments = 0;
  size_t peakBytes = 0;
  uint32_t insert(uint32_t node, unsigned dim, bool definite, Insertion &ins);
  void collect(uint32_t node, unsigned dim,
               const std::array<Ranges, numDimensions> &region,
               llvm::DenseSet<uint64_t> &visited,
               llvm::DenseSet<uint32_t> &leaves) const;
};

FirstMatchAnalysis::Diagram::Diagram(const std::vector<TrafficSet> &sets,
                                     size_t compactionThreshold)
    : compactionThreshold(compactionThreshold) {
  for (unsigned d = 0; d != numDimensions; ++d) {
    std::vector<Coord> &b = bounds[d];
    const IntervalSet full = IntervalSet::full(static_cast<Dimension>(d));
    b.push_back(full.intervals().front().begin);
    b.push_back(full.intervals().front().end);
    for (const TrafficSet &set : sets)
      for (const Interval &i : set[d].intervals()) {
        b.push_back(i.begin);
        b.push_back(i.end);
      }
    llvm::sort(b);
    b.erase(std::unique(b.begin(), b.end()), b.end());
  }
  table.assign(1024, UINT32_MAX);
  root = getLeaf(Outcome());
}

Ranges FirstMatchAnalysis::Diagram::compress(const IntervalSet &set,
                                             unsigned dim) const {
  // Segment i is [bounds[i], bounds[i+1]); take every segment that meets
  // the set. For the rules' own sets this is exact.
  const std::vector<Coord> &b = bounds[dim];
  Ranges ranges;
  for (const Interval &i : set.intervals()) {
    uint32_t first =
        static_cast<uint32_t>(std::upper_bound(b.begin(), b.end(), i.begin) -
                              b.begin()) -
        1;
    uint32_t last = static_cast<uint32_t>(
        std::lower_bound(b.begin(), b.end(), i.end) - b.begin());
    last = std::min(last, getSize(dim));
    if (first >= last)
      continue;
    if (!ranges.empty() && ranges.back().second >= first)
      ranges.back().second = std::max(ranges.back().second, last);
    else
      ranges.push_back({first, last});
  }
  return ranges;
}

static uint32_t hashNode(uint8_t level, llvm::ArrayRef<Segment> pieces) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ level;
  for (const Segment &s : pieces) {
    h ^= (uint64_t(s.start) << 32 | s.child) + 0x9e3779b97f4a7c15ull +
         (h << 6) + (h >> 2);
  }
  return static_cast<uint32_t>(h ^ (h >> 32));
}

void FirstMatchAnalysis::Diagram::grow() {
  std::vector<uint32_t> bigger(table.size() * 2, UINT32_MAX);
  size_t mask = bigger.size() - 1;
  for (uint32_t id : table) {
    if (id == UINT32_MAX)
      continue;
    size_t slot = nodes[id].hash & mask;
    while (bigger[slot] != UINT32_MAX)
      slot = (slot + 1) & mask;
    bigger[slot] = id;
  }
  table = std::move(bigger);
}

uint32_t FirstMatchAnalysis::Diagram::getLeaf(const Outcome &outcome) {
  uint64_t key = (uint64_t(uint32_t(outcome.decider + 1)) << 16) |
                 (uint64_t(outcome.unknownAccess) << 8) | outcome.overlapAccess;
  auto [it, inserted] = leafIds.try_emplace(key, 0);
  if (!inserted)
    return it->second;
  it->second = static_cast<uint32_t>(nodes.size());
  nodes.push_back({static_cast<uint32_t>(outcomes.size()), 0, 0,
                   static_cast<uint8_t>(numDimensions), outcome.decider < 0});
  outcomes.push_back(outcome);
  return it->second;
}

uint32_t FirstMatchAnalysis::Diagram::getNode(uint8_t level,
                                              llvm::ArrayRef<Segment> pieces) {
  assert(!pieces.empty() && pieces.front().start == 0 && "not a partition");
  if (pieces.size() == 1)
    return pieces.front().child;
  uint32_t hash = hashNode(level, pieces);
  size_t mask = table.size() - 1;
  size_t slot = hash & mask;
  for (; table[slot] != UINT32_MAX; slot = (slot + 1) & mask) {
    const Node &n = nodes[table[slot]];
    if (n.hash != hash || n.level != level || n.segCount != pieces.size())
      continue;
    if (std::equal(pieces.begin(), pieces.end(), segments.begin() + n.segBegin,
                   [](const Segment &a, const Segment &b) {
                     return a.start == b.start && a.child == b.child;
                   }))
      return table[slot];
  }
  uint32_t id = static_cast<uint32_t>(nodes.size());
  bool undecided = llvm::any_of(
      pieces, [&](const Segment &s) { return nodes[s.child].undecided; });
  nodes.push_back({static_cast<uint32_t>(segments.size()),
                   static_cast<uint32_t>(pieces.size()), hash, level,
                   undecided});
  segments.insert(segments.end(), pieces.begin(), pieces.end());
  table[slot] = id;
  if (nodes.size() * 2 > table.size())
    grow();
  return id;
}

void FirstMatchAnalysis::Diagram::compact() {
  std::vector<uint32_t> remap(nodes.size(), UINT32_MAX);
  std::vector<Node> newNodes;
  std::vector<Segment> newSegments;
  newSegments.reserve(liveSegments + liveSegments / 2);
  // Leaves stay, all of them: leafIds names them.
  for (auto &entry : leafIds) {
    remap[entry.second] = static_cast<uint32_t>(newNodes.size());
    newNodes.push_back(nodes[entry.second]);
    entry.second = remap[entry.second];
  }
  // Children before parents; the depth is at most numDimensions.
  auto visit = [&](auto &self, uint32_t id) -> uint32_t {
    if (remap[id] != UINT32_MAX)
      return remap[id];
    Node n = nodes[id];
    llvm::SmallVector<Segment, 16> copy(segments.begin() + n.segBegin,
                                        segments.begin() + n.segBegin +
                                            n.segCount);
    for (Segment &seg : copy)
      seg.child = self(self, seg.child);
    n.segBegin = static_cast<uint32_t>(newSegments.size());
    n.hash = hashNode(n.level, copy);
    newSegments.insert(newSegments.end(), copy.begin(), copy.end());
    remap[id] = static_cast<uint32_t>(newNodes.size());
    newNodes.push_back(n);
    return remap[id];
  };
  root = visit(visit, root);
  nodes = std::move(newNodes);
  segments = std::move(newSegments);
  liveSegments = segments.size();
  size_t tableSize = 1024;
  while (tableSize < nodes.size() * 2)
    tableSize *= 2;
  table.assign(tableSize, UINT32_MAX);
  size_t mask = table.size() - 1;
  for (uint32_t id = 0; id != nodes.size(); ++id) {
    if (nodes[id].level == numDimensions)
      continue;
    size_t slot = nodes[id].hash & mask;
    while (table[slot] != UINT32_MAX)
      slot = (slot + 1) & mask;
    table[slot] = id;
  }
}

uint32_t FirstMatchAnalysis::Diagram::insert(uint32_t node, unsigned dim,
                                             bool definite, Insertion &ins) {
  if (!nodes[node].undecided)
    return node;
  if (dim == numDimensions) {
    Outcome outcome = outcomes[nodes[node].segBegin];
    if (definite)
      outcome.decider = ins.rule;
    else if (ins.unknownParts)
      outcome.unknownAccess |= ins.access;
    else
      outcome.overlapAccess |= ins.access;
    return getLeaf(outcome);
  }
  uint64_t key = (uint64_t(node) << 4) | (dim << 1) | (definite ? 1 : 0);
  if (auto it = ins.memo.find(key); it != ins.memo.end())
    return it->second;

  // The node's segments, by index: inserting children may move them.
  SegmentView input = getSegmentView(node, dim);
  const Steps &steps = ins.steps[dim];
  uint32_t size = getSize(dim);
  llvm::SmallVector<Segment, 16> pieces;
  auto append = [&](uint32_t start, uint32_t child) {
    if (pieces.empty() || pieces.back().child != child)
      pieces.push_back({start, child});
  };
  for (size_t j = 0; j != steps.size(); ++j) {
    uint32_t begin = steps[j].first;
    uint32_t end = j + 1 < steps.size() ? steps[j + 1].first : size;
    size_t i = input.find(*this, begin);
    if (steps[j].second == Cover::Outside) {
      // Untouched: copy the segments, which are canonical among themselves.
      append(begin, input.child(*this, i));
      size_t last = input.find(*this, end - 1);
      if (last > i) {
        append(input.start(*this, i + 1), input.child(*this, i + 1));
        if (last > i + 1)
          pieces.append(segments.begin() + input.begin + i + 2,
                        segments.begin() + input.begin + last + 1);
      }
      continue;
    }
    bool definiteHere = definite && steps[j].second == Cover::Definite;
    for (uint32_t pos = begin; pos < end; ++i) {
      uint32_t segEnd = i + 1 < input.count ? input.start(*this, i + 1) : size;
      append(pos, insert(input.child(*this, i), dim + 1, definiteHere, ins));
      pos = std::min(segEnd, end);
    }
  }
  uint32_t result = getNode(static_cast<uint8_t>(dim), pieces);
  ins.memo[key] = result;
  return result;
}

/// The step function of a rule on one dimension: Definite inside \p must,
/// Maybe inside \p maybe only, Outside elsewhere.
static Steps getSteps(const Ranges &must, const Ranges &maybe) {
  // Boundaries of both range lists, classified by a sweep.
  llvm::SmallVector<std::pair<uint32_t, int>, 16> events;
  for (auto [a, b] : must) {
    events.push_back({a, 2});
    events.push_back({b, -2});
  }
  for (auto [a, b] : maybe) {
    events.push_back({a, 1});
    events.push_back({b, -1});
  }
  llvm::sort(events);
  Steps steps;
  steps.push_back({0, Cover::Outside});
  int mustDepth = 0, maybeDepth = 0;
  for (size_t k = 0; k != events.size();) {
    uint32_t at = events[k].first;
    for (; k != events.size() && events[k].first == at; ++k) {
      int e = events[k].second;
      if (e == 2 || e == -2)
        mustDepth += e / 2;
      else
        maybeDepth += e;
    }
    Cover cover = mustDepth    ? Cover::Definite
                  : maybeDepth ? Cover::Maybe
                               : Cover::Outside;
    if (steps.back().first == at)
      steps.back().second = cover;
    else if (steps.back().second != cover)
      steps.push_back({at, cover});
  }
  return steps;
}

void FirstMatchAnalysis::Diagram::insert(unsigned rule, const TrafficSet &must,
                                         const TrafficSet &maybe,
                                         AccessMask access, bool unknownParts) {
  Insertion ins;
  ins.rule = static_cast<int>(rule);
  ins.access = access;
  ins.unknownParts = unknownParts;
  for (unsigned d = 0; d != numDimensions; ++d) {
    Ranges maybeRanges = compress(maybe[d], d);
    if (maybeRanges.empty())
      return; // matches no traffic at all
    ins.steps[d] = getSteps(compress(must[d], d), maybeRanges);
  }
  // Definite only where every dimension's step is Definite.
  root = insert(root, 0, true, ins);
  // Rewritten nodes leave their old versions behind; collect them once they
  // outweigh what is live.
  peakBytes = std::max(peakBytes, getMemoryBytes());
  if (segments.size() > compactionThreshold &&
      segments.size() > 3 * liveSegments)
    compact();
}

void FirstMatchAnalysis::Diagram::collect(
    uint32_t node, unsigned dim,
    const std::array<Ranges, numDimensions> &region,
    llvm::DenseSet<uint64_t> &visited, llvm::DenseSet<uint32_t> &leaves) const {
  if (dim == numDimensions) {
    leaves.insert(nodes[node].segBegin);
    return;
  }
  if (!visited.insert((uint64_t(node) << 3) | dim).second)
    return;
  SegmentView input = getSegmentView(node, dim);
  for (auto [begin, end] : region[dim])
    for (size_t i = input.find(*this, begin);
         i != input.count && input.start(*this, i) < end; ++i)
      collect(input.child(*this, i), dim + 1, region, visited, leaves);
}

std::vector<Outcome> FirstMatchAnalysis::Diagram::collect(
    const std::array<Ranges, numDimensions> &region) const {
  llvm::DenseSet<uint64_t> visited;
  llvm::DenseSet<uint32_t> leaves;
  if (llvm::all_of(region, [](const Ranges &r) { return !r.empty(); }))
    collect(root, 0, region, visited, leaves);
  std::vector<uint32_t> sorted(leaves.begin(), leaves.end());
  llvm::sort(sorted);
  std::vector<Outcome> result;
  for (uint32_t leaf : sorted)
    result.push_back(outcomes[leaf]);
  return result;
}

//===----------------------------------------------------------------------===//
// FirstMatchAnalysis
//===----------------------------------------------------------------------===//

static TrafficSet getExtension(const RuleModel &rule, bool tagOverlap) {
  TrafficSet ext = rule.may;
  for (unsigned d = 0; d != numDimensions; ++d) {
    if (tagOverlap && isAddressDimension(static_cast<Dimension>(d)))
      ext[d] = possibleOverlap(ext[d]);
    ext[d].unite(rule.must[d]);
  }
  return ext;
}

FirstMatchAnalysis::FirstMatchAnalysis(FirstMatchAnalysis &&) = default;
FirstMatchAnalysis &
FirstMatchAnalysis::operator=(FirstMatchAnalysis &&) = default;
FirstMatchAnalysis::~FirstMatchAnalysis() = default;

size_t FirstMatchAnalysis::getNodeCount() const {
  return diagram->getNodeCount();
}

size_t FirstMatchAnalysis::getMemoryBytes() const {
  return diagram->getMemoryBytes();
}

size_t FirstMatchAnalysis::getPeakMemoryBytes() const {
  return std::max(diagram->getPeakMemoryBytes(), diagram->getMemoryBytes());
}

namespace {
/// Turns the outcomes inside a candidate's traffic into its verdict.
struct VerdictBuilder {
  const std::vector<RuleModel> &rules;
  llvm::ArrayRef<unsigned> position; ///< rule -> index in the order

  /// With \p forEveryValue the candidate's traffic is what it may match:
  /// a verdict must then hold for every part of it.
  RuleVerdict build(llvm::ArrayRef<Outcome> outcomes, AccessMask access,
                    bool forEveryValue) {
    RuleVerdict verdict;
    AccessMask opposite = accessAny & ~access;
    bool covered = true, possiblyCovered = true;
    bool anyOpposite = false, allOpposite = true, allSame = true;
    llvm::SmallVector<unsigned, 8> deciders, oppositeDeciders;
    for (const Outcome &o : outcomes) {
      if (o.decider < 0) {
        covered = false;
        possiblyCovered &= o.unknownAccess != 0;
        continue;
      }
      unsigned decider = static_cast<unsigned>(o.decider);
      deciders.push_back(decider);
      AccessMask possible =
          rules[decider].access | o.unknownAccess | o.overlapAccess;
      if (possible == opposite) {
        anyOpposite = true;
        oppositeDeciders.push_back(decider);
      } else {
        allOpposite = false;
      }
      allSame &= possible == access;
    }
    auto byPosition = [&](llvm::SmallVectorImpl<unsigned> &list) {
      llvm::sort(list, [&](unsigned a, unsigned b) {
        return position[a] < position[b];
      });
      list.erase(std::unique(list.begin(), list.end()), list.end());
      return std::vector<unsigned>(list.begin(), list.end());
    };
    verdict.deciders = byPosition(deciders);
    if (!covered) {
      verdict.verdict = forEveryValue     ? Verdict::NotChecked
                        : possiblyCovered ? Verdict::PossiblyCovered
                                          : Verdict::Reachable;
      return verdict;
    }
    if (forEveryValue ? allOpposite : anyOpposite) {
      verdict.verdict = Verdict::Shadowed;
      verdict.opposite = byPosition(oppositeDeciders);
    } else {
      verdict.verdict =
          allSame ? Verdict::Redundant : Verdict::CoveredAmbiguous;
    }
    return verdict;
  }
};
} // namespace

FirstMatchAnalysis::FirstMatchAnalysis(std::vector<RuleModel> rulesIn,
                                       FirstMatchOptions options)
    : rules(std::move(rulesIn)), options(options) {
  unsigned n = static_cast<unsigned>(rules.size());
  verdicts.resize(n);
  variantVerdicts.resize(n);
  for (unsigned r = 0; r != n; ++r)
    if (!rules[r].priority)
      order.push_back(r);
  size_t firstPositioned = order.size();
  for (unsigned r = 0; r != n; ++r)
    if (rules[r].priority)
      order.push_back(r);
  std::stable_sort(order.begin() + firstPositioned, order.end(),
                   [&](unsigned a, unsigned b) {
                     return *rules[a].priority < *rules[b].priority;
                   });
  std::vector<unsigned> position(n);
  for (unsigned k = 0; k != n; ++k)
    position[order[k]] = k;

  std::vector<TrafficSet> extended;
  extended.reserve(n);
  std::vector<TrafficSet> allSets;
  for (const RuleModel &rule : rules) {
    extended.push_back(getExtension(rule, options.tagOverlap));
    allSets.push_back(rule.must);
    allSets.push_back(rule.may);
    allSets.push_back(extended.back());
    for (const RuleVariant &variant : rule.variants)
      allSets.push_back(variant.traffic);
  }
  diagram = std::make_unique<Diagram>(allSets, options.compactionThreshold);

  VerdictBuilder builder{rules, position};
  auto compressRegion = [&](const TrafficSet &set) {
    std::array<Ranges, numDimensions> region;
    for (unsigned d = 0; d != numDimensions; ++d)
      region[d] = diagram->compress(set[d], d);
    return region;
  };
  // The rules before a candidate that an unclear verdict depends on.
  auto findDependencies = [&](unsigned candidatePos, const TrafficSet &set) {
    std::vector<unsigned> unknown, overlap;
    for (unsigned k = 0; k != candidatePos; ++k) {
      unsigned r = order[k];
      if (!rules[r].isKnown() && intersects(extended[r], set))
        unknown.push_back(r);
      else if (rules[r].isKnown() && intersects(extended[r], set) &&
               !intersects(rules[r].must, set))
        overlap.push_back(r);
    }
    std::vector<unsigned> &chosen = unknown.empty() ? overlap : unknown;
    if (chosen.size() > 3)
      chosen.resize(3);
    return chosen;
  };
  auto check = [&](unsigned pos, const TrafficSet &set, AccessMask access,
                   bool forEveryValue) {
    if (isEmpty(set))
      return RuleVerdict();
    RuleVerdict verdict = builder.build(diagram->collect(compressRegion(set)),
                                        access, forEveryValue);
    if (verdict.verdict == Verdict::PossiblyCovered ||
        verdict.verdict == Verdict::CoveredAmbiguous)
      verdict.dependsOn = findDependencies(pos, set);
    return verdict;
  };

  for (unsigned pos = 0; pos != n; ++pos) {
    unsigned r = order[pos];
    const RuleModel &rule = rules[r];
    if (options.computeVerdicts && !rule.isDefault) {
      bool positioned = rule.priority && rule.certain;
      if (rule.isKnown())
        verdicts[r] = check(pos, rule.must, rule.access, false);
      else if (positioned && !rule.variants.empty())
        for (const RuleVariant &variant : rule.variants)
          variantVerdicts[r].push_back(
              check(pos, variant.traffic, variant.access, false));
      else if (positioned && llvm::popcount(rule.access) == 1)
        // Unknown values: what holds for all it may match holds for each.
        verdicts[r] = check(pos, rule.may, rule.access, true);
    }
    TrafficSet must = rule.must;
    if (!rule.priority || !rule.certain)
      for (IntervalSet &set : must)
        set = IntervalSet();
    diagram->insert(r, must, extended[r], rule.access, !rule.isKnown());
  }
}

std::vector<Outcome>
FirstMatchAnalysis::decide(const TrafficSet &region) const {
  std::array<Ranges, numDimensions> compressed;
  for (unsigned d = 0; d != numDimensions; ++d)
    compressed[d] = diagram->compress(region[d], d);
  return diagram->collect(compressed);
}
