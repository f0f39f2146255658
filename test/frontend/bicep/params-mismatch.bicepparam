// A supplied value of the wrong type, or outside the allowed values, is
// reported at the value.
// RUN: %expect_exit 3 armor ir %S/Inputs/main-params.bicep -p %s 2>&1 | FileCheck %s
using 'Inputs/main-params.bicep'

param location = 42
param env = 'test'

// CHECK: params-mismatch.bicepparam:6:18: error: parameter 'location' expects a value of type 'string', but this value is of type 'int' [semantic-error]
// CHECK: params-mismatch.bicepparam:7:13: error: the value "test" is not one of the allowed values of parameter 'env' [semantic-error]
