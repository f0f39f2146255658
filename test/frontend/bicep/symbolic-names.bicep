// User-defined types make the compiler emit languageVersion 2.0: resource
// references use symbolic names, existing resources are declared.
// RUN: armor ir %s | FileCheck %s

type tagsType = {
  env: 'dev' | 'prod'
  owner: string?
}

param tags tagsType
param names string[]

resource kv 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: 'kv'
}

resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = [for n in names: {
  name: n
  location: 'westeurope'
  tags: tags
  kind: 'StorageV2'
  properties: { keyVaultUri: kv.properties.vaultUri }
}]

output ids array = [for (n, i) in names: sa[i].id]
output first string = sa[0].properties.primaryEndpoints.blob

// CHECK: param names: array
// CHECK: param tags: #/definitions/tagstype
// CHECK: existing microsoft.keyvault/vaults@2023-07-01 "kv"
// CHECK: properties: {"keyVaultUri":"[reference('kv').vaultUri]"}
// CHECK: output first: string = "[reference('sa[0]').primaryEndpoints.blob]"
