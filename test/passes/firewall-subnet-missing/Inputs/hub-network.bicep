param name string

resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: name
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] }
    subnets: [
      { name: 'snet-firewall', properties: { addressPrefix: '10.0.1.0/26' } }
    ]
  }
}

resource firewallSubnet 'Microsoft.Network/virtualNetworks/subnets@2023-09-01' = {
  parent: vnet
  name: 'AzureFirewallSubnet'
  properties: { addressPrefix: '10.0.2.0/26' }
}

output wrongSubnetId string = vnet.properties.subnets[0].id
output firewallSubnetId string = firewallSubnet.id
