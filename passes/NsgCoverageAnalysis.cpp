//===- NsgCoverageAnalysis.cpp - What each NSG's rules decide -------------===//
///
/// \file
/// Reads the IR into rule models. Everything the IR does not know is kept
/// as such: a field with an expression, an unknown or an invalid value
/// makes the rule's set in that dimension "anything, maybe"; an enumerated
/// field contributes what all its values share for sure and every value as
/// a variant; a rule that may not exist or may belong to another NSG only
/// may intercept traffic.
///
//===----------------------------------------------------------------------===//

#include "passes/NsgCoverageAnalysis.h"

#include "passes/Rule.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <map>

using namespace armor;
using namespace armor::ir;
using namespace armor::nsg;
using llvm::StringRef;

AnalysisKey NsgCoverageAnalysis::key;

static constexpr StringRef nsgType = "Microsoft.Network/networkSecurityGroups";
static constexpr StringRef ruleType =
    "Microsoft.Network/networkSecurityGroups/securityRules";
static constexpr StringRef vnetType = "Microsoft.Network/virtualNetworks";
static constexpr StringRef subnetType =
    "Microsoft.Network/virtualNetworks/subnets";
static constexpr StringRef peeringType =
    "Microsoft.Network/virtualNetworks/virtualNetworkPeerings";
static constexpr StringRef nicType = "Microsoft.Network/networkInterfaces";
static constexpr StringRef asgType =
    "Microsoft.Network/applicationSecurityGroups";

/// More variants than this make a rule unknown instead.
static constexpr size_t maxVariants = 32;
/// More enumerated scenarios than this are not explored for exposure.
static constexpr size_t maxScenarios = 32;

StringRef armor::getNsgDirectionName(NsgDirection direction) {
  return direction == NsgDirection::Inbound ? "Inbound" : "Outbound";
}

std::string NsgSecurityRule::getPriorityText() const {
  return model.priority ? std::to_string(*model.priority) : "unknown";
}

std::optional<unsigned>
NsgDirectionResult::findAnalysisIndex(unsigned rule) const {
  for (unsigned k = 0; k != ruleIndices.size(); ++k)
    if (ruleIndices[k] == rule)
      return k;
  return std::nullopt;
}

std::string NsgInfo::getLogicalLocation(const NsgSecurityRule &rule) const {
  return (ruleType + "/" + name + "/" + rule.name).str();
}

std::string NsgInfo::getWhen(StringRef extra) const {
  if (condition.empty() && extra.empty())
    return "";
  if (condition.empty() || extra.empty())
    return (" when " + condition + extra).str();
  return (" when " + condition + ", " + extra).str();
}

static bool isType(const Resource &resource, StringRef type) {
  return StringRef(resource.type).equals_insensitive(type);
}

//===----------------------------------------------------------------------===//
// Names and references
//===----------------------------------------------------------------------===//

namespace {
/// A name or a segment of one: a literal, an expression, or not understood.
struct NameRef {
  enum Kind { None, Literal, Expression } kind = None;
  std::string text; ///< the literal, or the expression in ARM syntax
};

enum class Match { No, Maybe, Yes };

/// "nsg/rule" split into its segments.
struct SplitName {
  NameRef parent;
  NameRef child;
};
} // namespace

static NameRef getNameRef(const Expr &expr) {
  if (expr.getKind() == Expr::Kind::String)
    return {NameRef::Literal, expr.text()};
  return {NameRef::Expression, expr.str()};
}

static NameRef getNameRef(const Value &value) {
  if (value.isString())
    return {NameRef::Literal, value.getString()};
  if ((value.isExpression() || value.isUnknown()) && value.expr())
    return getNameRef(*value.expr());
  return {};
}

static std::string getDisplayText(const NameRef &ref) {
  if (ref.kind == NameRef::Expression)
    return "[" + ref.text + "]";
  return ref.text;
}

/// Whether resource name \p name is \p ref: only known strings and equal
/// expressions match; Azure names compare case-insensitively.
static Match matchName(const Value &name, const NameRef &ref) {
  if (ref.kind == NameRef::None)
    return Match::Maybe;
  if (name.isEnumerated()) {
    if (ref.kind != NameRef::Literal)
      return Match::Maybe;
    for (const Value &alt : name.alternatives())
      if (alt.isString() &&
          StringRef(alt.getString()).equals_insensitive(ref.text))
        return Match::Maybe;
    return Match::No;
  }
  NameRef own = getNameRef(name);
  if (own.kind == NameRef::None)
    return Match::Maybe;
  if (own.kind == ref.kind && StringRef(own.text).equals_insensitive(ref.text))
    return Match::Yes;
  if (own.kind == NameRef::Literal && ref.kind == NameRef::Literal)
    return Match::No;
  return Match::Maybe;
}

/// Splits `format('{0}/{1}', a, b)` and `concat(a, '/', b)`.
static SplitName splitName(const Expr &expr) {
  const std::vector<ExprPtr> &args = expr.args();
  if (expr.isCallTo("format") && !args.empty() &&
      args[0]->getKind() == Expr::Kind::String) {
    StringRef format = args[0]->text();
    if (!format.contains('/'))
      return {};
    auto piece = [&](StringRef part) -> NameRef {
      if (!part.contains('{'))
        return {NameRef::Literal, part.str()};
      unsigned index;
      if (part.starts_with("{") && part.ends_with("}") &&
          !part.drop_front().drop_back().getAsInteger(10, index) &&
          index + 1 < args.size())
        return getNameRef(*args[index + 1]);
      return {};
    };
    auto [parent, child] = format.split('/');
    return {piece(parent), piece(child)};
  }
  if (!expr.isCallTo("concat"))
    return {};
  size_t slash = 0;
  while (slash != args.size() &&
         !(args[slash]->getKind() == Expr::Kind::String &&
           StringRef(args[slash]->text()).contains('/')))
    ++slash;
  if (slash == args.size())
    return {};
  auto [head, tail] = StringRef(args[slash]->text()).split('/');
  auto allLiteral = [](llvm::ArrayRef<ExprPtr> list) {
    return llvm::all_of(list, [](const ExprPtr &e) {
      return e->getKind() == Expr::Kind::String;
    });
  };
  auto joinLiterals = [](llvm::ArrayRef<ExprPtr> list) {
    std::string text;
    for (const ExprPtr &e : list)
      text += e->text();
    return text;
  };
  llvm::ArrayRef<ExprPtr> before(args.data(), slash);
  llvm::ArrayRef<ExprPtr> after(args.data() + slash + 1,
                                args.size() - slash - 1);
  SplitName split;
  if (before.size() == 1 && head.empty())
    split.parent = getNameRef(*before.front());
  else if (allLiteral(before))
    split.parent = {NameRef::Literal, joinLiterals(before) + head.str()};
  if (after.empty())
    split.child = {NameRef::Literal, tail.str()};
  else if (tail.empty() && after.size() == 1)
    split.child = getNameRef(*after.front());
  else if (allLiteral(after))
    split.child = {NameRef::Literal, tail.str() + joinLiterals(after)};
  else
    split.child = {NameRef::Expression, expr.str()};
  return split;
}

