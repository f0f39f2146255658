// RUN: armor check --no-snippet --fail-on none %s 2>&1 | FileCheck %s --implicit-check-not='[firewall-subnet-missing]'
// The network comes from a module; the firewalls use its outputs. The one
// in the module's inline subnet 'snet-firewall' is reported; the one in the
// child subnet AzureFirewallSubnet is not.
module hub 'Inputs/hub-network.bicep' = {
  name: 'hub'
  params: { name: 'vnet-hub' }
}

resource wrong 'Microsoft.Network/azureFirewalls@2023-09-01' = {
  name: 'fw-wrong'
  location: 'westeurope'
  properties: {
    ipConfigurations: [
      { name: 'ipconfig', properties: { subnet: { id: hub.outputs.wrongSubnetId } } }
// CHECK: modules.bicep:[[@LINE-1]]:55: error: firewall 'fw-wrong' is in subnet 'vnet-hub/snet-firewall', but Azure Firewall must be in a subnet named exactly 'AzureFirewallSubnet' [firewall-subnet-missing]
// CHECK-NEXT: hub-network.bicep:9:15: note: subnet 'snet-firewall' declared here
    ]
  }
}

resource right 'Microsoft.Network/azureFirewalls@2023-09-01' = {
  name: 'fw-right'
  location: 'westeurope'
  properties: {
    ipConfigurations: [
      { name: 'ipconfig', properties: { subnet: { id: hub.outputs.firewallSubnetId } } }
    ]
  }
}
