// Exported declarations for imports.bicep.
var suffix = 'east'

@export()
var region = 'australia${suffix}'

@export()
func label(name string) string => '${name}-${region}'

@export()
type size = 'S' | 'M'
