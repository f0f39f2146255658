param location string
param size int = 1
@allowed(['dev', 'prod'])
param env string
