variable "region" {
  description = "AWS region of every resource."
  type        = string
  default     = "us-east-1"
}

variable "aws_endpoint" {
  description = "One endpoint URL for every service, e.g. a moto_server at http://127.0.0.1:5000. Null (the default) leaves endpoints to the SDK: AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, else AWS itself."
  type        = string
  default     = null
}

variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "trueup-example"
}

variable "environment" {
  description = "Environment tag of every resource (provider default_tags)."
  type        = string
  default     = "dev"
}

variable "vpc_cidr" {
  description = "Address range of the VPC; each subnet gets a /24 of it."
  type        = string
  default     = "10.20.0.0/16"
}

variable "subnet_count" {
  description = "Number of subnets, one per availability zone."
  type        = number
  default     = 2
}

variable "db_password" {
  description = "Stored as an SSM SecureString; set it with TF_VAR_db_password. Never printed."
  type        = string
  sensitive   = true
}
