variable "replicas" {
  type = number
}

variable "labels" {
  type = object({ team = string })
}
