output "bucket_arns" {
  description = "Every bucket's ARN."
  value       = { for k, b in aws_s3_bucket.each : k => b.arn }
}

output "password" {
  value      = var.password
  sensitive  = true
  depends_on = [aws_s3_bucket.frozen]
}

output "first_id" {
  value = null_resource.counted[0].id
}
