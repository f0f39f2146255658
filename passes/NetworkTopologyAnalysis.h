//===- NetworkTopologyAnalysis.h - VNets, firewalls, routes, logs -*- C++
//-*-===//
///
/// \file
/// The analysis shared by the topology rules (firewall-subnet-missing,
/// firewall-subnet-size, firewall-management-subnet-missing,
/// udr-firewall-route-missing, udr-firewall-next-hop-mismatch,
/// flow-logs-missing, nsg-flow-logs-retired, diagnostics-missing). Over one
/// deployment — a module and every nested deployment or Bicep module in it,
/// as passes/ResourceGraph.h indexes them — it gathers:
///
/// - virtual networks and their subnets, inline (`properties.subnets`) and
///   as child resources, with each subnet's NSG and route table;
/// - VNet peerings, inline and as child resources, in both directions;
/// - Azure Firewalls: the subnet of each ipConfiguration and of the
///   managementIpConfiguration, the SKU tier; Virtual WAN hub firewalls
///   (`properties.virtualHub`, SKU name `AZFW_Hub`) are recognized and left
///   out of the hub-and-spoke rules;
/// - route tables and their routes, inline and as child resources;
/// - network interfaces (their NSG and subnets), flow logs and diagnostic
///   settings, with what each targets (`scope`, Bicep `scope:`, and the
///   legacy `<type>/providers/diagnosticSettings` form).
///
/// References are resolved to declared resources through the resource
/// graph, and also through the shapes the graph does not take:
/// `concat(resourceId(...), '/subnets/', name)` and `format()` forms,
/// relative IDs (`Microsoft.Network/networkSecurityGroups/nsg`),
/// `reference(vnet).subnets[N].id`, the `json(format('{"id": "{0}"}', id))`
/// wrapper and outputs of nested deployments
/// (`reference(deployment).outputs.x.value`). A reference is Declared (a
/// resource the deployment creates), External (an `existing` resource or one
/// the deployment does not declare: nothing is known about it) or Unknown
/// (it cannot be told which resource it is).
///
/// Rules run on every module of a deployment; the topology is computed for
/// the top module only and getNetworkTopology() returns null for the nested
/// ones, so each finding is reported once.
///
//===----------------------------------------------------------------------===//

#ifndef ARMOR_PASSES_NETWORKTOPOLOGYANALYSIS_H
#define ARMOR_PASSES_NETWORKTOPOLOGYANALYSIS_H

#include "ir/Module.h"
#include "passes/AnalysisManager.h"
#include "passes/ResourceGraph.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace armor {

namespace topology {
inline constexpr llvm::StringRef vnetType = "Microsoft.Network/virtualNetworks";
inline constexpr llvm::StringRef subnetType =
    "Microsoft.Network/virtualNetworks/subnets";
inline constexpr llvm::StringRef peeringType =
    "Microsoft.Network/virtualNetworks/virtualNetworkPeerings";
inline constexpr llvm::StringRef firewallType =
    "Microsoft.Network/azureFirewalls";
inline constexpr llvm::StringRef routeTableType =
    "Microsoft.Network/routeTables";
inline constexpr llvm::StringRef routeType =
    "Microsoft.Network/routeTables/routes";
inline constexpr llvm::StringRef nsgType =
    "Microsoft.Network/networkSecurityGroups";
inline constexpr llvm::StringRef nicType =
    "Microsoft.Network/networkInterfaces";
inline constexpr llvm::StringRef flowLogType =
    "Microsoft.Network/networkWatchers/flowLogs";
inline constexpr llvm::StringRef diagnosticSettingsType =
    "Microsoft.Insights/diagnosticSettings";
inline constexpr llvm::StringRef firewallSubnetName = "AzureFirewallSubnet";
inline constexpr llvm::StringRef firewallManagementSubnetName =
    "AzureFirewallManagementSubnet";

/// Whether something holds: surely, surely not, or it cannot be told.
enum class Tri : uint8_t { No, Maybe, Yes };

/// True for the subnets that never route through the firewall:
/// AzureFirewallSubnet, AzureFirewallManagementSubnet, GatewaySubnet,
/// AzureBastionSubnet, RouteServerSubnet (case-insensitive).
bool isExemptSubnetName(llvm::StringRef name);

/// Parses "10.0.1.0/26"; false for anything else (IPv6 included).
bool parseIPv4Prefix(llvm::StringRef text, uint32_t &address, unsigned &length);
std::string formatIPv4(uint32_t address);

/// The address prefix values of a subnet's properties, in order:
/// `addressPrefix`, then the elements of `addressPrefixes` (the list itself
/// when it is not an array).
std::vector<const ir::Value *> getAddressPrefixes(const ir::Value *properties);
} // namespace topology

