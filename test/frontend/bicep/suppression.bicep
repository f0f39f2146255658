// `#disable-next-line <rule-id>` silences a finding on the next line; the
// finding is kept as suppressed (SARIF `suppressions`), so it fails no build.
// RUN: armor check --no-snippet --fail-on none --require-tag owner %s 2>&1 | FileCheck %s

resource tagged 'Microsoft.Network/networkSecurityGroups@2023-09-01' = {
  name: 'nsg-1'
  location: 'westeurope'
  tags: { owner: 'me' }
}

#disable-next-line required-tags
resource silenced 'Microsoft.Network/networkSecurityGroups@2023-09-01' = {
  name: 'nsg-2'
  location: 'westeurope'
}

resource reported 'Microsoft.Network/networkSecurityGroups@2023-09-01' = {
  name: 'nsg-3'
  location: 'westeurope'
}

// CHECK-NOT: suppression.bicep:12:{{.*}}required-tags
// CHECK: suppression.bicep:17:{{[0-9]+}}: error: {{.*}}[required-tags]
// CHECK-NOT: suppression.bicep:12:{{.*}}required-tags
