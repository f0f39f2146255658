// A registry module that `bicep restore` put in the Bicep CLI's cache is read
// from there: <root>/br/<registry>/<repository, '/' as '$'>/<tag>$<mask of
// its upper-case letters>/main.json, the registry in lower case with ':' as
// '$'; br/public: is mcr.microsoft.com/bicep/. The root is ~/.bicep, or
// $ARMOR_BICEP_CACHE. A module not in the cache keeps the note.
// RUN: env ARMOR_BICEP_CACHE=%S/Inputs/bicep-cache armor ir %s 2>&1 | FileCheck %s
// RUN: env ARMOR_BICEP_CACHE=%t.none armor ir %s 2>&1 | FileCheck %s --check-prefix=NONE
// An alias (br/<alias>:) comes from the nearest bicepconfig.json's
// moduleAliases:
// RUN: env ARMOR_BICEP_CACHE=%S/Inputs/bicep-cache armor ir %S/Inputs/aliased/main.bicep 2>&1 | FileCheck %s --check-prefix=ALIAS

module pe 'br/public:avm/res/network/private-endpoint:0.11.0' = {
  name: 'pe'
  params: { name: 'pe-x' }
}

module st 'br:Example.azurecr.io:5000/modules/storage:V1' = {
  name: 'st'
}

module other 'br/public:avm/res/network/nat-gateway:1.0.0' = {
  name: 'other'
  params: { name: 'nat' }
}

output id string = pe.outputs.resourceId

// CHECK-NOT: 'br/public:avm/res/network/private-endpoint:0.11.0' comes from a registry
// CHECK-NOT: 'br:Example.azurecr.io:5000/modules/storage:V1' comes from a registry
// CHECK: registry-cache.bicep:21:14: note: the module 'br/public:avm/res/network/nat-gateway:1.0.0' comes from a registry that is not available locally
// CHECK: resource microsoft.resources/deployments@{{.*}} "other"
// CHECK-NOT: module {
// CHECK: resource microsoft.resources/deployments@{{.*}} "pe"
// CHECK: module {
// CHECK: resource microsoft.network/privateendpoints@2024-05-01 "pe-x"
// CHECK: resource microsoft.resources/deployments@{{.*}} "st"
// CHECK: module {
// CHECK: resource microsoft.storage/storageaccounts@2023-01-01 "stcached"
// CHECK: output id: string = "[resourceId('microsoft.network/privateendpoints', 'pe-x')]"

// NONE: note: the module 'br/public:avm/res/network/private-endpoint:0.11.0' comes from a registry that is not available locally
// NONE: note: the module 'br:Example.azurecr.io:5000/modules/storage:V1' comes from a registry that is not available locally
// NONE: note: the module 'br/public:avm/res/network/nat-gateway:1.0.0' comes from a registry that is not available locally

// ALIAS-NOT: 'br/contoso:storage:V1' comes from a registry
// ALIAS: main.bicep:5:16: note: the module 'br/fabrikam:storage:V1' comes from a registry that is not available locally
// ALIAS: resource microsoft.resources/deployments@{{.*}} "st"
// ALIAS-NEXT: properties:
// ALIAS-NEXT: module {
// ALIAS-NEXT: resource microsoft.storage/storageaccounts@2023-01-01 "stcached"
// ALIAS: resource microsoft.resources/deployments@{{.*}} "unknown"
// ALIAS-NOT: module {
