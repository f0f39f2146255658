// A variable loop is computed before any resource is deployed, so its body
// may read only what is known then: a resource's id, name, type and
// apiVersion. An index the compiler folds to such names (a variable, first()
// of an array, either arm of a ternary) is fine; one that may name another
// property is an error (BCP182).
// RUN: %expect_exit 3 armor check --no-snippet %s | FileCheck %s --implicit-check-not=error:
resource foo 'Microsoft.Storage/storageAccounts@2022-09-01' = {
  name: 'foo'
  location: 'westus'
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
}
param cond bool = false
var idAccessor = 'id'
var strArray = ['id', 'properties']

var okLoop = [for i in range(0, 2): {
  a: foo[cond ? 'id' : 'name']
  b: foo[first(strArray)]
  c: foo[idAccessor]
  d: foo['${idAccessor}']
  e: foo[strArray[0]]
}]

// CHECK: :[[@LINE+1]]:{{[0-9]+}}: error: the loop of variable 'ternaryLoop' reads a value known only during the deployment
var ternaryLoop = [for i in range(0, 2): foo[cond ? 'id' : 'properties']]
// CHECK: :[[@LINE+1]]:{{[0-9]+}}: error: the loop of variable 'lastLoop' reads a value known only during the deployment
var lastLoop = [for i in range(0, 2): foo[last(strArray)]]

output ok array = okLoop
