// A registry module is not available locally: a note says so, the rest is
// analyzed, and its outputs stay references to the deployment.
// RUN: env ARMOR_BICEP_CACHE=%t.none armor ir %s 2>&1 | FileCheck %s

module pe 'br/public:avm/res/network/private-endpoint:0.11.0' = {
  name: 'pe'
  params: { name: 'x' }
}

output id string = pe.outputs.resourceId

// CHECK: registry-module.bicep:5:11: note: the module 'br/public:avm/res/network/private-endpoint:0.11.0' comes from a registry that is not available locally: its template is not analyzed and its outputs are unknown [unresolved-reference]
// CHECK: resource microsoft.resources/deployments@2025-04-01 "pe"
// CHECK-NOT: module {
// CHECK: output id: string = "[reference(resourceId('microsoft.resources/deployments', 'pe'), '2025-04-01').outputs.resourceId.value]"
