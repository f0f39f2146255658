// RUN: armor check --no-snippet --fail-on none %s 2>&1 | FileCheck %s --implicit-check-not='[udr-firewall-next-hop-mismatch]'
// Across modules: the spoke that takes the firewall's IP from the hub
// module's output is right by construction; the one given the subnet's .1
// is reported, at the next hop in the spoke module.
module hub 'Inputs/hub.bicep' = {
  name: 'hub'
}

module spoke1 'Inputs/spoke.bicep' = {
  name: 'spoke1'
  params: { name: 'vnet-spoke-1', prefix: '10.1.0.0/16', hubVnetId: hub.outputs.vnetId, nextHop: hub.outputs.firewallIp }
}

module spoke2 'Inputs/spoke.bicep' = {
  name: 'spoke2'
  params: { name: 'vnet-spoke-2', prefix: '10.2.0.0/16', hubVnetId: hub.outputs.vnetId, nextHop: '10.0.0.65' }
}
// CHECK: spoke.bicep:13:102: error: next hop '10.0.0.65' of default route 'default' is not the private IP of firewall 'fw-hub', 10.0.0.68: Azure gives the firewall the first assignable address of its AzureFirewallSubnet '10.0.0.64/26' {{.*}} [udr-firewall-next-hop-mismatch]
// CHECK-NEXT: hub.bicep:13:9: note: firewall 'fw-hub' declared here
