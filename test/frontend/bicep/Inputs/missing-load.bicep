// A load*() of a missing file: a note, and an unknown value.
var script = loadTextContent('absent.txt')
output script string = script