/// What a reference to a resource is known to point to.
struct TopologyRef {
  enum class State : uint8_t {
    Absent,   ///< no reference (the property is missing or null)
    Declared, ///< a resource the deployment creates
    External, ///< `existing`, or not declared in the deployment
    Unknown,  ///< cannot be told
  };
  State state = State::Absent;
  /// Declared: the resource; External: the `existing` declaration, if any.
  const ir::Resource *resource = nullptr;
  /// The type and name the reference names, when it could be read.
  std::optional<ResourceKey> key;
  /// The reference as written (after following module outputs).
  const ir::Value *value = nullptr;
  /// Unknown: why, for notes.
  std::string why;

  bool isDeclared() const { return state == State::Declared; }
  bool isAbsent() const { return state == State::Absent; }
  bool isUnknown() const { return state == State::Unknown; }
};

/// A subnet reference: a virtual network node and a subnet name in it.
struct TopologySubnetRef {
  TopologyRef::State state = TopologyRef::State::Absent;
  int vnet = -1;    ///< NetworkTopology::vnets index, when told
  int subnet = -1;  ///< NetworkTopology::subnets index, when declared
  std::string name; ///< the subnet name as the reference writes it
  bool nameKnown = false;
  const ir::Value *value = nullptr; ///< the id as written
  std::string why;                  ///< Unknown: why
};

/// A subnet, inline in a VNet or a child resource.
struct TopologySubnet {
  std::string name; ///< as users read it; an expression in `[...]`
  bool nameKnown = false;
  SourceRange nameRange;             ///< where findings about the subnet point
  const ir::Value *object = nullptr; ///< inline: the subnet object
  const ir::Resource *resource = nullptr; ///< child: its resource
  const ir::Value *properties = nullptr;  ///< null when not an object
  /// NetworkTopology::vnets index; -1 for a child subnet whose VNet
  /// cannot be told (it is in no VNet's `subnets`).
  int vnet = -1;
  bool conditional = false; ///< it may not be deployed
  TopologyRef nsg;          ///< properties.networkSecurityGroup.id
  TopologyRef routeTable;   ///< properties.routeTable.id
};

/// A virtual network: declared, or only named by a reference.
struct TopologyVnet {
  const ir::Resource *resource = nullptr; ///< null when only referenced
  ResourceKey key;
  std::string name;
  /// `existing` or not declared: subnets outside the deployment may exist.
  bool external = false;
  std::vector<unsigned> subnets;  ///< NetworkTopology::subnets indices
  std::vector<int> inlineSubnets; ///< by position in properties.subnets
  /// False when a subnet may be missing from `subnets` (the inline list is
  /// not known, or a child subnet's VNet cannot be told).
  bool subnetsComplete = true;
  std::vector<unsigned> peers; ///< peered VNets, declared in either direction
  /// False when a peering's remote network cannot be told.
  bool peersComplete = true;
};

/// An ipConfiguration (or the managementIpConfiguration) of a firewall.
struct TopologyIpConfiguration {
  std::string name;
  SourceRange range; ///< the subnet id, else the configuration
  TopologySubnetRef subnet;
};

/// An Azure Firewall.
struct TopologyFirewall {
  const ir::Resource *resource = nullptr;
  std::string name;
  /// A Virtual WAN secured hub firewall: not in a VNet.
  bool virtualHub = false;
  bool conditional = false;
  /// ipConfigurations that name a subnet.
  std::vector<TopologyIpConfiguration> ipConfigurations;
  /// properties.managementIpConfiguration, if present and not null.
  const ir::Value *managementValue = nullptr;
  std::optional<TopologyIpConfiguration> management;
  /// properties.sku.tier, if present.
  const ir::Value *tier = nullptr;
  /// The VNet of the first ipConfiguration whose VNet is told; -1 if none.
  int vnet = -1;
};

