using none

param size = 5
param env = 'dev'
