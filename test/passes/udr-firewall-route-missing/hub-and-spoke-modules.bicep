// RUN: armor check --no-snippet --fail-on none %s 2>&1 | FileCheck %s --implicit-check-not='[udr-firewall-route-missing]'
// A hub module and spoke modules of one deployment are one graph: the
// spokes peer with the hub through the hub's output, and the spoke that
// does not associate its route table is reported, in the module's file.
module hub 'Inputs/hub.bicep' = {
  name: 'hub'
}

module spoke1 'Inputs/spoke.bicep' = {
  name: 'spoke1'
  params: {
    name: 'vnet-spoke-1'
    prefix: '10.1.0.0/16'
    hubVnetId: hub.outputs.vnetId
    firewallIp: hub.outputs.firewallIp
    routed: true
  }
}

module spoke2 'Inputs/spoke.bicep' = {
  name: 'spoke2'
  params: {
    name: 'vnet-spoke-2'
    prefix: '10.2.0.0/16'
    hubVnetId: hub.outputs.vnetId
    firewallIp: hub.outputs.firewallIp
    routed: false
  }
}
// CHECK: spoke.bicep:27:15: warning: subnet 'vnet-spoke-2/snet-app' has no route table, so its traffic does not go through firewall 'fw-hub' [udr-firewall-route-missing]
// CHECK-NEXT: hub.bicep:13:9: note: firewall 'fw-hub' is in virtual network 'vnet-hub', peered with 'vnet-spoke-2'
