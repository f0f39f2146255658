// required-tags on Bicep: findings point into the Bicep source.
// RUN: %expect_exit 1 armor check --no-snippet --config %S/Inputs/env-owner.json %s | FileCheck %s --implicit-check-not='[required-tags]'
resource st 'Microsoft.Storage/storageAccounts@2023-01-01' = {
// CHECK: bicep.bicep:[[@LINE-1]]:13: error: resource 'stdata' of type 'Microsoft.Storage/storageAccounts' lacks the required tag 'env' [required-tags]
// CHECK-NEXT: bicep.bicep:[[@LINE-2]]:13: error: resource 'stdata' of type 'Microsoft.Storage/storageAccounts' lacks the required tag 'owner' [required-tags]
  name: 'stdata'
  location: 'westeurope'
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
}

resource ip 'Microsoft.Network/publicIPAddresses@2023-09-01' = {
  name: 'ip'
  location: 'westeurope'
  tags: { env: 'Staging', owner: 'me' }
// CHECK-NEXT: bicep.bicep:[[@LINE-1]]:16: error: tag 'env' of resource 'ip' has value "Staging", which is not one of 'prod', 'dev' [required-tags]
}
