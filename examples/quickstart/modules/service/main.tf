# One service of the quickstart: its configuration file and one deployment
# marker per replica. The root module calls it once per service.

variable "name" {
  type        = string
  description = "Name of the service."
}

variable "port" {
  type = number
}

variable "replicas" {
  type    = number
  default = 1

  validation {
    condition     = var.replicas >= 1 && var.replicas <= 10
    error_message = "A service runs between 1 and 10 replicas."
  }
}

variable "cluster" {
  type = string
}

variable "labels" {
  type = map(string)
}

variable "out_dir" {
  type = string
}

resource "local_file" "config" {
  filename = "${var.out_dir}/${var.name}.json"
  content = jsonencode({
    cluster  = var.cluster
    service  = var.name
    port     = var.port
    replicas = var.replicas
    labels   = var.labels
  })
  file_permission = "0644"
}

resource "null_resource" "deploy" {
  count = var.replicas

  triggers = {
    config   = local_file.config.content_sha256
    instance = count.index
  }
}

output "file" {
  value = local_file.config.filename
}
