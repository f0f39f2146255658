//===- NetworkTopologyAnalysis.cpp - VNets, firewalls, routes, logs ------===//
///
/// \file
/// Reads the evaluated IR of a deployment into the network topology. What
/// the IR does not know stays unknown: a subnet list that is an expression
/// makes the VNet's subnets incomplete, a reference that cannot be told
/// apart from several declared resources is Unknown, and the rules say
/// nothing (or a note) where their verdict would depend on it.
///
//===----------------------------------------------------------------------===//

#include "passes/NetworkTopologyAnalysis.h"

#include "passes/Rule.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace armor;
using namespace armor::ir;
using namespace armor::topology;
using llvm::StringRef;
using State = TopologyRef::State;

AnalysisKey NetworkTopologyAnalysis::key;

namespace {
/// Computed for the nested modules of a module whose topology was built:
/// its presence tells getNetworkTopology() that they are covered.
struct NestedTopologyMarker : AnalysisInfoMixin<NestedTopologyMarker> {
  static AnalysisKey key;
  struct Result {};
  Result run(const Module &, AnalysisManager &) { return {}; }
};
} // namespace

AnalysisKey NestedTopologyMarker::key;

//===----------------------------------------------------------------------===//
// Small helpers
//===----------------------------------------------------------------------===//

static bool isType(const Resource &resource, StringRef type) {
  return StringRef(resource.type).equals_insensitive(type);
}

static bool isExpressionSegment(StringRef segment) {
  return segment.starts_with("[");
}

static std::string getKeyText(const ResourceKey &key) {
  std::string text = StringRef(key.type).lower();
  for (const std::string &segment : key.segments) {
    text += '/';
    text += isExpressionSegment(segment) ? segment : StringRef(segment).lower();
  }
  return text;
}

/// The last segment of a child resource's name ("flowlog" of
/// "watcher/flowlog"), as users call it.
static std::string getShortName(const Value &name) {
  std::vector<std::string> segments = getNameSegments(name);
  if (segments.empty())
    return getDisplayName(name);
  return segments.back();
}

static std::string getKeyDisplayName(const ResourceKey &key) {
  return llvm::join(key.segments, "/");
}

bool topology::isExemptSubnetName(StringRef name) {
  for (StringRef exempt :
       {firewallSubnetName, firewallManagementSubnetName,
        StringRef("GatewaySubnet"), StringRef("AzureBastionSubnet"),
        StringRef("RouteServerSubnet")})
    if (name.equals_insensitive(exempt))
      return true;
  return false;
}

bool topology::parseIPv4Prefix(StringRef text, uint32_t &address,
                               unsigned &length) {
  auto [ip, len] = text.trim().split('/');
  if (len.empty() || len.getAsInteger(10, length) || length > 32)
    return false;
  llvm::SmallVector<StringRef, 4> parts;
  ip.split(parts, '.');
  if (parts.size() != 4)
    return false;
  address = 0;
  for (StringRef part : parts) {
    unsigned octet;
    if (part.empty() || part.size() > 3 || part.getAsInteger(10, octet) ||
        octet > 255)
      return false;
    address = (address << 8) | octet;
  }
  return true;
}

std::string topology::formatIPv4(uint32_t address) {
  return llvm::formatv("{0}.{1}.{2}.{3}", address >> 24, (address >> 16) & 255,
                       (address >> 8) & 255, address & 255)
      .str();
}

/// Where looking up a dotted path ends: at a value, at a missing member, or
/// at a value that is not an object (unknown).
enum class Lookup { Found, Absent, Unknown };

static Lookup lookup(const Value *object, StringRef path, const Value *&out) {
  out = nullptr;
  const Value *current = object;
  while (!path.empty()) {
    auto [head, tail] = path.split('.');
    if (!current || current->isNull())
      return Lookup::Absent;
    if (!current->isObject())
      return Lookup::Unknown;
    current = current->get(head);
    path = tail;
  }
  if (!current || current->isNull())
    return Lookup::Absent;
  out = current;
  return Lookup::Found;
}

/// Why \p value is not a known constant, for notes.
static std::string getWhy(const Value &value) {
  if ((value.isUnknown() || value.isEnumerated()) &&
      !value.provenance().empty())
    return value.provenance();
  return "'" + getDisplayName(value) + "' is not known";
}

static Tri combine(Tri a, Tri b) {
  if (a == Tri::Yes || b == Tri::Yes)
    return Tri::Yes;
  if (a == Tri::Maybe || b == Tri::Maybe)
    return Tri::Maybe;
  return Tri::No;
}

//===----------------------------------------------------------------------===//
// Reading references
//===----------------------------------------------------------------------===//

namespace {
/// One '/'-separated segment of an ID built by concat() or format().
struct Segment {
  std::string text; ///< the literal, or the expression as "[...]"
  ExprPtr expr;     ///< set for expression segments
};
} // namespace

static bool isResourceIdCall(const Expr &expr) {
  return expr.isCallTo("resourceId") ||
         expr.isCallTo("subscriptionResourceId") ||
         expr.isCallTo("tenantResourceId") ||
         expr.isCallTo("extensionResourceId") ||
         expr.isCallTo("managementGroupResourceId");
}

namespace {
/// Cuts the pieces of a concat()/format() into segments at literal '/'.
class SegmentBuilder {
public:
  bool addText(StringRef text) {
    for (char c : text) {
      if (c == '/') {
        flush();
        continue;
      }
      if (current.expr)
        return false; // an expression glued to text
      current.text += c;
    }
    return true;
  }
  bool addExpr(const ExprPtr &expr) {
    if (current.expr || !current.text.empty())
      return false;
    current.expr = expr;
    current.text = expr->toTemplateString();
    return true;
  }
  std::vector<Segment> finish() {
    flush();
    return std::move(segments);
  }

private:
  void flush() {
    if (current.expr || !current.text.empty())
      segments.push_back(std::move(current));
    current = Segment();
  }
  Segment current;
  std::vector<Segment> segments;
};
} // namespace

static bool addPieces(const ExprPtr &expr, SegmentBuilder &builder,
                      bool nested);

/// format('{0}/subnets/{1}', a, b): the pattern's text and its arguments.
static bool addFormatPieces(const Expr &call, SegmentBuilder &builder) {
  const auto &args = call.args();
  if (args.empty() || args[0]->getKind() != Expr::Kind::String)
    return false;
  StringRef pattern = args[0]->text();
  std::string text;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if ((c == '{' || c == '}') && i + 1 < pattern.size() &&
        pattern[i + 1] == c) {
      text += c;
      ++i;
      continue;
    }
    if (c != '{') {
      text += c;
      continue;
    }
    size_t close = pattern.find('}', i);
    unsigned index;
    if (close == StringRef::npos ||
        pattern.slice(i + 1, close).getAsInteger(10, index) ||
        index + 1 >= args.size())
      return false;
    if (!builder.addText(text) || !addPieces(args[index + 1], builder, true))
      return false;
    text.clear();
    i = close;
  }
  return builder.addText(text);
}