struct TopologyRoute {
  std::string name;
  SourceRange range;                      ///< its name, else its object
  const ir::Resource *resource = nullptr; ///< child resources
  const ir::Value *addressPrefix = nullptr;
  const ir::Value *nextHopType = nullptr;
  const ir::Value *nextHopIpAddress = nullptr;
  bool conditional = false;
};

struct TopologyRouteTable {
  const ir::Resource *resource = nullptr;
  std::string name;
  std::vector<TopologyRoute> routes;
  /// Empty, or why a route may be missing from `routes`.
  std::string incompleteReason;
};

/// A network interface: its NSG and the subnets of its ipConfigurations.
struct TopologyNic {
  const ir::Resource *resource = nullptr;
  TopologyRef nsg;
  std::vector<TopologySubnetRef> subnets;
};

/// A Microsoft.Network/networkWatchers/flowLogs resource.
struct TopologyFlowLog {
  const ir::Resource *resource = nullptr;
  std::string name;
  const ir::Value *target = nullptr; ///< properties.targetResourceId
  TopologyRef targetRef;
  /// Set when the target is a subnet (a VNet flow log on one subnet).
  std::optional<TopologySubnetRef> targetSubnet;
  const ir::Value *enabled = nullptr; ///< properties.enabled, if present
  bool conditional = false;
  /// True when the target is (or is written as) an NSG.
  bool targetsNsg() const;
};

/// A diagnostic setting and the resource it is scoped to.
struct TopologyDiagnosticSetting {
  const ir::Resource *resource = nullptr;
  std::string name;
  TopologyRef target;
  bool conditional = false;
  /// At least one log category or category group is enabled.
  topology::Tri enablesLogs = topology::Tri::No;
  /// A workspace, storage account, event hub or partner is named.
  topology::Tri hasDestination = topology::Tri::No;
};

/// How a workload subnet routes to the firewalls it should route through.
struct TopologySubnetRouting {
  enum class Status : uint8_t {
    NoRouteTable,   ///< no route table is associated
    NoDefaultRoute, ///< its route table has no 0.0.0.0/0 VirtualAppliance
    DefaultRoute,   ///< it has one: `route`
    Unknown,        ///< cannot be told: `why`
  };
  unsigned subnet = 0;
  /// Unconditional firewalls in the subnet's VNet or a peered VNet.
  std::vector<unsigned> firewalls;
  Status status = Status::Unknown;
  int routeTable = -1; ///< NetworkTopology::routeTables index
  /// DefaultRoute: the route; NoDefaultRoute: a 0.0.0.0/0 route with
  /// another next hop type, if any.
  int route = -1;
  std::string why;
  SourceRange whyRange;
};

/// The private IP of a firewall by Azure's convention: the first
/// assignable address (.4) of its AzureFirewallSubnet.
struct TopologyFirewallAddress {
  std::optional<uint32_t> address;
  std::string prefix; ///< the AzureFirewallSubnet prefix it comes from
  std::string why;    ///< when not known
};

class NetworkTopology {
public:
  NetworkTopology(const ir::Module &module, const ResourceGraph &graph);

  std::vector<TopologyVnet> vnets;
  std::vector<TopologySubnet> subnets;
  std::vector<TopologyFirewall> firewalls;
  std::vector<TopologyRouteTable> routeTables;
  std::vector<TopologyNic> nics;
  std::vector<TopologyFlowLog> flowLogs;
  std::vector<TopologyDiagnosticSetting> diagnosticSettings;
  /// Network security groups the deployment creates.
  std::vector<const ir::Resource *> nsgs;
  /// Workload subnets that should route through a firewall, in order.
  std::vector<TopologySubnetRouting> routing;

  const ResourceGraph &getGraph() const { return graph; }

