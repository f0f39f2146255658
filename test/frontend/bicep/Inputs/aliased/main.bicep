module st 'br/contoso:storage:V1' = {
  name: 'st'
}

module unknown 'br/fabrikam:storage:V1' = {
  name: 'unknown'
}