/// True if a string literal in \p expr contains a '/'.
static bool hasSlash(const Expr &expr) {
  if (expr.getKind() == Expr::Kind::String)
    return StringRef(expr.text()).contains('/');
  if (expr.getKind() != Expr::Kind::Call)
    return false;
  return llvm::any_of(expr.args(),
                      [](const ExprPtr &arg) { return hasSlash(*arg); });
}

static bool addPieces(const ExprPtr &expr, SegmentBuilder &builder,
                      bool nested) {
  if (expr->getKind() == Expr::Kind::String)
    return builder.addText(expr->text());
  // A nested concat() without a '/' builds one name: an opaque segment, as
  // getNameSegments() reads the declared name.
  if (nested && !hasSlash(*expr))
    return builder.addExpr(expr);
  if (expr->isCallTo("concat")) {
    for (const ExprPtr &arg : expr->args())
      if (!addPieces(arg, builder, true))
        return false;
    return true;
  }
  if (expr->isCallTo("format"))
    return addFormatPieces(*expr, builder);
  return builder.addExpr(expr);
}

/// Reads type and names from segments: `<base resourceId()>/type/name...`,
/// `.../providers/Ns/type/name...` or the relative `Ns/type/name...`.
static bool readKey(const std::vector<Segment> &segments, ResourceKey &key) {
  size_t next = 0;
  if (!segments.empty() && segments[0].expr &&
      isResourceIdCall(*segments[0].expr)) {
    if (!getReferenceKey(Value::expression(segments[0].expr), key))
      return false;
    next = 1;
  } else {
    size_t providers = StringRef::npos;
    for (size_t i = 0; i != segments.size(); ++i)
      if (!segments[i].expr &&
          StringRef(segments[i].text).equals_insensitive("providers"))
        providers = i;
    next = providers == StringRef::npos ? 0 : providers + 1;
    if (next >= segments.size() || segments[next].expr ||
        !StringRef(segments[next].text).contains('.'))
      return false;
    key.type = segments[next].text;
    ++next;
  }
  if (next == segments.size() || (segments.size() - next) % 2 != 0)
    return false;
  for (; next < segments.size(); next += 2) {
    if (segments[next].expr)
      return false;
    key.type += "/" + segments[next].text;
    key.segments.push_back(segments[next + 1].text);
  }
  return true;
}

static bool readKeyFromText(StringRef text, ResourceKey &key) {
  SegmentBuilder builder;
  builder.addText(text);
  return readKey(builder.finish(), key);
}

static bool readKeyFromExpr(const ExprPtr &expr, ResourceKey &key) {
  if (isResourceIdCall(*expr) ||
      (expr->isCallTo("reference") && !expr->args().empty() &&
       isResourceIdCall(*expr->args()[0])))
    return getReferenceKey(Value::expression(expr), key);
  if (expr->getKind() == Expr::Kind::String)
    return readKeyFromText(expr->text(), key);
  if (!expr->isCallTo("concat") && !expr->isCallTo("format"))
    return false;
  SegmentBuilder builder;
  if (!addPieces(expr, builder, false))
    return false;
  return readKey(builder.finish(), key);
}

/// Matches `operand.name` case-insensitively and returns the operand.
static const Expr *matchMember(const Expr *expr, StringRef name) {
  if (!expr || expr->getKind() != Expr::Kind::Member ||
      !StringRef(expr->text()).equals_insensitive(name))
    return nullptr;
  return &expr->operand();
}

/// Skips `.properties` after reference(x, api, 'Full').
static const Expr *skipFullProperties(const Expr *expr) {
  if (const Expr *inner = matchMember(expr, "properties"))
    if (inner->isCallTo("reference"))
      return inner;
  return expr;
}

//===----------------------------------------------------------------------===//
// NetworkTopology: resolution
//===----------------------------------------------------------------------===//

Tri NetworkTopology::match(const ResourceKey &key,
                           const Resource *&found) const {
  found = nullptr;
  auto it = byType.find(StringRef(key.type).lower());
  if (it == byType.end())
    return Tri::No;
  Tri result = Tri::No;
  for (const Indexed &candidate : it->second) {
    if (candidate.key.segments.size() != key.segments.size())
      continue;
    Tri same = Tri::Yes;
    for (size_t i = 0; i != key.segments.size() && same != Tri::No; ++i) {
      StringRef a = candidate.key.segments[i], b = key.segments[i];
      if (!isExpressionSegment(a) && !isExpressionSegment(b)) {
        if (!a.equals_insensitive(b))
          same = Tri::No;
      } else if (a != b) {
        same = Tri::Maybe;
      }
    }
    if (same == Tri::Yes) {
      // Prefer what is deployed over an `existing` reference to it.
      if (!found || (found->existing && !candidate.resource->existing))
        found = candidate.resource;
      result = Tri::Yes;
    } else if (same == Tri::Maybe && result == Tri::No) {
      result = Tri::Maybe;
    }
  }
  return result;
}

TopologyRef NetworkTopology::resolveKey(const ResourceKey &key,
                                        const Value *value) const {
  TopologyRef ref;
  ref.value = value;
  ref.key = key;
  const Resource *found = nullptr;
  switch (match(key, found)) {
  case Tri::Yes:
    ref.resource = found;
    ref.state = found->existing ? State::External : State::Declared;
    return ref;
  case Tri::No:
    ref.state = State::External;
    return ref;
  case Tri::Maybe:
    ref.state = State::Unknown;
    ref.why = llvm::formatv("it is not known whether '{0}' is one of the "
                            "resources of type '{1}' that the deployment "
                            "declares",
                            getKeyDisplayName(key), key.type)
                  .str();
    return ref;
  }
  llvm_unreachable("covered switch");
}

TopologyRef NetworkTopology::resolveExpr(const ExprPtr &expr,
                                         const Value *value) const {
  // reference('symbolicName') of languageVersion 2.0.
  if (expr->isCallTo("reference") && !expr->args().empty() &&
      expr->args()[0]->getKind() == Expr::Kind::String &&
      !StringRef(expr->args()[0]->text()).contains('/')) {
    TopologyRef ref;
    ref.value = value;
    if (const Resource *r = graph.resolve(Value::expression(expr))) {
      ref.resource = r;
      ref.key = ResourceKey{r->type, getNameSegments(r->name)};
      ref.state = r->existing ? State::External : State::Declared;
      return ref;
    }
    ref.state = State::Unknown;
    ref.why = "'" + expr->toTemplateString() + "' names no declared resource";
    return ref;
  }
  // reference(id, ...): the resource the id names.
  if (expr->isCallTo("reference") && !expr->args().empty())
    return resolveExpr(expr->args()[0], value);
  ResourceKey key;
  if (readKeyFromExpr(expr, key))
    return resolveKey(key, value);
  TopologyRef ref;
  ref.value = value;
  ref.state = State::Unknown;
  ref.why =
      "'" + expr->toTemplateString() + "' is not a resource ID armor can read";
  return ref;
}

