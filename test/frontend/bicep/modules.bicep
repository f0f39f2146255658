// A module is a nested deployment whose template is the lowered module
// file; its outputs are read through reference(); a scope becomes the
// deployment's resourceGroup property.
// RUN: armor ir %s | FileCheck %s

param rg string

module st 'Inputs/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup(rg)
  params: {
    name: 'st${uniqueString(rg)}'
    key: 'k'
  }
}

output blob string = st.outputs.blob

// CHECK: resource microsoft.resources/deployments@2025-04-01 "storage"
// CHECK-NEXT: resourceGroup: "[parameters('rg')]"
// CHECK-NEXT: properties: {"expressionEvaluationOptions":{"scope":"inner"},"mode":"Incremental","parameters":{"key":{"value":"k"},"name":{"value":"[format('st{0}', uniqueString(parameters('rg')))]"}}}
// CHECK-NEXT: module {
// CHECK-NEXT: param key: securestring supplied "k"
// CHECK-NEXT: param name: string supplied "[format('st{0}', uniqueString(parameters('rg')))]"
// CHECK-NEXT: resource microsoft.storage/storageaccounts@2023-01-01 "[format('st{0}', uniqueString(parameters('rg')))]"
// CHECK: kind: "StorageV2"
// CHECK: output blob: string = "[reference(extensionResourceId(format('/subscriptions/{0}/resourceGroups/{1}', subscription().subscriptionId, parameters('rg')), 'microsoft.resources/deployments', 'storage'), '2025-04-01').outputs.blob.value]"
