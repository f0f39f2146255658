// RUN: armor check --no-snippet --fail-on none %s 2>&1 | FileCheck %s --implicit-check-not='[nsg-flow-logs-retired]'
// Bicep: the target is the NSG's symbolic id.
resource nsg 'Microsoft.Network/networkSecurityGroups@2023-09-01' = {
  name: 'nsg-app'
  location: 'westeurope'
}

resource watcher 'Microsoft.Network/networkWatchers@2023-09-01' existing = {
  name: 'NetworkWatcher_westeurope'
}

resource flowLog 'Microsoft.Network/networkWatchers/flowLogs@2023-09-01' = {
  parent: watcher
  name: 'fl-nsg'
  location: 'westeurope'
  properties: {
    targetResourceId: nsg.id
// CHECK: bicep.bicep:[[@LINE-1]]:23: note: flow log 'fl-nsg' targets network security group 'nsg-app': {{.*}} [nsg-flow-logs-retired]
    storageId: resourceId('Microsoft.Storage/storageAccounts', 'stflowlogs')
    enabled: true
  }
}