const Value &NetworkTopology::followOutputs(const Value &value) const {
  const Value *current = &value;
  for (unsigned depth = 0; depth != 8; ++depth) {
    if (current->isEnumerated() || !current->expr())
      break;
    // reference(deployment, ...).outputs.<name>.value
    const Expr *expr = current->expr().get();
    const Expr *named = matchMember(expr, "value");
    if (!named || named->getKind() != Expr::Kind::Member)
      break;
    const Expr *outputs = matchMember(&named->operand(), "outputs");
    if (!outputs || !outputs->isCallTo("reference"))
      break;
    const Resource *deployment =
        graph.resolve(Value::expression(named->operand().operandPtr()));
    if (!deployment || !deployment->nested)
      break;
    const Output *output = nullptr;
    for (const Output &o : deployment->nested->outputs)
      if (StringRef(o.name).equals_insensitive(named->text()))
        output = &o;
    if (!output)
      break;
    current = &output->value;
  }
  return *current;
}

TopologyRef NetworkTopology::resolve(const Value *reference) const {
  TopologyRef ref;
  ref.value = reference;
  if (!reference || reference->isNull())
    return ref;
  const Value &value = followOutputs(*reference);
  if (value.isString()) {
    if (StringRef(value.getString()).trim().empty())
      return ref;
    ResourceKey key;
    if (readKeyFromText(value.getString(), key))
      return resolveKey(key, reference);
    ref.state = State::Unknown;
    ref.why = "'" + value.getString() + "' is not a resource ID";
    return ref;
  }
  if (value.expr() && !value.isEnumerated()) {
    TopologyRef resolved = resolveExpr(value.expr(), reference);
    if (resolved.isUnknown() && value.isUnknown() &&
        !value.provenance().empty())
      resolved.why = value.provenance();
    return resolved;
  }
  ref.state = State::Unknown;
  ref.why = getWhy(value);
  return ref;
}

int NetworkTopology::getVnetNode(const ResourceKey &key, State &state) {
  ResourceKey vnetKey = key;
  const Resource *found = nullptr;
  switch (match(vnetKey, found)) {
  case Tri::Yes: {
    auto it = vnetIndex.find(found);
    assert(it != vnetIndex.end() && "every VNet resource has a node");
    state = found->existing ? State::External : State::Declared;
    return it->second;
  }
  case Tri::Maybe:
    state = State::Unknown;
    return -1;
  case Tri::No:
    break;
  }
  state = State::External;
  std::string text = getKeyText(vnetKey);
  auto [it, inserted] = externalVnetIndex.try_emplace(text, vnets.size());
  if (inserted) {
    TopologyVnet vnet;
    vnet.key = vnetKey;
    vnet.name = getKeyDisplayName(vnetKey);
    vnet.external = true;
    vnet.subnetsComplete = false;
    vnets.push_back(std::move(vnet));
  }
  return it->second;
}

int NetworkTopology::findVnetNode(const TopologyRef &ref) const {
  if (ref.resource) {
    auto it = vnetIndex.find(ref.resource);
    return it == vnetIndex.end() ? -1 : static_cast<int>(it->second);
  }
  if (ref.state != State::External || !ref.key)
    return -1;
  auto it = externalVnetIndex.find(getKeyText(*ref.key));
  return it == externalVnetIndex.end() ? -1 : static_cast<int>(it->second);
}

/// `reference(vnet).subnets[N].id` (also with `.properties` after a 'Full'
/// reference): the reference call and N.
static bool matchInlineSubnetId(const Expr &expr, ExprPtr &referenceCall,
                                size_t &index) {
  const Expr *indexed = matchMember(&expr, "id");
  if (!indexed || indexed->getKind() != Expr::Kind::Index ||
      indexed->index().getKind() != Expr::Kind::Integer ||
      indexed->index().integer() < 0)
    return false;
  const Expr *list = &indexed->operand();
  if (list->getKind() != Expr::Kind::Member ||
      !StringRef(list->text()).equals_insensitive("subnets"))
    return false;
  ExprPtr call = list->operandPtr();
  if (const Expr *props = matchMember(call.get(), "properties");
      props && props->isCallTo("reference"))
    call = call->operandPtr();
  if (!call->isCallTo("reference") || call->args().empty())
    return false;
  referenceCall = call;
  index = static_cast<size_t>(indexed->index().integer());
  return true;
}

/// `json(format('{"id": "{0}"}', id))`: the id expression.
static ExprPtr matchJsonIdWrapper(const Expr &expr) {
  if (!expr.isCallTo("json") || expr.args().size() != 1)
    return nullptr;
  const Expr &format = *expr.args()[0];
  if (!format.isCallTo("format") || format.args().size() != 2 ||
      format.args()[0]->getKind() != Expr::Kind::String)
    return nullptr;
  StringRef pattern = format.args()[0]->text();
  std::string compact;
  for (char c : pattern)
    if (!llvm::isSpace(c))
      compact += c;
  if (compact != "{{\"id\":\"{0}\"}}")
    return nullptr;
  return format.args()[1];
}

TopologySubnetRef NetworkTopology::resolveSubnet(const Value *reference) {
  TopologySubnetRef out;
  out.value = reference;
  if (!reference || reference->isNull())
    return out;
  const Value *idValue = reference;
  if (reference->isObject()) {
    idValue = reference->get("id");
    out.value = idValue;
    if (!idValue || idValue->isNull())
      return out;
  }
  const Value &value = followOutputs(*idValue);
  TopologyRef ref;
  if (value.expr() && !value.isEnumerated()) {
    ExprPtr expr = value.expr();
    if (ExprPtr id = matchJsonIdWrapper(*expr))
      expr = id;
    ExprPtr referenceCall;
    size_t index = 0;
    if (matchInlineSubnetId(*expr, referenceCall, index)) {
      TopologyRef vnetRef = resolveExpr(referenceCall, idValue);
      out.state = vnetRef.state;
      out.why = vnetRef.why;
      if (!vnetRef.resource || !isType(*vnetRef.resource, vnetType)) {
        if (out.state != State::External) {
          out.state = State::Unknown;
          if (out.why.empty())
            out.why =
                "'" + referenceCall->toTemplateString() + "' is not a VNet";
        }
        return out;
      }
      out.vnet = vnetIndex.lookup(vnetRef.resource);
      const TopologyVnet &vnet = vnets[out.vnet];
      if (vnetRef.state != State::Declared ||
          index >= vnet.inlineSubnets.size() || vnet.inlineSubnets[index] < 0) {
        out.state = State::Unknown;
        out.why = llvm::formatv("subnet {0} of virtual network '{1}' is not "
                                "known",
                                index, vnet.name)
                      .str();
        return out;
      }
      out.subnet = vnet.inlineSubnets[index];
      out.name = subnets[out.subnet].name;
      out.nameKnown = subnets[out.subnet].nameKnown;
      return out;
    }
    ref = resolveExpr(expr, idValue);
    if (ref.isUnknown() && value.isUnknown() && !value.provenance().empty())
      ref.why = value.provenance();
  } else {
    ref = resolve(idValue);
  }
  out.state = ref.state;
  out.why = ref.why;
  if (ref.isAbsent() || ref.isUnknown())
    return out;
  if (!ref.key || !StringRef(ref.key->type).equals_insensitive(subnetType) ||
      ref.key->segments.size() != 2) {
    out.state = State::Unknown;
    out.why = "it is not a subnet ID";
    return out;
  }
  out.name = ref.key->segments[1];
  out.nameKnown = !isExpressionSegment(out.name);
  ResourceKey vnetKey{vnetType.str(), {ref.key->segments[0]}};
  State vnetState;
  out.vnet = getVnetNode(vnetKey, vnetState);
  if (out.vnet < 0) {
    out.state = State::Unknown;
    out.why = llvm::formatv("it is not known which virtual network '{0}' is",
                            ref.key->segments[0])
                  .str();
    return out;
  }
  out.state = vnetState;
  if (out.nameKnown) {
    for (unsigned s : vnets[out.vnet].subnets)
      if (subnets[s].nameKnown &&
          StringRef(subnets[s].name).equals_insensitive(out.name))
        out.subnet = s;
  } else {
    for (unsigned s : vnets[out.vnet].subnets)
      if (subnets[s].name == out.name)
        out.subnet = s;
  }
  if (out.subnet >= 0) {
    // Azure finds a subnet case-insensitively; its name is the declared one.
    out.name = subnets[out.subnet].name;
    out.nameKnown = subnets[out.subnet].nameKnown;
  }
  return out;
}

