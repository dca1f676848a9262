# Orders arrive on an SNS topic, are delivered to an SQS queue, and move
# to a dead-letter queue after five failed receives.

locals {
  orders_queue_name = "${var.name}-orders"
  orders_queue_arn  = "arn:aws:sqs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:${local.orders_queue_name}"
}

resource "aws_sqs_queue" "orders_dlq" {
  name                      = "${var.name}-orders-dlq"
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "orders" {
  name                       = local.orders_queue_name
  visibility_timeout_seconds = 60
  message_retention_seconds  = 345600
  receive_wait_time_seconds  = 10
  policy                     = data.aws_iam_policy_document.orders_from_topic.json

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn
    maxReceiveCount     = 5
  })

  tags = {
    purpose = "orders"
  }
}

resource "aws_sns_topic" "orders" {
  name         = "${var.name}-orders"
  display_name = "Orders"
}

# Lets the topic deliver to the queue. The queue's ARN is built from its
# name, as the queue cannot refer to its own attributes.
data "aws_iam_policy_document" "orders_from_topic" {
  statement {
    sid       = "AllowTopic"
    actions   = ["sqs:SendMessage"]
    resources = [local.orders_queue_arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.orders.arn]
    }
  }
}

resource "aws_sns_topic_subscription" "orders" {
  topic_arn            = aws_sns_topic.orders.arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.orders.arn
  raw_message_delivery = true
}
