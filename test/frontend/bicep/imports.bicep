// Imported variables and functions are copied into the template with what
// they read, as the compiler copies them; load*() paths may use constant
// variables; a loop's iterable is read outside the loop's own variables.
// RUN: armor outputs %s | FileCheck %s
// RUN: armor ir %s | FileCheck %s --check-prefix=IR
// RUN: armor ir %S/Inputs/missing-load.bicep 2>&1 | FileCheck %s --check-prefix=MISSING

import { region, label } from 'Inputs/shared.bicep'
import * as shared from 'Inputs/shared.bicep'

var file = 'greeting'
var text = loadTextContent('Inputs/${file}.txt')

param items array = ['a', 'b']

output where string = region
output named string = label('vm')
output wildcard string = shared.region
output text string = text
output names array = [for items in items: toUpper(items)]

// CHECK-DAG: "where": "australiaeast"
// CHECK-DAG: "named": "vm-australiaeast"
// CHECK-DAG: "wildcard": "australiaeast"
// CHECK-DAG: "text": "hello"
// CHECK-DAG: "names": ["A","B"]

// IR: output named: string = "vm-australiaeast"
// IR-NEXT: output names: array = ["A","B"]

// MISSING: note: cannot read the file 'absent.txt'
// MISSING-NOT: error