const Resource *
NetworkTopology::getFirewallOfPrivateIp(const Value &value) const {
  const Value &v = followOutputs(value);
  if (v.isEnumerated() || !v.expr())
    return nullptr;
  // reference(fw).ipConfigurations[N].properties.privateIPAddress
  const Expr *props = matchMember(v.expr().get(), "privateIPAddress");
  const Expr *indexed = matchMember(props, "properties");
  if (!indexed || indexed->getKind() != Expr::Kind::Index)
    return nullptr;
  const Expr *call =
      skipFullProperties(matchMember(&indexed->operand(), "ipConfigurations"));
  if (!call || !call->isCallTo("reference"))
    return nullptr;
  // The call is the operand of a Member node: find its shared pointer.
  const Expr *configs = &indexed->operand();
  ExprPtr callPtr = configs->operandPtr();
  if (callPtr.get() != call)
    callPtr = callPtr->operandPtr();
  const Resource *r = graph.resolve(Value::expression(callPtr));
  if (!r || !isType(*r, firewallType))
    return nullptr;
  return r;
}

//===----------------------------------------------------------------------===//
// NetworkTopology: construction
//===----------------------------------------------------------------------===//

NetworkTopology::NetworkTopology(const Module &, const ResourceGraph &graph)
    : graph(graph) {
  for (const Resource *r : graph.getResources())
    byType[StringRef(r->type).lower()].push_back(
        {r, ResourceKey{r->type, getNameSegments(r->name)}});
  collectVnets();
  collectSubnets();
  collectPeerings();
  collectRouteTables();
  collectFirewalls();
  collectNics();
  collectFlowLogs();
  collectDiagnosticSettings();
  for (const Resource *r : graph.getResources())
    if (isType(*r, nsgType) && !r->existing)
      nsgs.push_back(r);
  computeRouting();
}

static std::vector<const Resource *> getOfType(const ResourceGraph &graph,
                                               StringRef type) {
  return graph.getResourcesOfType(type);
}

void NetworkTopology::collectVnets() {
  for (const Resource *r : getOfType(graph, vnetType)) {
    vnetIndex[r] = vnets.size();
    TopologyVnet vnet;
    vnet.resource = r;
    vnet.key = ResourceKey{r->type, getNameSegments(r->name)};
    vnet.name = getDisplayName(r->name);
    vnet.external = r->existing;
    vnet.subnetsComplete = !r->existing;
    vnets.push_back(std::move(vnet));
    if (!r->existing)
      addInlineSubnets(vnets.size() - 1);
  }
}

/// Reads a subnet's NSG and route table associations.
static void readAssociations(const NetworkTopology &topology,
                             TopologySubnet &subnet) {
  // Inline: the object's `properties`; child resource: its properties.
  const Value *props = subnet.object ? subnet.object->get("properties")
                                     : &subnet.resource->properties;
  for (auto [path, ref] : {std::pair<StringRef, TopologyRef *>{
                               "networkSecurityGroup.id", &subnet.nsg},
                           {"routeTable.id", &subnet.routeTable}}) {
    const Value *found = nullptr;
    switch (lookup(props, path, found)) {
    case Lookup::Found:
      *ref = topology.resolve(found);
      break;
    case Lookup::Absent:
      break;
    case Lookup::Unknown:
      ref->state = State::Unknown;
      ref->why = "the properties of subnet '" + subnet.name + "' are not known";
      break;
    }
  }
}

void NetworkTopology::addInlineSubnets(unsigned index) {
  const Resource &r = *vnets[index].resource;
  const Value *list = nullptr;
  switch (lookup(&r.properties, "subnets", list)) {
  case Lookup::Absent:
    return;
  case Lookup::Unknown:
    vnets[index].subnetsComplete = false;
    return;
  case Lookup::Found:
    break;
  }
  if (!list->isArray()) {
    vnets[index].subnetsComplete = false;
    return;
  }
  for (const Value &element : list->elements()) {
    if (!element.isObject()) {
      vnets[index].inlineSubnets.push_back(-1);
      vnets[index].subnetsComplete = false;
      continue;
    }
    TopologySubnet subnet;
    const Value *name = element.get("name");
    subnet.nameKnown = name && name->isString();
    subnet.name = name ? getDisplayName(*name) : std::string("<unnamed>");
    subnet.nameRange = name ? name->getRange() : element.getRange();
    subnet.object = &element;
    const Value *props = element.get("properties");
    subnet.properties = props && props->isObject() ? props : nullptr;
    subnet.vnet = index;
    subnet.conditional = !r.condition.isNull();
    readAssociations(*this, subnet);
    vnets[index].inlineSubnets.push_back(subnets.size());
    vnets[index].subnets.push_back(subnets.size());
    subnets.push_back(std::move(subnet));
  }
}

