variable "a" {
  type = lisst(string) # ERROR: Invalid type specification
}

variable "b" {
  type = "string" # ERROR: Invalid quoted type constraints
}

variable "c" {
  type    = number
  default = "twelve" # ERROR: Invalid default value for variable
}

variable "d" {
  type = object({
    name = string
    size = optional(number, "big") # ERROR: Invalid default value for optional attribute
  })
}
