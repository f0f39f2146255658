// RUN: armor check --no-snippet --fail-on none %s 2>&1 | FileCheck %s --implicit-check-not='[firewall-management-subnet-missing]'
// Bicep: a Basic firewall in a network declared in a module.
module network 'Inputs/network.bicep' = {
  name: 'network'
}

resource firewall 'Microsoft.Network/azureFirewalls@2023-09-01' = {
  name: 'fw-basic'
  location: 'westeurope'
  properties: {
    sku: { name: 'AZFW_VNet', tier: 'Basic' }
// CHECK: bicep.bicep:[[@LINE-1]]:37: error: firewall 'fw-basic' uses the Basic SKU, which needs a management IP configuration, but its virtual network 'vnet-hub' has no subnet named 'AzureFirewallManagementSubnet' [firewall-management-subnet-missing]
// CHECK-NEXT: network.bicep:2:9: note: virtual network 'vnet-hub' declared here
    ipConfigurations: [ { name: 'ipconfig', properties: { subnet: { id: network.outputs.firewallSubnetId } } } ]
  }
}
