// RUN: armor check --no-snippet --fail-on none %s 2>&1 | FileCheck %s
// Bicep: a source prefix from a parameter default, a child rule (parent: nsg).

param adminSource string = '*'

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

resource allowSsh 'Microsoft.Network/networkSecurityGroups/securityRules@2023-09-01' = {
  parent: nsg
  name: 'allow-ssh'
// CHECK: :[[@LINE-1]]:9: error: inbound Tcp traffic from the Internet (source '*') to port 22 is allowed by rule 'allow-ssh' (priority 300) [nsg-internet-exposed-port]
  properties: {
    priority: 300
    direction: 'Inbound'
    access: 'Allow'
    protocol: 'Tcp'
    sourceAddressPrefix: adminSource
    sourcePortRange: '*'
    destinationAddressPrefix: '*'
    destinationPortRange: '22'
  }
}
