// A symbol imported from a registry file is read from the Bicep CLI's cache
// when `bicep restore` put the file there (see registry-cache.bicep for the
// layout). When it is not there, every value that uses the symbol is unknown
// and says why: no error, and no finding that would depend on it (a note
// with "unknown": "note"). Most such imports are types, so the import itself
// is not reported.
// RUN: env ARMOR_BICEP_CACHE=%S/Inputs/bicep-cache armor ir %s 2>&1 | FileCheck %s
// RUN: env ARMOR_BICEP_CACHE=%S/Inputs/bicep-cache %expect_exit 1 armor check --no-snippet --allowed-location northeurope %s 2>&1 | FileCheck %s --check-prefix=CACHED
// RUN: env ARMOR_BICEP_CACHE=%t.none armor check --no-snippet --allowed-location northeurope %s 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not=error: --allow-empty
// RUN: env ARMOR_BICEP_CACHE=%t.none armor check --no-snippet --config %S/Inputs/unknown-note.armor.json --allowed-location northeurope %s 2>&1 | FileCheck %s --check-prefix=NOTE --implicit-check-not=error:
import { defaultLocation } from 'br/public:avm/utl/types/shared:0.1.0'

resource st 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'st'
  location: defaultLocation
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
}

// CHECK-NOT: comes from a registry
// CHECK: resource microsoft.storage/storageaccounts@2023-01-01 "st"
// CHECK-NEXT: location: "westeurope"

// CACHED: registry-import.bicep:15:13: error: {{.*}}westeurope{{.*}} [allowed-locations]

// NONE-NOT: allowed-locations

// NOTE: registry-import.bicep:15:13: note: {{.*}}imported from a registry that is not available locally{{.*}} [allowed-locations]
