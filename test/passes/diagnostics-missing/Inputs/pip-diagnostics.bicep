param pipName string

resource pip 'Microsoft.Network/publicIPAddresses@2023-09-01' existing = {
  name: pipName
}

resource diag 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-storage'
  scope: pip
  properties: {
    storageAccountId: resourceId('Microsoft.Storage/storageAccounts', 'stlogs')
    logs: [ { category: 'DDoSProtectionNotifications', enabled: true } ]
  }
}
