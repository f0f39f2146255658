// Names a loop moves into another context keep their meaning: a loop's
// iterable is read outside the loop's own variables (`for x in x`), and a
// module scoped to an element of a resource-group loop names that loop's
// element, not the module loop's variable of the same name.
// RUN: armor ir %s | FileCheck %s
targetScope = 'subscription'

param prefix string = 'p'
param groups array = ['a', 'b', 'c']
var scripts = ['x', 'y']

resource rgs 'Microsoft.Resources/resourceGroups@2020-06-01' = [for name in groups: {
  name: '${prefix}-${name}'
  location: 'westus'
}]

module mods 'Inputs/storage.bicep' = [for (name, i) in scripts: {
  name: 'dep-${i}'
  scope: rgs[i]
  params: {
    name: name
    key: 'k'
  }
}]

output names array = [for groups in groups: '${groups}!']
output keyed object = {
  '[literal]': 'value'
}

// CHECK: resource microsoft.resources/deployments@{{.*}} "dep-0"
// CHECK-NEXT: copy: mods count 2
// CHECK-NEXT: resourceGroup: "p-a"
// CHECK-NEXT: properties: {{.*}}"name":{"value":"x"}
// CHECK: resource microsoft.resources/deployments@{{.*}} "dep-1"
// CHECK-NEXT: copy: mods count 2
// CHECK-NEXT: resourceGroup: "p-b"
// CHECK: output keyed: object = {"{{\[\[}}literal]":"value"}
// CHECK-NEXT: output names: array = ["a!","b!","c!"]
