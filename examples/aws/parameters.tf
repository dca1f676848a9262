# The database password, encrypted with the account's default SSM key. Its
# value comes from a sensitive variable and never appears in plans.

resource "aws_ssm_parameter" "db_password" {
  name        = "/${var.name}/db/password"
  description = "Database password of the order workers"
  type        = "SecureString"
  value       = var.db_password
}