void NetworkTopology::collectSubnets() {
  for (const Resource *r : getOfType(graph, subnetType)) {
    TopologySubnet subnet;
    std::vector<std::string> segments = getNameSegments(r->name);
    if (!segments.empty()) {
      subnet.name = segments.back();
      subnet.nameKnown = !isExpressionSegment(subnet.name);
    } else {
      subnet.name = getDisplayName(r->name);
    }
    subnet.nameRange =
        r->name.getRange().isValid() ? r->name.getRange() : r->range;
    subnet.resource = r;
    subnet.properties = r->properties.isObject() ? &r->properties : nullptr;
    subnet.conditional = !r->condition.isNull();
    readAssociations(*this, subnet);

    int vnet = -1;
    if (const Resource *parent = graph.getParent(*r);
        parent && isType(*parent, vnetType)) {
      vnet = vnetIndex.lookup(parent);
    } else if (segments.size() == 2) {
      State state;
      vnet = getVnetNode(ResourceKey{vnetType.str(), {segments[0]}}, state);
    }
    if (vnet < 0) {
      // It may belong to any VNet whose name it cannot be told apart from.
      for (TopologyVnet &node : vnets)
        if (node.resource && !node.external &&
            (segments.size() != 2 ||
             llvm::any_of(node.key.segments, isExpressionSegment) ||
             isExpressionSegment(segments[0])))
          node.subnetsComplete = false;
      subnets.push_back(std::move(subnet));
      continue;
    }
    subnet.vnet = vnet;
    vnets[vnet].subnets.push_back(subnets.size());
    subnets.push_back(std::move(subnet));
  }
}

void NetworkTopology::addPeering(unsigned vnet, const Value &properties) {
  const Value *remote = nullptr;
  if (lookup(&properties, "remoteVirtualNetwork.id", remote) == Lookup::Absent)
    return;
  TopologyRef ref = resolve(remote);
  int other = -1;
  if (ref.key && StringRef(ref.key->type).equals_insensitive(vnetType) &&
      (ref.isDeclared() || ref.state == State::External)) {
    State state;
    other = getVnetNode(*ref.key, state);
  }
  if (other < 0) {
    vnets[vnet].peersComplete = false;
    return;
  }
  if (static_cast<unsigned>(other) == vnet)
    return;
  auto link = [&](unsigned a, unsigned b) {
    if (!llvm::is_contained(vnets[a].peers, b))
      vnets[a].peers.push_back(b);
  };
  link(vnet, other);
  link(other, vnet);
}

void NetworkTopology::collectPeerings() {
  size_t declared = vnets.size();
  for (size_t i = 0; i != declared; ++i) {
    if (!vnets[i].resource || vnets[i].external)
      continue;
    const Value *list = nullptr;
    switch (lookup(&vnets[i].resource->properties, "virtualNetworkPeerings",
                   list)) {
    case Lookup::Absent:
      continue;
    case Lookup::Unknown:
      vnets[i].peersComplete = false;
      continue;
    case Lookup::Found:
      break;
    }
    if (!list->isArray()) {
      vnets[i].peersComplete = false;
      continue;
    }
    for (const Value &peering : list->elements()) {
      const Value *props =
          peering.isObject() ? peering.get("properties") : nullptr;
      if (!props || !props->isObject()) {
        vnets[i].peersComplete = false;
        continue;
      }
      addPeering(i, *props);
    }
  }
  for (const Resource *r : getOfType(graph, peeringType)) {
    if (r->existing)
      continue;
    int vnet = -1;
    if (const Resource *parent = graph.getParent(*r);
        parent && isType(*parent, vnetType)) {
      vnet = vnetIndex.lookup(parent);
    } else {
      std::vector<std::string> segments = getNameSegments(r->name);
      if (segments.size() == 2) {
        State state;
        vnet = getVnetNode(ResourceKey{vnetType.str(), {segments[0]}}, state);
      }
    }
    if (vnet < 0)
      continue;
    if (!r->properties.isObject()) {
      vnets[vnet].peersComplete = false;
      continue;
    }
    addPeering(vnet, r->properties);
  }
}

TopologyIpConfiguration
NetworkTopology::readIpConfiguration(const Value &config) {
  TopologyIpConfiguration out;
  const Value *name = config.get("name");
  out.name = name ? getDisplayName(*name) : std::string();
  out.range = config.getRange();
  const Value *subnet = nullptr;
  switch (lookup(&config, "properties.subnet", subnet)) {
  case Lookup::Absent:
    return out;
  case Lookup::Unknown:
    out.subnet.state = State::Unknown;
    out.subnet.why = "the ipConfiguration's properties are not known";
    return out;
  case Lookup::Found:
    break;
  }
  out.subnet = resolveSubnet(subnet);
  if (out.subnet.value)
    out.range = out.subnet.value->getRange();
  else
    out.range = subnet->getRange();
  return out;
}

void NetworkTopology::collectFirewalls() {
  for (const Resource *r : getOfType(graph, firewallType)) {
    if (r->existing)
      continue;
    firewallIndex[r] = firewalls.size();
    TopologyFirewall firewall;
    firewall.resource = r;
    firewall.name = getDisplayName(r->name);
    firewall.conditional = !r->condition.isNull();
    const Value &props = r->properties;
    const Value *skuName = nullptr, *hub = nullptr;
    lookup(&props, "sku.name", skuName);
    lookup(&props, "sku.tier", firewall.tier);
    lookup(&props, "virtualHub", hub);
    firewall.virtualHub =
        hub || (skuName && skuName->isString() &&
                StringRef(skuName->getString()).equals_insensitive("AZFW_Hub"));
    const Value *configs = nullptr;
    if (lookup(&props, "ipConfigurations", configs) == Lookup::Found &&
        configs->isArray()) {
      for (const Value &config : configs->elements()) {
        if (!config.isObject())
          continue;
        TopologyIpConfiguration ip = readIpConfiguration(config);
        if (!ip.subnet.value && ip.subnet.state == State::Absent)
          continue;
        if (firewall.vnet < 0 && ip.subnet.vnet >= 0)
          firewall.vnet = ip.subnet.vnet;
        firewall.ipConfigurations.push_back(std::move(ip));
      }
    }
    const Value *management = nullptr;
    if (lookup(&props, "managementIpConfiguration", management) ==
        Lookup::Found) {
      firewall.managementValue = management;
      if (management->isObject()) {
        firewall.management = readIpConfiguration(*management);
        if (firewall.vnet < 0 && firewall.management->subnet.vnet >= 0)
          firewall.vnet = firewall.management->subnet.vnet;
      }
    }
    firewalls.push_back(std::move(firewall));
  }
}

static TopologyRoute readRoute(const Value &object, const Value *nameValue,
                               SourceRange fallback) {
  TopologyRoute route;
  route.name = nameValue ? getDisplayName(*nameValue) : std::string();
  route.range = nameValue && nameValue->getRange().isValid()
                    ? nameValue->getRange()
                    : fallback;
  const Value *props = object.isObject() ? &object : nullptr;
  route.addressPrefix = props ? props->get("addressPrefix") : nullptr;
  route.nextHopType = props ? props->get("nextHopType") : nullptr;
  route.nextHopIpAddress = props ? props->get("nextHopIpAddress") : nullptr;
  return route;
}

