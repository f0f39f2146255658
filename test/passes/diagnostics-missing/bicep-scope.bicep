// RUN: armor check --no-snippet --fail-on none %s 2>&1 | FileCheck %s --implicit-check-not='[diagnostics-missing]'
// Bicep `scope:` on the resource, also on an `existing` reference to it in
// a module, counts; the firewall without a setting is reported.
resource nsg 'Microsoft.Network/networkSecurityGroups@2023-09-01' = {
  name: 'nsg-app'
  location: 'westeurope'
}

resource diag 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-workspace'
  scope: nsg
  properties: {
    workspaceId: resourceId('Microsoft.OperationalInsights/workspaces', 'law')
    logs: [ { categoryGroup: 'allLogs', enabled: true } ]
  }
}

resource pip 'Microsoft.Network/publicIPAddresses@2023-09-01' = {
  name: 'pip-app'
  location: 'westeurope'
  sku: { name: 'Standard' }
  properties: { publicIPAllocationMethod: 'Static' }
}

module pipDiagnostics 'Inputs/pip-diagnostics.bicep' = {
  name: 'pip-diagnostics'
  params: { pipName: pip.name }
}

resource firewall 'Microsoft.Network/azureFirewalls@2023-09-01' = {
  name: 'fw-hub'
// CHECK: bicep-scope.bicep:[[@LINE-1]]:9: warning: resource 'fw-hub' of type 'Microsoft.Network/azureFirewalls' has no diagnostic setting: its logs are not collected [diagnostics-missing]
  location: 'westeurope'
}
