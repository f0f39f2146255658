param vnetId string

resource flowLog 'Microsoft.Network/networkWatchers/flowLogs@2023-09-01' = {
  name: 'NetworkWatcher_westeurope/fl-vnet'
  location: 'westeurope'
  properties: {
    targetResourceId: vnetId
    storageId: resourceId('Microsoft.Storage/storageAccounts', 'stflowlogs')
    enabled: true
  }
}