void NetworkTopology::collectRouteTables() {
  for (const Resource *r : getOfType(graph, routeTableType)) {
    if (r->existing)
      continue;
    routeTableIndex[r] = routeTables.size();
    TopologyRouteTable table;
    table.resource = r;
    table.name = getDisplayName(r->name);
    const Value *list = nullptr;
    switch (lookup(&r->properties, "routes", list)) {
    case Lookup::Absent:
      break;
    case Lookup::Unknown:
      table.incompleteReason = "its properties are not known";
      break;
    case Lookup::Found:
      if (!list->isArray()) {
        table.incompleteReason = "its routes are not known: " + getWhy(*list);
        break;
      }
      for (const Value &element : list->elements()) {
        const Value *props =
            element.isObject() ? element.get("properties") : nullptr;
        if (!props || !props->isObject()) {
          table.incompleteReason = "a route is not known";
          continue;
        }
        table.routes.push_back(
            readRoute(*props, element.get("name"), element.getRange()));
      }
      break;
    }
    routeTables.push_back(std::move(table));
  }
  for (const Resource *r : getOfType(graph, routeType)) {
    if (r->existing)
      continue;
    std::vector<std::string> segments = getNameSegments(r->name);
    const Resource *parent = graph.getParent(*r);
    int table = -1;
    if (parent && isType(*parent, routeTableType)) {
      table = routeTableIndex.lookup(parent);
      if (parent->existing)
        continue;
    } else if (segments.size() == 2) {
      const Resource *found = nullptr;
      Tri m = match(ResourceKey{routeTableType.str(), {segments[0]}}, found);
      if (m == Tri::No || (m == Tri::Yes && found->existing))
        continue; // a route of a table outside the deployment
      if (m == Tri::Yes)
        table = routeTableIndex.lookup(found);
    }
    if (table < 0) {
      for (TopologyRouteTable &t : routeTables)
        t.incompleteReason =
            "route '" + getDisplayName(r->name) + "' may belong to it";
      continue;
    }
    Value nameValue = Value::string(segments.empty() ? getDisplayName(r->name)
                                                     : segments.back(),
                                    r->name.getRange());
    TopologyRoute route = readRoute(r->properties, &nameValue, r->range);
    route.resource = r;
    route.conditional = !r->condition.isNull();
    if (!r->properties.isObject())
      routeTables[table].incompleteReason =
          "the properties of route '" + route.name + "' are not known";
    routeTables[table].routes.push_back(std::move(route));
  }
}

void NetworkTopology::collectNics() {
  for (const Resource *r : getOfType(graph, nicType)) {
    if (r->existing)
      continue;
    TopologyNic nic;
    nic.resource = r;
    const Value *nsg = nullptr;
    switch (lookup(&r->properties, "networkSecurityGroup.id", nsg)) {
    case Lookup::Found:
      nic.nsg = resolve(nsg);
      break;
    case Lookup::Absent:
      break;
    case Lookup::Unknown:
      nic.nsg.state = State::Unknown;
      break;
    }
    const Value *configs = nullptr;
    if (lookup(&r->properties, "ipConfigurations", configs) == Lookup::Found &&
        configs->isArray()) {
      for (const Value &config : configs->elements()) {
        const Value *subnet = nullptr;
        Lookup l = lookup(&config, "properties.subnet", subnet);
        if (l == Lookup::Found) {
          nic.subnets.push_back(resolveSubnet(subnet));
        } else if (l == Lookup::Unknown) {
          TopologySubnetRef unknown;
          unknown.state = State::Unknown;
          nic.subnets.push_back(unknown);
        }
      }
    } else {
      TopologySubnetRef unknown;
      unknown.state = State::Unknown;
      nic.subnets.push_back(unknown);
    }
    nics.push_back(std::move(nic));
  }
}

bool TopologyFlowLog::targetsNsg() const {
  return targetRef.key &&
         StringRef(targetRef.key->type).equals_insensitive(nsgType);
}

void NetworkTopology::collectFlowLogs() {
  for (const Resource *r : getOfType(graph, flowLogType)) {
    if (r->existing)
      continue;
    TopologyFlowLog log;
    log.resource = r;
    log.name = getShortName(r->name);
    log.conditional = !r->condition.isNull();
    const Value *target = nullptr;
    switch (lookup(&r->properties, "targetResourceId", target)) {
    case Lookup::Found:
      log.target = target;
      log.targetRef = resolve(target);
      if (log.targetRef.key &&
          StringRef(log.targetRef.key->type).equals_insensitive(subnetType))
        log.targetSubnet = resolveSubnet(target);
      break;
    case Lookup::Absent:
      break;
    case Lookup::Unknown:
      log.targetRef.state = State::Unknown;
      log.targetRef.why = "the flow log's properties are not known";
      break;
    }
    lookup(&r->properties, "enabled", log.enabled);
    flowLogs.push_back(std::move(log));
  }
}

/// Whether a diagnostic setting's properties enable a log category and
/// name a destination.
static void readDiagnosticProperties(const NetworkTopology &topology,
                                     const Value &props,
                                     TopologyDiagnosticSetting &setting) {
  if (!props.isObject()) {
    setting.enablesLogs = setting.hasDestination = Tri::Maybe;
    return;
  }
  setting.enablesLogs = Tri::No;
  if (const Value *logs = props.get("logs"); logs && !logs->isNull()) {
    if (!logs->isArray()) {
      setting.enablesLogs = Tri::Maybe;
    } else {
      for (const Value &log : logs->elements()) {
        if (!log.isObject()) {
          setting.enablesLogs = combine(setting.enablesLogs, Tri::Maybe);
          continue;
        }
        const Value *enabled = log.get("enabled");
        const Value *category = log.get("category");
        const Value *group = log.get("categoryGroup");
        bool named =
            (category && !category->isNull()) || (group && !group->isNull());
        if (!enabled || !named)
          continue;
        if (enabled->isBoolean()) {
          if (enabled->getBoolean())
            setting.enablesLogs = Tri::Yes;
          continue;
        }
        setting.enablesLogs = combine(setting.enablesLogs, Tri::Maybe);
      }
    }
  }
  setting.hasDestination = Tri::No;
  for (StringRef key :
       {"workspaceId", "storageAccountId", "eventHubAuthorizationRuleId",
        "marketplacePartnerId"}) {
    const Value *v = props.get(key);
    if (!v || v->isNull())
      continue;
    Tri named = Tri::Maybe;
    if (v->isString()) {
      named = StringRef(v->getString()).trim().empty() ? Tri::No : Tri::Yes;
    } else {
      // An ID built by resourceId() or read from a module output is a
      // destination even when its value is not known.
      TopologyRef ref = topology.resolve(v);
      if (ref.isDeclared() || ref.state == State::External)
        named = Tri::Yes;
    }
    setting.hasDestination = combine(setting.hasDestination, named);
  }
}

