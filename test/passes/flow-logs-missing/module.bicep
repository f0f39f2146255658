// RUN: armor check --no-snippet --fail-on none %s 2>&1 | FileCheck %s --implicit-check-not='[flow-logs-missing]'
// A VNet flow log declared in a module covers the NSGs of the network it is
// given; the NSG of the other network is reported.
resource nsgApp 'Microsoft.Network/networkSecurityGroups@2023-09-01' = {
  name: 'nsg-app'
  location: 'westeurope'
}

resource nsgData 'Microsoft.Network/networkSecurityGroups@2023-09-01' = {
  name: 'nsg-data'
// CHECK: module.bicep:[[@LINE-1]]:9: warning: network security group 'nsg-data' has no flow log: {{.*}} [flow-logs-missing]
  location: 'westeurope'
}

resource vnetApp 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: 'vnet-app'
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] }
    subnets: [ { name: 'snet-app', properties: { addressPrefix: '10.0.1.0/24', networkSecurityGroup: { id: nsgApp.id } } } ]
  }
}

resource vnetData 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: 'vnet-data'
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: ['10.1.0.0/16'] }
    subnets: [ { name: 'snet-data', properties: { addressPrefix: '10.1.1.0/24', networkSecurityGroup: { id: nsgData.id } } } ]
  }
}

module flowLogs 'Inputs/vnet-flow-log.bicep' = {
  name: 'flow-logs'
  params: { vnetId: vnetApp.id }
}
