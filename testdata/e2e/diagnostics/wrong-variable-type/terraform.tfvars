replicas = "three" # ERROR: Invalid value for input variable -- a number is required
labels   = { owner = "ops" } # ERROR: Invalid value for input variable -- attribute "team" is required
