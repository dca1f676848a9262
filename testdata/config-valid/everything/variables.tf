variable "region" {
  type        = string
  default     = "us-east-1"
  description = "Where the buckets live."
}

variable "project" {
  type = string

  validation {
    condition     = length(var.project) > 2
    error_message = "The project name must be longer than two characters."
  }
}

variable "bucket_names" {
  type    = list(string)
  default = ["logs", "data"]
}

variable "rules" {
  type = map(object({
    prefix  = string
    enabled = optional(bool, true)
  }))
  default = {
    tmp = { prefix = "tmp/" }
  }
}

variable "password" {
  type      = string
  sensitive = true
  nullable  = false
  default   = "hunter2"
}

variable "anything" {}
