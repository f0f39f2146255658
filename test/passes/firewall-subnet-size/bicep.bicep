// RUN: armor check --no-snippet --fail-on none %s 2>&1 | FileCheck %s --implicit-check-not='[firewall-subnet-size]'
// Bicep: a prefix computed with cidrSubnet() is checked once evaluated.
param hubPrefix string = '10.0.0.0/16'

resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: 'vnet-hub'
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: [hubPrefix] }
    subnets: [
      { name: 'AzureFirewallSubnet', properties: { addressPrefix: cidrSubnet(hubPrefix, 27, 0) } }
// CHECK: bicep.bicep:[[@LINE-1]]:67: error: AzureFirewallSubnet 'vnet-hub/AzureFirewallSubnet' has prefix '10.0.0.0/27', smaller than the /26 Azure Firewall needs [firewall-subnet-size]
    ]
  }
}

resource management 'Microsoft.Network/virtualNetworks/subnets@2023-09-01' = {
  parent: vnet
  name: 'AzureFirewallManagementSubnet'
  properties: { addressPrefix: cidrSubnet(hubPrefix, 26, 1) }
}
