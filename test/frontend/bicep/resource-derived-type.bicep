// A parameter or output of a resource-derived type takes its primitive type from the
// provider's schema. The compiled JSON states it (with the type's source in
// metadata); a Bicep file does not, and armor has no schemas, so the Bicep
// side keeps no primitive type unless a literal default gives one. The
// canonical IR prints such a type as its source on both sides.
// RUN: armor ir %s | FileCheck %s
// RUN: armor ir %S/Inputs/resource-derived-type.json | FileCheck %s
param tls resourceInput<'Microsoft.ApiManagement/service/backends@2024-05-01'>.properties.tls?

param reserved resourceInput<'Microsoft.Web/serverfarms@2024-04-01'>.properties.reserved = false

@secure()
param values resourceInput<'Microsoft.Web/connections@2016-06-01'>.properties.parameterValues?

param plain string = 'x'

output tlsOut resourceInput<'Microsoft.ApiManagement/service/backends@2024-05-01'>.properties.tls = {
  validateCertificateChain: true
}

// CHECK:      param plain: string = "x"
// CHECK-NEXT: param reserved: resourceInput<'Microsoft.Web/serverfarms@2024-04-01#properties/properties/properties/reserved'> = false
// CHECK-NEXT: param tls: resourceInput<'Microsoft.ApiManagement/service/backends@2024-05-01#properties/properties/properties/tls'>
// CHECK-NEXT: param values: secure resourceInput<'Microsoft.Web/connections@2016-06-01#properties/properties/properties/parameterValues'>
// CHECK-NEXT: output tlsOut: resourceInput<'Microsoft.ApiManagement/service/backends@2024-05-01#properties/properties/properties/tls'> = {"validateCertificateChain":true}
