// RUN: %expect_exit 1 armor check --no-snippet --allowed-location westeurope %s | FileCheck %s --implicit-check-not='[allowed-locations]'
@allowed([
  'westeurope'
  'eastus'
// CHECK: bicep.bicep:[[@LINE-1]]:3: error: parameter 'location' allows location "eastus", which is not one of the allowed locations 'westeurope' (policy 'Allowed locations') [allowed-locations]
])
param location string = 'westeurope'

resource ip 'Microsoft.Network/publicIPAddresses@2023-09-01' = {
  name: 'ip'
  location: location
}

resource ip2 'Microsoft.Network/publicIPAddresses@2023-09-01' = {
  name: 'ip2'
  location: 'brazilsouth'
// CHECK: bicep.bicep:[[@LINE-1]]:13: error: resource 'ip2' of type 'Microsoft.Network/publicIPAddresses' is in location "brazilsouth", which is not one of the allowed locations 'westeurope' (policy 'Allowed locations') [allowed-locations]
}
