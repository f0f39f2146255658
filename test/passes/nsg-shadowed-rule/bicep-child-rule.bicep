// RUN: armor check --no-snippet --fail-on none %s 2>&1 | FileCheck %s
// Bicep: a child rule (parent: nsg) shadowed through VirtualNetwork, which
// holds the address space of the VNet whose subnet uses the NSG (nsg.id).

resource nsg 'Microsoft.Network/networkSecurityGroups@2023-09-01' = {
  name: 'nsg-app'
  location: 'westeurope'
  properties: {
    securityRules: [
      {
        name: 'deny-vnet'
        properties: {
          priority: 100
          direction: 'Inbound'
          access: 'Deny'
          protocol: '*'
          sourceAddressPrefix: 'VirtualNetwork'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '*'
        }
      }
    ]
  }
}

resource allowSubnet 'Microsoft.Network/networkSecurityGroups/securityRules@2023-09-01' = {
  parent: nsg
  name: 'allow-subnet'
// CHECK: :[[@LINE-1]]:9: warning: security rule 'allow-subnet' can never match: rule 'deny-vnet' (priority 100) denies all of its traffic first [nsg-shadowed-rule]
// CHECK-NEXT: :[[@LINE-20]]:15: note: covered by rule 'deny-vnet' (priority 100)
  properties: {
    priority: 200
    direction: 'Inbound'
    access: 'Allow'
    protocol: 'Tcp'
    sourceAddressPrefix: '10.1.2.0/24'
    sourcePortRange: '*'
    destinationAddressPrefix: '*'
    destinationPortRange: '443'
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: 'vnet'
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: [ '10.1.0.0/16' ] }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: '10.1.2.0/24'
          networkSecurityGroup: { id: nsg.id }
        }
      }
    ]
  }
}
