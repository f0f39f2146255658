param name string
param prefix string
param hubVnetId string
param nextHop string

resource routeTable 'Microsoft.Network/routeTables@2023-09-01' = {
  name: 'rt-${name}'
  location: 'westeurope'
  properties: {
    routes: [
      {
        name: 'default'
        properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: nextHop }
      }
    ]
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: name
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: [prefix] }
    subnets: [
      { name: 'snet-app', properties: { addressPrefix: cidrSubnet(prefix, 24, 0), routeTable: { id: routeTable.id } } }
    ]
  }
}

resource peering 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings@2023-09-01' = {
  name: '${name}/to-hub'
  properties: { remoteVirtualNetwork: { id: hubVnetId } }
}
