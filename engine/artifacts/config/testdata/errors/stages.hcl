stage "dev" {
  stacks = [] # ERROR: No stacks
}

stage "staging" {
  stacks = ["s"]
  mode   = "yolo" # ERROR: Invalid mode
  soak   = "ten minutes" # ERROR: Invalid soak
}

stage "prod" {
  stacks = ["p"]
  after  = "dev" # ERROR: Stages out of order
}
