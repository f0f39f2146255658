// A .bicepparam file that extends another gets its values, and overrides
// them; readEnvironmentVariable() reads the environment at compile time.
// RUN: env ARMOR_TEST_REGION=north armor ir %S/Inputs/main-params.bicep -p %s | FileCheck %s
using 'Inputs/main-params.bicep'
extends 'Inputs/base.bicepparam'

param location = readEnvironmentVariable('ARMOR_TEST_REGION')
param env = readEnvironmentVariable('ARMOR_TEST_UNSET_VARIABLE', 'prod')

// CHECK: param env: string allowed ["dev","prod"] supplied "prod"
// CHECK-NEXT: param location: string supplied "north"
// CHECK-NEXT: param size: int = 1 supplied 5