  /// Whether VNet \p vnet has a subnet named exactly \p name.
  topology::Tri hasSubnetNamed(unsigned vnet, llvm::StringRef name) const;
  /// The subnet of \p vnet named exactly \p name, or -1.
  int findSubnet(unsigned vnet, llvm::StringRef name) const;
  /// The VNet node of a virtual network resource, or -1.
  int findVnet(const ir::Resource &resource) const;
  /// The VNet node a resolved reference names (declared, `existing` or
  /// known only by its ID), or -1.
  int findVnetNode(const TopologyRef &ref) const;
  int findRouteTable(const ir::Resource &resource) const;
  int findFirewall(const ir::Resource &resource) const;
  /// "vnet-hub/snet-app".
  std::string getSubnetDisplayName(const TopologySubnet &subnet) const;
  /// "Microsoft.Network/virtualNetworks/subnets/vnet-hub/snet-app".
  std::string getSubnetLogicalLocation(const TopologySubnet &subnet) const;

  /// Resolves a reference to a resource (an ID string, a resourceId()
  /// family call, reference(), concat()/format() of those, a relative ID,
  /// a nested deployment's output).
  TopologyRef resolve(const ir::Value *reference) const;
  /// The declared firewall whose private IP \p value reads
  /// (`reference(fw).ipConfigurations[N].properties.privateIPAddress`, also
  /// through module outputs), or null.
  const ir::Resource *getFirewallOfPrivateIp(const ir::Value &value) const;
  /// The firewall's private IP by convention.
  TopologyFirewallAddress getConventionalAddress(unsigned firewall) const;
  /// Follows `reference(deployment).outputs.x.value` to the output's value
  /// in the nested module; returns \p value when it is no such access.
  const ir::Value &followOutputs(const ir::Value &value) const;

  /// Whether \p nsg is used by a subnet of VNet \p vnet (or a network
  /// interface in one).
  topology::Tri vnetUsesNsg(unsigned vnet, const ir::Resource &nsg) const;
  /// Whether \p nsg is used by subnet \p subnet (or a NIC in it).
  topology::Tri subnetUsesNsg(const TopologySubnetRef &subnet,
                              const ir::Resource &nsg) const;

private:
  struct Indexed {
    const ir::Resource *resource;
    ResourceKey key;
  };

  const ResourceGraph &graph;
  /// Resources by lower-case type.
  llvm::StringMap<std::vector<Indexed>> byType;
  llvm::DenseMap<const ir::Resource *, unsigned> vnetIndex;
  llvm::StringMap<unsigned> externalVnetIndex;
  llvm::DenseMap<const ir::Resource *, unsigned> routeTableIndex;
  llvm::DenseMap<const ir::Resource *, unsigned> firewallIndex;

  topology::Tri match(const ResourceKey &key, const ir::Resource *&found) const;
  TopologyRef resolveKey(const ResourceKey &key, const ir::Value *value) const;
  TopologyRef resolveExpr(const ir::ExprPtr &expr,
                          const ir::Value *value) const;
  int getVnetNode(const ResourceKey &key, TopologyRef::State &state);
  /// Resolves a subnet reference (a `subnet` object or its `id`), adding
  /// a node for a VNet known only by its ID.
  TopologySubnetRef resolveSubnet(const ir::Value *reference);

  void collectVnets();
  void collectSubnets();
  void collectPeerings();
  void collectFirewalls();
  void collectRouteTables();
  void collectNics();
  void collectFlowLogs();
  void collectDiagnosticSettings();
  void computeRouting();

  void addInlineSubnets(unsigned vnet);
  void addPeering(unsigned vnet, const ir::Value &properties);
  TopologyIpConfiguration readIpConfiguration(const ir::Value &config);
  TopologySubnetRouting::Status
  getRouteStatus(const TopologySubnet &subnet,
                 TopologySubnetRouting &out) const;
};

/// Computes the NetworkTopology of a deployment, once per module.
class NetworkTopologyAnalysis
    : public AnalysisInfoMixin<NetworkTopologyAnalysis> {
  friend AnalysisInfoMixin<NetworkTopologyAnalysis>;
  static AnalysisKey key;

public:
  using Result = NetworkTopology;
  Result run(const ir::Module &module, AnalysisManager &am);
};

/// The topology of the deployment \p module is the top of, for the rules;
/// null when \p module is nested in a module whose topology was computed
/// already (its resources are part of that one, and were checked there).
const NetworkTopology *getNetworkTopology(const ir::Module &module,
                                          AnalysisManager &am);

} // namespace armor

#endif // ARMOR_PASSES_NETWORKTOPOLOGYANALYSIS_H