void NetworkTopology::collectDiagnosticSettings() {
  for (const Resource *r : graph.getResources()) {
    StringRef type(r->type);
    bool extension = type.equals_insensitive(diagnosticSettingsType);
    bool legacy = type.ends_with_insensitive("providers/diagnosticSettings");
    if ((!extension && !legacy) || r->existing)
      continue;
    TopologyDiagnosticSetting setting;
    setting.resource = r;
    setting.name = getShortName(r->name);
    setting.conditional = !r->condition.isNull();
    if (extension) {
      if (r->scope.isNull())
        continue; // a subscription's activity log settings
      setting.target = resolve(&r->scope);
    } else if (type.equals_insensitive("providers/diagnosticSettings")) {
      // Declared inside the resource it is for.
      const Resource *parent = graph.getParent(*r);
      if (!parent)
        continue;
      // An `existing` parent may be declared elsewhere in the deployment.
      setting.target = resolveKey(
          ResourceKey{parent->type, getNameSegments(parent->name)}, &r->name);
    } else {
      // <type>/providers/diagnosticSettings named
      // <name>/Microsoft.Insights/<setting>.
      StringRef targetType =
          type.drop_back(StringRef("/providers/diagnosticSettings").size());
      size_t names = targetType.count('/');
      std::vector<std::string> segments = getNameSegments(r->name);
      if (segments.size() != names + 2) {
        setting.target.state = State::Unknown;
        setting.target.why = "its name '" + setting.name +
                             "' does not name the resource it is for";
      } else {
        segments.resize(names);
        setting.target =
            resolveKey(ResourceKey{targetType.str(), segments}, &r->name);
      }
    }
    readDiagnosticProperties(*this, r->properties, setting);
    diagnosticSettings.push_back(std::move(setting));
  }
}

//===----------------------------------------------------------------------===//
// Routing through the firewall
//===----------------------------------------------------------------------===//

static Tri isString(const Value *value, StringRef text) {
  if (!value || value->isNull())
    return Tri::No;
  if (value->isString())
    return StringRef(value->getString()).trim().equals_insensitive(text)
               ? Tri::Yes
               : Tri::No;
  return Tri::Maybe;
}

TopologySubnetRouting::Status
NetworkTopology::getRouteStatus(const TopologySubnet &subnet,
                                TopologySubnetRouting &out) const {
  using Status = TopologySubnetRouting::Status;
  const TopologyRef &ref = subnet.routeTable;
  switch (ref.state) {
  case State::Absent:
    return Status::NoRouteTable;
  case State::Unknown:
    out.why = "its route table is not known: " + ref.why;
    out.whyRange = ref.value ? ref.value->getRange() : subnet.nameRange;
    return Status::Unknown;
  case State::External:
    out.why =
        llvm::formatv("its route table '{0}' is not declared in the "
                      "deployment",
                      ref.key ? getKeyDisplayName(*ref.key) : std::string("?"))
            .str();
    out.whyRange = ref.value ? ref.value->getRange() : subnet.nameRange;
    return Status::Unknown;
  case State::Declared:
    break;
  }
  auto it = routeTableIndex.find(ref.resource);
  if (it == routeTableIndex.end()) {
    out.why = "its route table is not a route table";
    out.whyRange = ref.value->getRange();
    return Status::Unknown;
  }
  out.routeTable = it->second;
  const TopologyRouteTable &table = routeTables[it->second];
  bool maybe = false;
  for (size_t i = 0; i != table.routes.size(); ++i) {
    const TopologyRoute &route = table.routes[i];
    Tri isDefault = isString(route.addressPrefix, "0.0.0.0/0");
    Tri isAppliance = isString(route.nextHopType, "VirtualAppliance");
    if (isDefault == Tri::Yes && isAppliance == Tri::Yes &&
        !route.conditional) {
      out.route = i;
      return Status::DefaultRoute;
    }
    if (isDefault != Tri::No && isAppliance != Tri::No) {
      if (!maybe) {
        const Value *unknown =
            isDefault == Tri::Maybe ? route.addressPrefix : route.nextHopType;
        out.why = route.conditional
                      ? "route '" + route.name + "' may not be deployed"
                      : std::string("the ") +
                            (isDefault == Tri::Maybe ? "addressPrefix"
                                                     : "nextHopType") +
                            " of route '" + route.name +
                            "' is not known: " + getWhy(*unknown);
        out.whyRange = route.range;
      }
      maybe = true;
    }
    if (isDefault == Tri::Yes && isAppliance == Tri::No && out.route < 0)
      out.route = i;
  }
  if (maybe)
    return Status::Unknown;
  if (!table.incompleteReason.empty()) {
    out.why = "the routes of route table '" + table.name +
              "' are not known: " + table.incompleteReason;
    out.whyRange = table.resource->name.getRange();
    return Status::Unknown;
  }
  return Status::NoDefaultRoute;
}

void NetworkTopology::computeRouting() {
  std::vector<std::vector<unsigned>> candidates(subnets.size());
  for (unsigned f = 0; f != firewalls.size(); ++f) {
    const TopologyFirewall &firewall = firewalls[f];
    if (firewall.virtualHub || firewall.vnet < 0 || firewall.conditional)
      continue;
    std::vector<unsigned> networks{static_cast<unsigned>(firewall.vnet)};
    llvm::append_range(networks, vnets[firewall.vnet].peers);
    for (unsigned v : networks)
      for (unsigned s : vnets[v].subnets)
        if (!llvm::is_contained(candidates[s], f))
          candidates[s].push_back(f);
  }
  // A child subnet resource replaces an inline subnet of the same name.
  auto isReplaced = [&](const TopologySubnet &subnet) {
    if (!subnet.object || !subnet.nameKnown)
      return false;
    return llvm::any_of(vnets[subnet.vnet].subnets, [&](unsigned other) {
      return subnets[other].resource && subnets[other].nameKnown &&
             StringRef(subnets[other].name).equals_insensitive(subnet.name);
    });
  };
  // The subnets firewalls are in (whatever their name) are not workloads.
  std::vector<bool> firewallSubnet(subnets.size());
  for (const TopologyFirewall &firewall : firewalls) {
    for (const TopologyIpConfiguration &ip : firewall.ipConfigurations)
      if (ip.subnet.subnet >= 0)
        firewallSubnet[ip.subnet.subnet] = true;
    if (firewall.management && firewall.management->subnet.subnet >= 0)
      firewallSubnet[firewall.management->subnet.subnet] = true;
  }
  for (unsigned s = 0; s != subnets.size(); ++s) {
    const TopologySubnet &subnet = subnets[s];
    if (candidates[s].empty() || isReplaced(subnet) || firewallSubnet[s])
      continue;
    TopologySubnetRouting routed;
    routed.subnet = s;
    routed.firewalls = candidates[s];
    if (!subnet.nameKnown) {
      routed.status = TopologySubnetRouting::Status::Unknown;
      routed.why = "the name of the subnet is not known, so it may be exempt";
      routed.whyRange = subnet.nameRange;
    } else if (isExemptSubnetName(subnet.name)) {
      continue;
    } else {
      routed.status = getRouteStatus(subnet, routed);
    }
    routing.push_back(std::move(routed));
  }
}

