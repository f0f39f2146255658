// A .bicepparam file supplies values to the template it names; its
// variables and references to other assignments are read by value.
// RUN: armor ir %S/Inputs/main-params.bicep -p %s | FileCheck %s
using 'Inputs/main-params.bicep'

var region = 'west'
param location = '${region}europe'
param size = 3
param env = 'prod'

// CHECK: param env: string allowed ["dev","prod"] supplied "prod"
// CHECK: param location: string supplied "[format({{.*}}europe{{.*}}, 'west')]"
// CHECK: param size: int = 1 supplied 3
