output "site_bucket" {
  value = aws_s3_bucket.site.bucket
}

output "orders_queue_url" {
  value = aws_sqs_queue.orders.url
}

output "orders_dlq_arn" {
  value = aws_sqs_queue.orders_dlq.arn
}

output "orders_topic_arn" {
  value = aws_sns_topic.orders.arn
}

output "worker_role_arn" {
  value = aws_iam_role.worker.arn
}

output "vpc_id" {
  value = aws_vpc.main.id
}

output "subnet_ids" {
  value = aws_subnet.private[*].id
}

output "security_group_id" {
  value = aws_security_group.web.id
}

output "db_password_parameter" {
  value = aws_ssm_parameter.db_password.name
}
