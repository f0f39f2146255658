resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: 'vnet-hub'
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] }
    subnets: [
      { name: 'AzureFirewallSubnet', properties: { addressPrefix: '10.0.0.64/26' } }
    ]
  }
}

resource firewall 'Microsoft.Network/azureFirewalls@2023-09-01' = {
  name: 'fw-hub'
  location: 'westeurope'
  properties: {
    ipConfigurations: [
      { name: 'ipconfig', properties: { subnet: { id: vnet.properties.subnets[0].id } } }
    ]
  }
}

output vnetId string = vnet.id
output firewallIp string = firewall.properties.ipConfigurations[0].properties.privateIPAddress
