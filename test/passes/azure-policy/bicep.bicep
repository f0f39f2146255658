// A user policy on a Bicep file: findings point into the Bicep source.
// RUN: %expect_exit 1 armor check --no-snippet --config %S/Inputs/custom-tag.json %s | FileCheck %s --implicit-check-not='[azure-policy/'
@allowed([
  'prod'
  'dev'
])
param env string

resource st 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'st${uniqueString(resourceGroup().id)}'
  location: 'westeurope'
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  tags: { env: 'Dev' }
// CHECK: bicep.bicep:[[@LINE-1]]:16: error: resource '{{.*}}' of type 'Microsoft.Storage/storageAccounts' is non-compliant with policy 'require-tag-value' (deny): not (field 'tags[env]' equals "prod") (found "Dev") [azure-policy/require-tag-value]
}

resource ip 'Microsoft.Network/publicIPAddresses@2023-09-01' = {
  name: 'ip'
  location: 'westeurope'
  tags: { env: env }
// CHECK-NEXT: bicep.bicep:[[@LINE-1]]:16: error: resource 'ip' {{.*}}: not (field 'tags[env]' equals "prod") (found "dev"); assuming parameters('env') is "dev" (parameter 'env' has no value; its allowedValues) [azure-policy/require-tag-value]
}