static SplitName splitName(const Value &name) {
  if (name.isString()) {
    auto [parent, child] = StringRef(name.getString()).split('/');
    if (child.empty())
      return {};
    return {{NameRef::Literal, parent.str()}, {NameRef::Literal, child.str()}};
  }
  if ((name.isExpression() || name.isUnknown()) && name.expr())
    return splitName(*name.expr());
  return {};
}

/// Whether resource id \p id (a string or a resourceId() call) names
/// \p target, a resource of top-level type \p type.
static Match refersTo(const Value &id, const Resource &target, StringRef type) {
  if (id.isString()) {
    StringRef text = id.getString();
    std::string needle = (type + "/").str();
    size_t at = StringRef(text.lower()).find(StringRef(needle).lower());
    if (at == StringRef::npos)
      return Match::No;
    StringRef name = text.substr(at + needle.size());
    if (name.contains('/'))
      return Match::No;
    return matchName(target.name, {NameRef::Literal, name.str()});
  }
  if (!(id.isExpression() || id.isUnknown()) || !id.expr())
    return id.isEnumerated() ? Match::Maybe : Match::No;
  const Expr &expr = *id.expr();
  if (!expr.isCallTo("resourceId"))
    return Match::Maybe;
  const std::vector<ExprPtr> &args = expr.args();
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i]->getKind() != Expr::Kind::String)
      continue;
    StringRef argType = args[i]->text();
    if (argType.equals_insensitive(type))
      return i + 2 == args.size()
                 ? matchName(target.name, getNameRef(*args[i + 1]))
                 : Match::No;
    if (argType.contains('/'))
      return Match::No; // another type
  }
  return Match::Maybe;
}

/// The resources of type \p type that the child resource \p child
/// (named "parent/child") belongs to, by nesting or by name.
static Match findParents(const Module &module, const Resource &child,
                         StringRef type, std::vector<unsigned> &yes,
                         std::vector<unsigned> &maybe) {
  if (child.parent >= 0) {
    if (isType(module.resources[child.parent], type)) {
      yes.push_back(static_cast<unsigned>(child.parent));
      return Match::Yes;
    }
    return Match::No;
  }
  NameRef parent = splitName(child.name).parent;
  for (unsigned i = 0; i != module.resources.size(); ++i) {
    const Resource &candidate = module.resources[i];
    if (!isType(candidate, type))
      continue;
    Match match = matchName(candidate.name, parent);
    if (match == Match::Yes)
      yes.push_back(i);
    else if (match == Match::Maybe)
      maybe.push_back(i);
  }
  if (!yes.empty())
    return Match::Yes;
  return maybe.empty() ? Match::No : Match::Maybe;
}

