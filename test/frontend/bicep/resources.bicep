// Resources lower as the compiler emits them: interpolation is format(),
// a nested child gets its full type and a format() name, a loop is a copy
// loop, `if` is a condition, symbolic references are resourceId().
// RUN: armor ir %s | FileCheck %s

param prefix string
param deploy bool
param subnets array

resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: '${prefix}-vnet'
  location: 'westeurope'
  tags: { env: 'prod' }
  properties: {
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] }
  }

  resource web 'subnets' = {
    name: 'web'
    properties: {
      addressPrefix: '10.0.1.0/24'
      networkSecurityGroup: { id: nsg.id }
    }
  }
}

resource nsg 'Microsoft.Network/networkSecurityGroups@2023-09-01' = if (deploy) {
  name: 'nsg'
  location: vnet.location
}

resource extra 'Microsoft.Network/virtualNetworks/subnets@2023-09-01' = [for (s, i) in subnets: {
  parent: vnet
  name: s.name
  properties: { addressPrefix: '10.0.${i + 2}.0/24' }
}]

output webId string = vnet::web.id

// CHECK: module scope=resourceGroup
// CHECK: param prefix: string
// CHECK: resource microsoft.network/networksecuritygroups@2023-09-01 "nsg"
// CHECK-NEXT: condition: "[parameters('deploy')]"
// CHECK-NEXT: location: "[reference(resourceId('microsoft.network/virtualnetworks', format('{0}-vnet', parameters('prefix'))), '2023-09-01', 'full').location]"
// CHECK: resource microsoft.network/virtualnetworks@2023-09-01 "[format('{0}-vnet', parameters('prefix'))]"
// CHECK-NEXT: location: "westeurope"
// CHECK-NEXT: tags: {"env":"prod"}
// CHECK: resource microsoft.network/virtualnetworks/subnets@2023-09-01 "[format('{0}/{1}', format('{0}-vnet', parameters('prefix')), 'web')]"
// CHECK-NEXT: properties: {"addressPrefix":"10.0.1.0/24","networkSecurityGroup":{"id":"[resourceId('microsoft.network/networksecuritygroups', 'nsg')]"}}
// CHECK: resource microsoft.network/virtualnetworks/subnets@2023-09-01 "[format('{0}/{1}', format('{0}-vnet', parameters('prefix')), parameters('subnets')[copyIndex({{.*}})].name)]"
// CHECK-NEXT: copy: extra count "[length(parameters('subnets'))]"
// CHECK-NEXT: properties: {"addressPrefix":"[format('10.0.{0}.0/24', add(copyIndex({{.*}}), 2))]"}
// CHECK: output webId: string = "[resourceId('microsoft.network/virtualnetworks/subnets', format('{0}-vnet', parameters('prefix')), 'web')]"