//===----------------------------------------------------------------------===//
// Queries
//===----------------------------------------------------------------------===//

int NetworkTopology::findSubnet(unsigned vnet, StringRef name) const {
  for (unsigned s : vnets[vnet].subnets)
    if (subnets[s].nameKnown && subnets[s].name == name)
      return s;
  return -1;
}

Tri NetworkTopology::hasSubnetNamed(unsigned vnet, StringRef name) const {
  Tri result = vnets[vnet].subnetsComplete ? Tri::No : Tri::Maybe;
  for (unsigned s : vnets[vnet].subnets) {
    const TopologySubnet &subnet = subnets[s];
    if (!subnet.nameKnown)
      result = combine(result, Tri::Maybe);
    else if (subnet.name == name)
      result = combine(result, subnet.conditional ? Tri::Maybe : Tri::Yes);
  }
  return result;
}

int NetworkTopology::findVnet(const Resource &resource) const {
  auto it = vnetIndex.find(&resource);
  return it == vnetIndex.end() ? -1 : static_cast<int>(it->second);
}

int NetworkTopology::findRouteTable(const Resource &resource) const {
  auto it = routeTableIndex.find(&resource);
  return it == routeTableIndex.end() ? -1 : static_cast<int>(it->second);
}

int NetworkTopology::findFirewall(const Resource &resource) const {
  auto it = firewallIndex.find(&resource);
  return it == firewallIndex.end() ? -1 : static_cast<int>(it->second);
}

std::string
NetworkTopology::getSubnetDisplayName(const TopologySubnet &subnet) const {
  if (subnet.vnet < 0)
    return subnet.name;
  return vnets[subnet.vnet].name + "/" + subnet.name;
}

std::string
NetworkTopology::getSubnetLogicalLocation(const TopologySubnet &subnet) const {
  return (subnetType + "/" + getSubnetDisplayName(subnet)).str();
}

std::vector<const Value *>
topology::getAddressPrefixes(const Value *properties) {
  std::vector<const Value *> prefixes;
  if (!properties)
    return prefixes;
  if (const Value *prefix = properties->get("addressPrefix");
      prefix && !prefix->isNull())
    prefixes.push_back(prefix);
  if (const Value *list = properties->get("addressPrefixes");
      list && !list->isNull()) {
    if (list->isArray())
      for (const Value &prefix : list->elements())
        prefixes.push_back(&prefix);
    else
      prefixes.push_back(list);
  }
  return prefixes;
}

TopologyFirewallAddress
NetworkTopology::getConventionalAddress(unsigned index) const {
  TopologyFirewallAddress out;
  const TopologyFirewall &firewall = firewalls[index];
  int subnet = -1;
  for (const TopologyIpConfiguration &ip : firewall.ipConfigurations)
    if (ip.subnet.subnet >= 0 && subnets[ip.subnet.subnet].nameKnown &&
        subnets[ip.subnet.subnet].name == firewallSubnetName) {
      subnet = ip.subnet.subnet;
      break;
    }
  if (subnet < 0 && firewall.vnet >= 0)
    subnet = findSubnet(firewall.vnet, firewallSubnetName);
  if (subnet < 0) {
    out.why = "the AzureFirewallSubnet of firewall '" + firewall.name +
              "' is not declared in the deployment";
    return out;
  }
  const TopologySubnet &s = subnets[subnet];
  if (!s.properties) {
    out.why = "the properties of " + getSubnetDisplayName(s) + " are not known";
    return out;
  }
  for (const Value *prefix : getAddressPrefixes(s.properties)) {
    uint32_t address;
    unsigned length;
    if (!prefix->isString()) {
      out.why = "the prefix of " + getSubnetDisplayName(s) +
                " is not known: " + getWhy(*prefix);
      return out;
    }
    if (!parseIPv4Prefix(prefix->getString(), address, length))
      continue; // IPv6
    if (length > 29) {
      out.why = "the prefix of " + getSubnetDisplayName(s) + " is too small";
      return out;
    }
    uint32_t mask = length == 0 ? 0 : ~uint32_t(0) << (32 - length);
    out.address = (address & mask) + 4;
    out.prefix = prefix->getString();
    return out;
  }
  out.why = "the prefix of " + getSubnetDisplayName(s) + " is not known";
  return out;
}

static Tri usesNsg(const TopologyRef &ref, const Resource &nsg) {
  switch (ref.state) {
  case State::Absent:
  case State::External:
    return Tri::No;
  case State::Unknown:
    return Tri::Maybe;
  case State::Declared:
    return ref.resource == &nsg ? Tri::Yes : Tri::No;
  }
  llvm_unreachable("covered switch");
}

Tri NetworkTopology::vnetUsesNsg(unsigned vnet, const Resource &nsg) const {
  Tri result = vnets[vnet].subnetsComplete ? Tri::No : Tri::Maybe;
  for (unsigned s : vnets[vnet].subnets)
    result = combine(result, usesNsg(subnets[s].nsg, nsg));
  for (const TopologyNic &nic : nics) {
    Tri uses = usesNsg(nic.nsg, nsg);
    if (uses == Tri::No)
      continue;
    for (const TopologySubnetRef &subnet : nic.subnets) {
      if (subnet.vnet == static_cast<int>(vnet))
        result = combine(result, uses);
      else if (subnet.state == State::Unknown)
        result = combine(result, Tri::Maybe);
    }
  }
  return result;
}

Tri NetworkTopology::subnetUsesNsg(const TopologySubnetRef &ref,
                                   const Resource &nsg) const {
  if (ref.subnet < 0)
    return ref.state == State::Unknown ? Tri::Maybe : Tri::No;
  Tri result = usesNsg(subnets[ref.subnet].nsg, nsg);
  for (const TopologyNic &nic : nics) {
    Tri uses = usesNsg(nic.nsg, nsg);
    if (uses == Tri::No)
      continue;
    for (const TopologySubnetRef &subnet : nic.subnets) {
      if (subnet.subnet == ref.subnet)
        result = combine(result, uses);
      else if (subnet.state == State::Unknown)
        result = combine(result, Tri::Maybe);
    }
  }
  return result;
}

//===----------------------------------------------------------------------===//
// The analysis
//===----------------------------------------------------------------------===//

static void markNested(const Module &module, AnalysisManager &am) {
  for (const Resource &resource : module.resources)
    if (resource.nested) {
      am.getResult<NestedTopologyMarker>(*resource.nested);
      markNested(*resource.nested, am);
    }
}

NetworkTopology NetworkTopologyAnalysis::run(const Module &module,
                                             AnalysisManager &am) {
  const ResourceGraph &graph = am.getResult<ResourceGraphAnalysis>(module);
  markNested(module, am);
  return NetworkTopology(module, graph);
}

const NetworkTopology *armor::getNetworkTopology(const Module &module,
                                                 AnalysisManager &am) {
  if (am.getCachedResult<NestedTopologyMarker>(module))
    return nullptr;
  return &am.getResult<NetworkTopologyAnalysis>(module);
}
