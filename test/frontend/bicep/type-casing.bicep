// ARM compares resource types case-insensitively, and the Bicep compiler
// writes the casing of its type index where the Bicep file has its own
// (serverFarms -> serverfarms, Redis -> redis). The canonical IR prints the
// types in lower case: in a resource's header, in the type argument of
// resourceId() and its family, and in the provider part of a scope; names
// keep their case. So this file and its compiled form print the same IR.
// RUN: armor ir %s | FileCheck %s
// RUN: armor ir %S/Inputs/type-casing.json | FileCheck %s
// Compilers before 0.40 wrote the scope as `<type>/<name>`:
// RUN: env ARMOR_BICEP_COMPAT=0.30 armor ir %s | FileCheck %s --check-prefix=OLD
resource plan 'Microsoft.Web/serverFarms@2022-09-01' = {
  name: 'Plan-A'
  location: 'westeurope'
}

resource cache 'Microsoft.Cache/Redis@2023-08-01' = {
  name: 'Cache-A'
  location: 'westeurope'
}

resource lock 'Microsoft.Authorization/locks@2020-05-01' = {
  scope: cache
  name: 'no-delete'
  properties: {
    level: 'CanNotDelete'
  }
}

output planId string = plan.id

// CHECK:      resource microsoft.authorization/locks@2020-05-01 "no-delete"
// CHECK-NEXT:   scope: "[resourceId('microsoft.cache/redis', 'Cache-A')]"
// OLD:        resource microsoft.authorization/locks@2020-05-01 "no-delete"
// OLD-NEXT:     scope: "microsoft.cache/redis/Cache-A"
// CHECK:      resource microsoft.cache/redis@2023-08-01 "Cache-A"
// CHECK:      resource microsoft.web/serverfarms@2022-09-01 "Plan-A"
// CHECK:      output planId: string = "[resourceId('microsoft.web/serverfarms', 'Plan-A')]"