/// Condition: true, false or unknown.
static std::optional<bool> getCondition(const Resource &resource) {
  if (resource.condition.isNull())
    return true;
  if (resource.condition.isBoolean())
    return resource.condition.getBoolean();
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Virtual networks
//===----------------------------------------------------------------------===//

/// The address space of a virtual network, if every prefix is known.
static std::optional<IntervalSet> getAddressSpace(const Resource &vnet) {
  const Value *prefixes =
      vnet.properties.getPath("addressSpace.addressPrefixes");
  if (!prefixes || !prefixes->isArray() || prefixes->elements().empty())
    return std::nullopt;
  AtomTable atoms;
  IntervalSet space;
  for (const Value &prefix : prefixes->elements()) {
    if (!prefix.isString())
      return std::nullopt;
    std::optional<IntervalSet> set =
        parseAddressPrefix(prefix.getString(), atoms, AddressContext());
    if (!set || !allIpAddresses().contains(*set))
      return std::nullopt;
    space.unite(*set);
  }
  return space;
}

namespace {
/// What the module says about virtual networks, computed once.
struct NetworkFacts {
  std::map<unsigned, IntervalSet> spaces; ///< vnet index -> known space
  std::map<unsigned, std::vector<unsigned>> peers;
  IntervalSet allSpaces;
};
} // namespace

static void addPeering(const Module &module, unsigned local,
                       const Value &peering, NetworkFacts &facts) {
  if (const Value *access = peering.get("allowVirtualNetworkAccess");
      access && access->isBoolean() && !access->getBoolean())
    return;
  const Value *remote = peering.getPath("remoteVirtualNetwork.id");
  if (!remote)
    return;
  for (unsigned i = 0; i != module.resources.size(); ++i) {
    const Resource &vnet = module.resources[i];
    if (isType(vnet, vnetType) &&
        refersTo(*remote, vnet, vnetType) == Match::Yes) {
      facts.peers[local].push_back(i);
      facts.peers[i].push_back(local);
    }
  }
}

static NetworkFacts getNetworkFacts(const Module &module) {
  NetworkFacts facts;
  for (unsigned i = 0; i != module.resources.size(); ++i) {
    const Resource &resource = module.resources[i];
    if (isType(resource, vnetType)) {
      if (std::optional<IntervalSet> space = getAddressSpace(resource)) {
        facts.allSpaces.unite(*space);
        facts.spaces[i] = *space;
      }
      if (const Value *peerings =
              resource.properties.get("virtualNetworkPeerings");
          peerings && peerings->isArray())
        for (const Value &peering : peerings->elements())
          if (const Value *props = peering.get("properties"))
            addPeering(module, i, *props, facts);
      continue;
    }
    if (isType(resource, peeringType)) {
      std::vector<unsigned> yes, maybe;
      if (findParents(module, resource, vnetType, yes, maybe) == Match::Yes &&
          yes.size() == 1)
        addPeering(module, yes.front(), resource.properties, facts);
    }
  }
  return facts;
}

/// What `VirtualNetwork` is proven to contain for \p nsg: the space of the
/// virtual networks whose subnets use it (and their peers), intersected
/// over them. Empty when any attachment is unclear.
static IntervalSet getVirtualNetworkSpace(const Module &module,
                                          const Resource &nsg,
                                          const NetworkFacts &facts) {
  std::vector<unsigned> vnets;
  bool unclear = false;
  auto note = [&](Match match, std::optional<unsigned> vnet) {
    if (match == Match::Maybe || (match == Match::Yes && !vnet))
      unclear = true;
    else if (match == Match::Yes)
      vnets.push_back(*vnet);
  };
  for (unsigned i = 0; i != module.resources.size(); ++i) {
    const Resource &resource = module.resources[i];
    if (isType(resource, vnetType)) {
      const Value *subnets = resource.properties.get("subnets");
      if (!subnets)
        continue;
      if (!subnets->isArray()) {
        unclear = true;
        continue;
      }
      for (const Value &subnet : subnets->elements()) {
        const Value *id = subnet.getPath("properties.networkSecurityGroup.id");
        if (!subnet.isObject())
          unclear = true;
        else if (id)
          note(refersTo(*id, nsg, nsgType), i);
      }
      continue;
    }
    const Value *id = resource.properties.getPath("networkSecurityGroup.id");
    if (!id)
      continue;
    if (isType(resource, subnetType)) {
      Match match = refersTo(*id, nsg, nsgType);
      std::vector<unsigned> yes, maybe;
      std::optional<unsigned> vnet;
      if (findParents(module, resource, vnetType, yes, maybe) == Match::Yes &&
          yes.size() == 1)
        vnet = yes.front();
      note(match, vnet);
    } else if (isType(resource, nicType)) {
      // A NIC's virtual network is not followed: the tag stays an atom.
      if (refersTo(*id, nsg, nsgType) != Match::No)
        unclear = true;
    }
  }
  if (unclear || vnets.empty())
    return IntervalSet();
  std::optional<IntervalSet> common;
  for (unsigned vnet : vnets) {
    auto it = facts.spaces.find(vnet);
    if (it == facts.spaces.end())
      return IntervalSet();
    IntervalSet space = it->second;
    if (auto peers = facts.peers.find(vnet); peers != facts.peers.end())
      for (unsigned peer : peers->second)
        if (auto p = facts.spaces.find(peer); p != facts.spaces.end())
          space.unite(p->second);
    common = common ? common->intersect(space) : space;
  }
  return *common;
}

//===----------------------------------------------------------------------===//
// Rule fields
//===----------------------------------------------------------------------===//

namespace {
/// One part of a dimension's set as the template writes it: a string of
/// `sourceAddressPrefixes`, the singular `sourceAddressPrefix`, an ASG.
struct Component {
  enum Kind { Known, Enumerated, Unknown } kind = Known;
  IntervalSet set;                        ///< Known
  std::string text;                       ///< Known: as written
  std::vector<IntervalSet> choices;       ///< Enumerated
  std::vector<std::string> choiceTexts;   ///< as JSON, for messages
  std::vector<std::string> choiceEntries; ///< as written, for sources
  std::string field;
  std::string provenance; ///< Enumerated: where the values come from
  std::string reason;     ///< Unknown: why
};

using Parser = llvm::function_ref<std::optional<IntervalSet>(StringRef)>;
} // namespace

static Component makeUnknown(StringRef field, std::string reason) {
  Component c;
  c.kind = Component::Unknown;
  c.field = field.str();
  c.reason = std::move(reason);
  return c;
}

static std::string getUnknownReason(StringRef field, const Value &value) {
  if (value.isUnknown())
    return llvm::formatv("its {0} is unknown ({1})", field, value.provenance());
  if (value.isExpression())
    return llvm::formatv("its {0} '{1}' is not evaluated", field,
                         getDisplayName(value));
  if (value.isString())
    return llvm::formatv("its {0} '{1}' is not valid", field,
                         value.getString());
  return llvm::formatv("its {0} {1} is not valid", field, value.toJson());
}

static std::optional<IntervalSet> parseScalar(const Value &value,
                                              Parser parse) {
  if (value.isString())
    return parse(value.getString());
  if (value.isInteger())
    return parse(std::to_string(value.getInteger()));
  return std::nullopt;
}

static bool isUnset(const Value &value) {
  return value.isNull() ||
         (value.isString() && StringRef(value.getString()).trim().empty());
}

static void addScalar(StringRef field, const Value &value, Parser parse,
                      std::vector<Component> &out) {
  if (isUnset(value))
    return;
  if (value.isEnumerated()) {
    Component c;
    c.kind = Component::Enumerated;
    c.field = field.str();
    c.provenance = value.provenance();
    for (const Value &alt : value.alternatives()) {
      std::optional<IntervalSet> set = parseScalar(alt, parse);
      if (!set) {
        out.push_back(makeUnknown(field, getUnknownReason(field, alt)));
        return;
      }
      c.choices.push_back(*set);
      c.choiceTexts.push_back(alt.toJson());
      c.choiceEntries.push_back(alt.isString() ? alt.getString()
                                               : alt.toJson());
    }
    out.push_back(std::move(c));
    return;
  }
  if (std::optional<IntervalSet> set = parseScalar(value, parse)) {
    Component c;
    c.set = *set;
    c.text = value.isString() ? value.getString()
                              : std::to_string(value.getInteger());
    c.field = field.str();
    out.push_back(std::move(c));
    return;
  }
  out.push_back(makeUnknown(field, getUnknownReason(field, value)));
}

static void addList(StringRef field, const Value &value, Parser parse,
                    std::vector<Component> &out) {
  if (value.isNull())
    return;
  if (value.isArray()) {
    for (const Value &element : value.elements())
      addScalar(field, element, parse, out);
    return;
  }
  if (!value.isEnumerated()) {
    out.push_back(makeUnknown(field, getUnknownReason(field, value)));
    return;
  }
  Component c;
  c.kind = Component::Enumerated;
  c.field = field.str();
  c.provenance = value.provenance();
  for (const Value &alt : value.alternatives()) {
    IntervalSet set;
    bool ok = alt.isArray();
    for (const Value &element : alt.elements()) {
      std::optional<IntervalSet> part = parseScalar(element, parse);
      ok &= part.has_value();
      if (part)
        set.unite(*part);
    }
    if (!ok) {
      out.push_back(makeUnknown(field, getUnknownReason(field, alt)));
      return;
    }
    c.choices.push_back(set);
    c.choiceTexts.push_back(alt.toJson());
    c.choiceEntries.push_back(alt.toJson());
  }
  out.push_back(std::move(c));
}

/// The identity of an ASG reference: its id string or resourceId() name.
static std::optional<std::string> getAsgKey(const Value &id,
                                            std::string &display) {
  if (id.isString()) {
    display = StringRef(id.getString()).rsplit('/').second.str();
    if (display.empty())
      display = id.getString();
    return StringRef(id.getString()).lower();
  }
  if (!(id.isExpression() || id.isUnknown()) || !id.expr())
    return std::nullopt;
  const Expr &expr = *id.expr();
  const std::vector<ExprPtr> &args = expr.args();
  if (expr.isCallTo("resourceId") && args.size() >= 2) {
    const Expr &type = *args[args.size() - 2];
    if (type.getKind() == Expr::Kind::String &&
        StringRef(type.text()).equals_insensitive(asgType)) {
      display = getDisplayText(getNameRef(*args.back()));
      return "resourceid:" + StringRef(display).lower();
    }
  }
  display = "[" + expr.str() + "]";
  return StringRef(display).lower();
}

static void addAsgs(StringRef field, const Value &value, AtomTable &atoms,
                    std::vector<Component> &out) {
  if (value.isNull())
    return;
  if (!value.isArray()) {
    out.push_back(makeUnknown(field, getUnknownReason(field, value)));
    return;
  }
  for (const Value &element : value.elements()) {
    const Value *id = element.isObject() ? element.get("id") : nullptr;
    std::string display;
    std::optional<std::string> key =
        id ? getAsgKey(*id, display) : std::nullopt;
    if (!key) {
      out.push_back(makeUnknown(
          field,
          id ? getUnknownReason(field, *id)
             : llvm::formatv("its {0} has an entry without a known 'id'", field)
                   .str()));
      continue;
    }
    Component c;
    c.set = atomSet(Family::Asg, atoms.getAsg(*key));
    c.text = display;
    c.field = field.str();
    out.push_back(std::move(c));
  }
}

//===----------------------------------------------------------------------===//
// Rules
//===----------------------------------------------------------------------===//

static const Value &getOrNull(const Value &object, StringRef key) {
  static const Value null;
  const Value *value = object.get(key);
  return value ? *value : null;
}

/// Sets an unknown rule's model: it may match anything, in any direction.
static void makeUnknownModel(NsgSecurityRule &rule) {
  rule.model.must = TrafficSet();
  rule.model.may = fullTraffic();
  rule.model.access = accessAny;
  rule.model.variants.clear();
  rule.directions = 3;
}

namespace {
/// The parsed fields of one rule, before they become a model.
struct RuleFields {
  std::array<std::vector<Component>, numDimensions> dims;
  std::vector<std::pair<AccessMask, std::string>> accessChoices;
  std::string accessProvenance;
};
} // namespace

static std::optional<AccessMask> parseAccess(const Value &value) {
  if (!value.isString())
    return std::nullopt;
  if (StringRef(value.getString()).equals_insensitive("Allow"))
    return accessAllow;
  if (StringRef(value.getString()).equals_insensitive("Deny"))
    return accessDeny;
  return std::nullopt;
}

/// Builds rule.model from a rule's `properties`.
static void buildModel(NsgSecurityRule &rule, const Value &props,
                       AtomTable &atoms, const AddressContext &context) {
  if (!props.isObject()) {
    rule.unknownParts.push_back(getUnknownReason("properties", props));
    makeUnknownModel(rule);
    return;
  }
  RuleFields fields;
  auto &dims = fields.dims;
  auto dim = [&](Dimension d) -> std::vector<Component> & {
    return dims[static_cast<unsigned>(d)];
  };
  auto address = [&](StringRef text) {
    return parseAddressPrefix(text, atoms, context);
  };
  addScalar("protocol", getOrNull(props, "protocol"), parseProtocol,
            dim(Dimension::Protocol));
  addScalar("sourcePortRange", getOrNull(props, "sourcePortRange"),
            parsePortRange, dim(Dimension::SourcePort));
  addList("sourcePortRanges", getOrNull(props, "sourcePortRanges"),
          parsePortRange, dim(Dimension::SourcePort));
  addScalar("destinationPortRange", getOrNull(props, "destinationPortRange"),
            parsePortRange, dim(Dimension::DestinationPort));
  addList("destinationPortRanges", getOrNull(props, "destinationPortRanges"),
          parsePortRange, dim(Dimension::DestinationPort));
  addScalar("sourceAddressPrefix", getOrNull(props, "sourceAddressPrefix"),
            address, dim(Dimension::SourceAddress));
  addList("sourceAddressPrefixes", getOrNull(props, "sourceAddressPrefixes"),
          address, dim(Dimension::SourceAddress));
  addAsgs("sourceApplicationSecurityGroups",
          getOrNull(props, "sourceApplicationSecurityGroups"), atoms,
          dim(Dimension::SourceAddress));
  addScalar("destinationAddressPrefix",
            getOrNull(props, "destinationAddressPrefix"), address,
            dim(Dimension::DestinationAddress));
  addList("destinationAddressPrefixes",
          getOrNull(props, "destinationAddressPrefixes"), address,
          dim(Dimension::DestinationAddress));
  addAsgs("destinationApplicationSecurityGroups",
          getOrNull(props, "destinationApplicationSecurityGroups"), atoms,
          dim(Dimension::DestinationAddress));

  static const char *const missingNames[numDimensions] = {
      "protocol", "destinationPortRange", "sourceAddressPrefix",
      "destinationAddressPrefix", "sourcePortRange"};
  for (unsigned d = 0; d != numDimensions; ++d)
    if (dims[d].empty())
      dims[d].push_back(
          makeUnknown(missingNames[d],
                      llvm::formatv("it has no {0}", missingNames[d]).str()));

  // Access, direction and priority.
  const Value &access = getOrNull(props, "access");
  if (std::optional<AccessMask> mask = parseAccess(access)) {
    fields.accessChoices.push_back({*mask, ""});
  } else if (access.isEnumerated() &&
             llvm::all_of(access.alternatives(), [](const Value &alt) {
               return parseAccess(alt).has_value();
             })) {
    fields.accessProvenance = access.provenance();
    for (const Value &alt : access.alternatives())
      fields.accessChoices.push_back({*parseAccess(alt), alt.toJson()});
  } else {
    rule.unknownParts.push_back(access.isNull()
                                    ? "it has no access"
                                    : getUnknownReason("access", access));
  }
  const Value &direction = getOrNull(props, "direction");
  if (direction.isString() &&
      StringRef(direction.getString()).equals_insensitive("Inbound"))
    rule.directions = 1;
  else if (direction.isString() &&
           StringRef(direction.getString()).equals_insensitive("Outbound"))
    rule.directions = 2;
  else
    rule.unknownParts.push_back(direction.isNull()
                                    ? "it has no direction"
                                    : getUnknownReason("direction", direction));
  const Value &priority = getOrNull(props, "priority");
  int64_t number;
  if (priority.isInteger())
    rule.model.priority = priority.getInteger();
  else if (priority.isString() &&
           !StringRef(priority.getString()).getAsInteger(10, number))
    rule.model.priority = number;
  else
    rule.unknownParts.push_back(priority.isNull()
                                    ? "it has no priority"
                                    : getUnknownReason("priority", priority));

  // The model: must is what every value matches, may what any value may.
  rule.model.access = 0;
  for (const auto &choice : fields.accessChoices)
    rule.model.access |= choice.first;
  if (!rule.model.access)
    rule.model.access = accessAny;
  std::vector<std::pair<unsigned, const Component *>> enumerated;
  for (unsigned d = 0; d != numDimensions; ++d) {
    IntervalSet must, may;
    for (const Component &c : dims[d]) {
      switch (c.kind) {
      case Component::Known:
        must.unite(c.set);
        may.unite(c.set);
        break;
      case Component::Enumerated: {
        IntervalSet common = c.choices.front();
        for (const IntervalSet &choice : c.choices) {
          common = common.intersect(choice);
          may.unite(choice);
        }
        must.unite(common);
        enumerated.push_back({d, &c});
        break;
      }
      case Component::Unknown:
        may = IntervalSet::full(static_cast<Dimension>(d));
        rule.unknownParts.push_back(c.reason);
        break;
      }
    }
    may.unite(must);
    rule.model.must[d] = must;
    rule.model.may[d] = may;
  }
  for (const Component &c :
       dims[static_cast<unsigned>(Dimension::SourceAddress)])
    if (c.kind == Component::Known)
      rule.sources.push_back({c.text, c.set});

  // Variants: every combination of the enumerated values, when nothing
  // else is unknown.
  bool accessEnumerated = fields.accessChoices.size() > 1;
  if (!rule.unknownParts.empty() || (enumerated.empty() && !accessEnumerated))
    return;
  size_t count = accessEnumerated ? fields.accessChoices.size() : 1;
  for (auto [d, c] : enumerated) {
    count *= c->choices.size();
    if (count > maxVariants) {
      rule.unknownParts.push_back(
          llvm::formatv("its enumerated values have more than {0} combinations",
                        maxVariants));
      return;
    }
  }
  for (size_t v = 0; v != count; ++v) {
    size_t rest = v;
    RuleVariant variant;
    std::string description;
    auto describe = [&](StringRef field, StringRef text, StringRef origin) {
      if (!description.empty())
        description += ", ";
      description += llvm::formatv("{0} is {1} ({2})", field, text, origin);
    };
    if (accessEnumerated) {
      const auto &choice =
          fields.accessChoices[rest % fields.accessChoices.size()];
      variant.access = choice.first;
      describe("access", choice.second, fields.accessProvenance);
      rest /= fields.accessChoices.size();
    } else {
      variant.access = rule.model.access;
    }
    for (unsigned d = 0; d != numDimensions; ++d)
      for (const Component &c : dims[d])
        if (c.kind == Component::Known)
          variant.traffic[d].unite(c.set);
    std::vector<std::pair<std::string, IntervalSet>> sources = rule.sources;
    for (auto [d, c] : enumerated) {
      size_t pick = rest % c->choices.size();
      rest /= c->choices.size();
      variant.traffic[d].unite(c->choices[pick]);
      if (d == static_cast<unsigned>(Dimension::SourceAddress))
        sources.push_back({c->choiceEntries[pick], c->choices[pick]});
      describe(c->field, c->choiceTexts[pick], c->provenance);
    }
    rule.model.variants.push_back(std::move(variant));
    rule.variantDescriptions.push_back(std::move(description));
    rule.variantSources.push_back(std::move(sources));
  }
}

/// Azure's default rules of one direction.
static void addDefaultRules(NsgInfo &info, NsgDirection direction) {
  struct Default {
    const char *name;
    int64_t priority;
    AccessMask access;
    const char *source;
    const char *destination;
  };
  static const Default inbound[] = {
      {"AllowVnetInBound", 65000, accessAllow, "VirtualNetwork",
       "VirtualNetwork"},
      {"AllowAzureLoadBalancerInBound", 65001, accessAllow, "AzureLoadBalancer",
       "*"},
      {"DenyAllInBound", 65500, accessDeny, "*", "*"}};
  static const Default outbound[] = {
      {"AllowVnetOutBound", 65000, accessAllow, "VirtualNetwork",
       "VirtualNetwork"},
      {"AllowInternetOutBound", 65001, accessAllow, "*", "Internet"},
      {"DenyAllOutBound", 65500, accessDeny, "*", "*"}};
  for (const Default &d :
       direction == NsgDirection::Inbound ? inbound : outbound) {
    NsgSecurityRule rule;
    rule.name = d.name;
    rule.range = info.resource->name.getRange().isValid()
                     ? info.resource->name.getRange()
                     : info.resource->range;
    rule.isDefault = true;
    rule.directions = direction == NsgDirection::Inbound ? 1 : 2;
    TrafficSet traffic = fullTraffic();
    traffic[static_cast<unsigned>(Dimension::SourceAddress)] =
        *parseAddressPrefix(d.source, info.atoms, info.context);
    traffic[static_cast<unsigned>(Dimension::DestinationAddress)] =
        *parseAddressPrefix(d.destination, info.atoms, info.context);
    rule.model = makeKnownRule(d.priority, d.access, traffic);
    rule.model.isDefault = true;
    rule.sources.push_back(
        {d.source, traffic[static_cast<unsigned>(Dimension::SourceAddress)]});
    info.rules.push_back(std::move(rule));
  }
}

/// Adds a placeholder for rules that exist but cannot be read.
static void addUnknownRules(NsgInfo &info, SourceRange range,
                            std::string reason) {
  NsgSecurityRule rule;
  rule.name = "(unknown rules)";
  rule.range = range;
  rule.unknownParts.push_back(reason);
  rule.model.certain = false;
  makeUnknownModel(rule);
  info.rules.push_back(std::move(rule));
  if (info.incompleteReason.empty())
    info.incompleteReason = std::move(reason);
}

static SourceRange getNameRange(const Value &object, SourceRange fallback) {
  const Value *name = object.get("name");
  if (name && name->getRange().isValid())
    return name->getRange();
  return fallback;
}

static void addInlineRules(NsgInfo &info, const Value *list) {
  const Value &props = info.resource->properties;
  if (!list || list->isNull()) {
    if (const Value *copy = props.get("copy"))
      addUnknownRules(info, copy->getRange(),
                      "its securityRules come from a copy loop that is not "
                      "evaluated");
    return;
  }
  if (!list->isArray()) {
    addUnknownRules(info, list->getRange(),
                    getUnknownReason("securityRules", *list));
    return;
  }
  for (const Value &element : list->elements()) {
    NsgSecurityRule rule;
    rule.range = getNameRange(element, element.getRange());
    const Value *name = element.isObject() ? element.get("name") : nullptr;
    rule.name = name ? getDisplayName(*name) : "(unnamed)";
    if (!element.isObject()) {
      addUnknownRules(info, element.getRange(),
                      getUnknownReason("security rule", element));
      continue;
    }
    buildModel(rule, getOrNull(element, "properties"), info.atoms,
               info.context);
    info.rules.push_back(std::move(rule));
  }
}

/// More values of an enumerated `securityRules` than this make it unknown.
static constexpr size_t maxRuleLists = 8;

static bool isEnumeratedRuleList(const Value &list) {
  return list.isEnumerated() && list.alternatives().size() <= maxRuleLists &&
         llvm::all_of(list.alternatives(),
                      [](const Value &alt) { return alt.isArray(); });
}

/// "[rules 'RDP', 'SSH']", naming at most three.
static std::string describeRuleList(const Value &list) {
  if (list.elements().empty())
    return "[]";
  std::string text = "[rules ";
  for (size_t i = 0; i != list.elements().size(); ++i) {
    if (i == 3) {
      text += llvm::formatv(" and {0} more", list.elements().size() - 3);
      break;
    }
    const Value *name = list.elements()[i].get("name");
    text += (i ? ", '" : "'") + (name ? getDisplayName(*name) : "?") + "'";
  }
  return text + "]";
}

static void addChildRule(NsgInfo &info, const Resource &child, bool certain) {
  NsgSecurityRule rule;
  rule.resource = &child;
  rule.range =
      child.name.getRange().isValid() ? child.name.getRange() : child.range;
  NameRef name = splitName(child.name).child;
  rule.name = name.kind == NameRef::None ? getDisplayName(child.name)
                                         : getDisplayText(name);
  buildModel(rule, child.properties, info.atoms, info.context);
  std::optional<bool> condition = getCondition(child);
  if (!condition)
    rule.unknownParts.push_back("its condition is unknown");
  if (!certain)
    rule.unknownParts.push_back(
        "it may belong to another network security group");
  rule.model.certain = certain && condition.has_value();
  info.rules.push_back(std::move(rule));
}

//===----------------------------------------------------------------------===//
// The analysis
//===----------------------------------------------------------------------===//

static void analyzeDirections(NsgInfo &info) {
  for (unsigned dir = 0; dir != 2; ++dir) {
    NsgDirectionResult &result = info.directions[dir];
    uint8_t bit = static_cast<uint8_t>(1u << dir);
    std::vector<RuleModel> models;
    std::map<int64_t, unsigned> byPriority;
    for (unsigned i = 0; i != info.rules.size(); ++i) {
      const NsgSecurityRule &rule = info.rules[i];
      if (!(rule.directions & bit))
        continue;
      RuleModel model = rule.model;
      if (rule.directions != bit)
        model.certain = false;
      if (model.certain && model.priority && !model.isDefault) {
        auto [it, inserted] = byPriority.try_emplace(*model.priority, i);
        if (!inserted)
          result.duplicatePriorities.push_back({it->second, i});
      }
      result.ruleIndices.push_back(i);
      models.push_back(std::move(model));
    }
    if (!result.duplicatePriorities.empty())
      continue;
    result.analysis.emplace(std::move(models));
  }
}

NsgCoverage NsgCoverageAnalysis::run(const Module &module, AnalysisManager &) {
  NsgCoverage coverage;
  NetworkFacts facts;
  bool haveFacts = false;

  // Child rules by NSG resource index: certain, or maybe attached.
  std::map<unsigned, std::vector<std::pair<const Resource *, bool>>> children;
  for (const Resource &resource : module.resources) {
    if (!isType(resource, ruleType) || getCondition(resource) == false)
      continue;
    std::vector<unsigned> yes, maybe;
    findParents(module, resource, nsgType, yes, maybe);
    for (unsigned i : yes)
      children[i].push_back({&resource, true});
    if (yes.empty())
      for (unsigned i : maybe)
        children[i].push_back({&resource, false});
  }

  for (unsigned i = 0; i != module.resources.size(); ++i) {
    const Resource &resource = module.resources[i];
    if (!isType(resource, nsgType) || getCondition(resource) == false)
      continue;
    auto childIt = children.find(i);
    if (resource.existing && childIt == children.end())
      continue;
    if (!haveFacts) {
      facts = getNetworkFacts(module);
      haveFacts = true;
    }
    IntervalSet virtualNetwork =
        getVirtualNetworkSpace(module, resource, facts);
    auto build = [&](const Value *list, std::string condition) {
      NsgInfo &info = coverage.nsgs.emplace_back();
      info.resource = &resource;
      info.name = getDisplayName(resource.name);
      info.condition = std::move(condition);
      info.context.virtualNetwork = virtualNetwork;
      info.context.anyVirtualNetwork = facts.allSpaces;
      if (resource.existing)
        addUnknownRules(info, resource.range,
                        "it is an existing network security group whose "
                        "other rules are not known");
      else
        addInlineRules(info, list);
      if (childIt != children.end())
        for (auto [child, certain] : childIt->second)
          addChildRule(info, *child, certain);
      addDefaultRules(info, NsgDirection::Inbound);
      addDefaultRules(info, NsgDirection::Outbound);
      analyzeDirections(info);
    };
    // Enumerated rule lists (`if()`, a parameter indexing a variable): one
    // NSG per value, each finding naming the value.
    const Value *list = resource.properties.get("securityRules");
    if (list && isEnumeratedRuleList(*list)) {
      for (const Value &alt : list->alternatives())
        build(&alt, "securityRules is " + describeRuleList(alt) + " (" +
                        list->provenance() + ")");
      continue;
    }
    build(list, "");
  }
  return coverage;
}

//===----------------------------------------------------------------------===//
// Exposure
//===----------------------------------------------------------------------===//

namespace {
struct ExposureKey {
  unsigned rule;
  unsigned port;
  friend bool operator<(const ExposureKey &a, const ExposureKey &b) {
    return std::tie(a.rule, a.port) < std::tie(b.rule, b.port);
  }
};
} // namespace

/// The exposures \p analysis proves, by (analysis rule, port), in order.
static std::map<ExposureKey, std::vector<Protocol>>
getSureExposures(const FirstMatchAnalysis &analysis,
                 llvm::ArrayRef<unsigned> ports, const IntervalSet &internet,
                 std::vector<unsigned> *possiblePorts) {
  std::map<ExposureKey, std::vector<Protocol>> sure;
  const std::vector<RuleModel> &models = analysis.getRules();
  for (unsigned port : ports) {
    bool possible = false;
    for (Protocol protocol : {Protocol::Tcp, Protocol::Udp}) {
      TrafficSet region = fullTraffic();
      region[static_cast<unsigned>(Dimension::Protocol)] =
          protocolSet(protocol);
      region[static_cast<unsigned>(Dimension::DestinationPort)] =
          portSet(port, port);
      region[static_cast<unsigned>(Dimension::SourceAddress)] = internet;
      for (const Outcome &o : analysis.decide(region)) {
        if (o.decider < 0)
          continue;
        AccessMask access = models[o.decider].access;
        // Only a decision that no rule with unknown parts can take away
        // names its rule.
        if (access == accessAllow && !o.unknownAccess)
          sure[{static_cast<unsigned>(o.decider), port}].push_back(protocol);
        else if ((access | o.unknownAccess) & accessAllow)
          possible = true;
      }
    }
    if (possible && possiblePorts)
      possiblePorts->push_back(port);
  }
  return sure;
}

/// The source entries of an allowing rule through which it exposes.
static std::vector<std::string>
getExposingSources(const FirstMatchAnalysis &analysis, unsigned rule,
                   llvm::ArrayRef<std::pair<std::string, IntervalSet>> entries,
                   unsigned port, llvm::ArrayRef<Protocol> protocols,
                   const IntervalSet &internet) {
  std::vector<std::string> sources;
  for (const auto &[text, set] : entries) {
    IntervalSet exposed = set.intersect(internet);
    if (exposed.empty())
      continue;
    TrafficSet region = fullTraffic();
    region[static_cast<unsigned>(Dimension::Protocol)] = IntervalSet();
    for (Protocol protocol : protocols)
      region[static_cast<unsigned>(Dimension::Protocol)].unite(
          protocolSet(protocol));
    region[static_cast<unsigned>(Dimension::DestinationPort)] =
        portSet(port, port);
    region[static_cast<unsigned>(Dimension::SourceAddress)] = exposed;
    for (const Outcome &o : analysis.decide(region))
      if (o.decider == static_cast<int>(rule) && !o.unknownAccess) {
        sources.push_back(text);
        break;
      }
  }
  return sources;
}

void NsgCoverage::findExposures(
    const NsgInfo &nsg, llvm::ArrayRef<unsigned> ports,
    std::vector<NsgExposure> &exposures,
    std::vector<NsgPossibleExposure> &possible) const {
  const NsgDirectionResult &inbound = nsg.get(NsgDirection::Inbound);
  if (!inbound.analysis)
    return;
  const FirstMatchAnalysis &analysis = *inbound.analysis;
  IntervalSet internet = internetAddresses(nsg.context);
  std::vector<unsigned> possiblePorts;
  auto base = getSureExposures(analysis, ports, internet, &possiblePorts);
  for (const auto &[key, protocols] : base) {
    NsgExposure &e = exposures.emplace_back();
    e.rule = inbound.ruleIndices[key.rule];
    e.port = key.port;
    e.protocols = protocols;
    e.sources =
        getExposingSources(analysis, key.rule, nsg.rules[e.rule].sources,
                           key.port, protocols, internet);
  }

  // What each enumerated value does, the other rules as they are.
  const std::vector<RuleModel> &models = analysis.getRules();
  std::map<ExposureKey, size_t> conditional;
  size_t scenarios = 0;
  for (unsigned k = 0; k != models.size(); ++k) {
    const RuleModel &model = models[k];
    if (!model.priority || !model.certain)
      continue;
    const NsgSecurityRule &nsgRule = nsg.rules[inbound.ruleIndices[k]];
    for (unsigned v = 0; v != model.variants.size(); ++v) {
      if (++scenarios > maxScenarios)
        break;
      std::vector<RuleModel> fixed = models;
      fixed[k] = makeKnownRule(*model.priority, model.variants[v].access,
                               model.variants[v].traffic);
      FirstMatchOptions options;
      options.computeVerdicts = false;
      FirstMatchAnalysis scenario(std::move(fixed), options);
      for (const auto &[key, protocols] :
           getSureExposures(scenario, ports, internet, nullptr)) {
        if (base.count(key))
          continue;
        const std::string &condition = nsgRule.variantDescriptions[v];
        if (auto it = conditional.find(key); it != conditional.end()) {
          exposures[it->second].condition += " or " + condition;
          continue;
        }
        conditional[key] = exposures.size();
        NsgExposure &e = exposures.emplace_back();
        e.rule = inbound.ruleIndices[key.rule];
        e.port = key.port;
        e.protocols = protocols;
        e.sources =
            getExposingSources(scenario, key.rule,
                               key.rule == k ? nsgRule.variantSources[v]
                                             : nsg.rules[e.rule].sources,
                               key.port, protocols, internet);
        e.condition = condition;
      }
    }
  }

  for (unsigned port : possiblePorts) {
    NsgPossibleExposure &p = possible.emplace_back();
    p.port = port;
    TrafficSet region = fullTraffic();
    region[static_cast<unsigned>(Dimension::DestinationPort)] =
        portSet(port, port);
    region[static_cast<unsigned>(Dimension::SourceAddress)] = internet;
    for (unsigned k : analysis.getOrder())
      if (!models[k].isKnown() && !models[k].isDefault &&
          intersects(models[k].may, region) && p.dependsOn.size() < 3)
        p.dependsOn.push_back(inbound.ruleIndices[k]);
  }
}

//===----------------------------------------------------------------------===//
// Messages
//===----------------------------------------------------------------------===//

std::string armor::describeNsgRule(const NsgSecurityRule &rule) {
  return llvm::formatv("rule '{0}' (priority {1})", rule.name,
                       rule.getPriorityText());
}

std::string armor::describeNsgRules(const NsgInfo &nsg,
                                    llvm::ArrayRef<unsigned> rules) {
  if (rules.size() == 1)
    return describeNsgRule(nsg.rules[rules.front()]);
  std::string text = "rules ";
  constexpr size_t shown = 5;
  for (size_t i = 0; i != rules.size() && i != shown; ++i) {
    const NsgSecurityRule &rule = nsg.rules[rules[i]];
    if (i)
      text += ", ";
    text += llvm::formatv("'{0}' (priority {1})", rule.name,
                          rule.getPriorityText());
  }
  if (rules.size() > shown)
    text += llvm::formatv(" and {0} more", rules.size() - shown);
  return text;
}

std::string armor::describeNsgDependencies(const NsgInfo &nsg,
                                           llvm::ArrayRef<unsigned> rules) {
  std::string text;
  for (unsigned i : rules) {
    const NsgSecurityRule &rule = nsg.rules[i];
    if (!text.empty())
      text += "; ";
    if (rule.unknownParts.empty())
      text += "which addresses the service tags or application security "
              "groups of " +
              describeNsgRule(rule) + " contain";
    else
      text += describeNsgRule(rule) + ", because " + rule.unknownParts.front();
  }
  return text.empty() ? "rules with unknown values" : text;
}

static void addRuleVerdicts(const NsgInfo &nsg, NsgDirection direction,
                            std::vector<NsgRuleVerdict> &verdicts) {
  const NsgDirectionResult &result = nsg.get(direction);
  if (!result.analysis)
    return;
  const FirstMatchAnalysis &analysis = *result.analysis;
  auto toRules = [&](llvm::ArrayRef<unsigned> indices) {
    std::vector<unsigned> rules;
    for (unsigned k : indices)
      rules.push_back(result.ruleIndices[k]);
    return rules;
  };
  auto make = [&](unsigned k, const RuleVerdict &v) {
    NsgRuleVerdict verdict;
    verdict.rule = result.ruleIndices[k];
    verdict.verdict = v.verdict;
    verdict.deciders = toRules(v.deciders);
    verdict.opposite = toRules(v.opposite);
    verdict.dependsOn = toRules(v.dependsOn);
    return verdict;
  };
  llvm::ArrayRef<unsigned> order = analysis.getOrder();
  auto byOrder = [&](std::vector<unsigned> &indices) {
    llvm::sort(indices, [&](unsigned a, unsigned b) {
      return llvm::find(order, a) < llvm::find(order, b);
    });
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  };
  for (unsigned k = 0; k != analysis.getRules().size(); ++k) {
    if (analysis.getRules()[k].isDefault)
      continue;
    const RuleVerdict &own = analysis.getVerdict(k);
    if (own.verdict != Verdict::NotChecked) {
      verdicts.push_back(make(k, own));
      continue;
    }
    llvm::ArrayRef<RuleVerdict> variants = analysis.getVariantVerdicts(k);
    if (variants.empty())
      continue;
    bool agree = llvm::all_of(variants, [&](const RuleVerdict &v) {
      return v.verdict == variants.front().verdict;
    });
    if (agree) {
      RuleVerdict merged = variants.front();
      for (const RuleVerdict &v : variants.drop_front()) {
        llvm::append_range(merged.deciders, v.deciders);
        llvm::append_range(merged.opposite, v.opposite);
        llvm::append_range(merged.dependsOn, v.dependsOn);
      }
      byOrder(merged.deciders);
      byOrder(merged.opposite);
      byOrder(merged.dependsOn);
      verdicts.push_back(make(k, merged));
      continue;
    }
    const NsgSecurityRule &rule = nsg.rules[result.ruleIndices[k]];
    for (unsigned v = 0; v != variants.size(); ++v) {
      verdicts.push_back(make(k, variants[v]));
      verdicts.back().condition = rule.variantDescriptions[v];
    }
  }
}

std::vector<NsgRuleVerdict> armor::getNsgRuleVerdicts(const NsgInfo &nsg) {
  std::vector<NsgRuleVerdict> verdicts;
  addRuleVerdicts(nsg, NsgDirection::Inbound, verdicts);
  addRuleVerdicts(nsg, NsgDirection::Outbound, verdicts);
  llvm::stable_sort(verdicts,
                    [](const NsgRuleVerdict &a, const NsgRuleVerdict &b) {
                      return a.rule < b.rule;
                    });
  return verdicts;
}
