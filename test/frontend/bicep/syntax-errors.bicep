// Syntax errors are recovered from: each is reported at its line and
// column, and the declarations around them still lower.
// RUN: %expect_exit 3 armor ir %s | FileCheck %s --check-prefix=ERR
// RUN: %expect_exit 3 armor ir %s | FileCheck %s --check-prefix=IR

param before string

var broken = (1 +

resource bad 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'x'
  kind: 
}

var quote = "double"

output after string = before

// ERR: syntax-errors.bicep:15:13: error: unexpected '"': strings use single quotes [syntax-error]
// ERR: syntax-errors.bicep:8:18: error: unexpected line break [syntax-error]
// ERR: syntax-errors.bicep:12:9: error: unexpected line break [syntax-error]
// IR: param before: string
// IR: resource microsoft.storage/storageaccounts@2023-01-01 "x"
// IR: output after: string = "[parameters('before')]"
