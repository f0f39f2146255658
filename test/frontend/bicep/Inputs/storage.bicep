param name string
@secure()
param key string

resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: name
  location: resourceGroup().location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
}

output id string = sa.id
output blob string = sa.properties.primaryEndpoints.blob
