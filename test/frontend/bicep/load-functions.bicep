// load*() functions run at compile time, relative to the file: YAML becomes
// JSON values; loadDirectoryFileInfo lists the files of a directory.
// RUN: armor outputs %s | FileCheck %s

var config = loadYamlContent('Inputs/data.yaml')
var files = loadDirectoryFileInfo('Inputs/files')
var texts = loadDirectoryFileInfo('./Inputs/files', '*.txt')

output name string = config.name
output replicas int = config.replicas
output enabled bool = config.enabled
output quoted string = config.quoted
output ports array = loadYamlContent('Inputs/data.yaml', '$.ports')
output files array = files
output texts array = texts

// CHECK-DAG: "name": "web"
// CHECK-DAG: "replicas": 3
// CHECK-DAG: "enabled": true
// CHECK-DAG: "quoted": "42"
// CHECK-DAG: "ports": [80,443]
// CHECK-DAG: "files": [{"relativePath":"Inputs/files/A.json","baseName":"A.json","extension":".json"},{"relativePath":"Inputs/files/b.txt","baseName":"b.txt","extension":".txt"}]
// CHECK-DAG: "texts": [{"relativePath":"Inputs/files/b.txt","baseName":"b.txt","extension":".txt"}]
