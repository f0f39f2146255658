// Bicep pragmas silence azure-policy/<name> findings (the id contains a
// '/') on the line after `#disable-next-line`, as Bicep's own pragmas do, and #disable-diagnostics ... #restore-diagnostics a whole block; the
// findings stay in SARIF as suppressed (kind inSource).
// RUN: %expect_exit 1 armor check --no-snippet --config %S/Inputs/custom-tag.json %s | FileCheck %s --implicit-check-not='[azure-policy/'
// RUN: armor check -f sarif -o %t.sarif --fail-on none --config %S/Inputs/custom-tag.json %s
// RUN: %sarif_summary %t.sarif | FileCheck %s --check-prefix=SARIF

resource silenced 'Microsoft.Network/publicIPAddresses@2023-09-01' = {
  name: 'ip-silenced'
  location: 'westeurope'
  #disable-next-line azure-policy/require-tag-value // migrating in Q3
  tags: { env: 'dev' }
}

#disable-diagnostics azure-policy/require-tag-value
resource block 'Microsoft.Network/publicIPAddresses@2023-09-01' = {
  name: 'ip-block'
  location: 'westeurope'
  tags: { env: 'dev' }
}
#restore-diagnostics azure-policy/require-tag-value

resource reported 'Microsoft.Network/publicIPAddresses@2023-09-01' = {
  name: 'ip-reported'
  location: 'westeurope'
  tags: { env: 'dev' }
// CHECK: bicep-suppressed.bicep:[[@LINE-1]]:{{[0-9]+}}: error: resource 'ip-reported' {{.*}} [azure-policy/require-tag-value]
}

// SARIF-DAG: azure-policy/require-tag-value error {{.*}} resource 'ip-silenced' {{.*}} {suppressed:inSource:#disable-next-line azure-policy/require-tag-value}
// SARIF-DAG: azure-policy/require-tag-value error {{.*}} resource 'ip-block' {{.*}} {suppressed:inSource:#disable-diagnostics azure-policy/require-tag-value}
// SARIF-DAG: azure-policy/require-tag-value error {{.*}} resource 'ip-reported' {{.*}} fingerprint=
