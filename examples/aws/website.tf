# A static website bucket: versioned, encrypted at rest, readable by anyone
# through its bucket policy (public ACLs stay blocked).

resource "aws_s3_bucket" "site" {
  bucket        = "${var.name}-site"
  force_destroy = true

  tags = {
    purpose = "website"
  }
}

resource "aws_s3_bucket_versioning" "site" {
  bucket = aws_s3_bucket.site.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "site" {
  bucket = aws_s3_bucket.site.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# ACLs stay private; the public read comes from the policy below, so
# public policies are allowed.
resource "aws_s3_bucket_public_access_block" "site" {
  bucket = aws_s3_bucket.site.id

  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = false
  restrict_public_buckets = false
}

data "aws_iam_policy_document" "site_read" {
  statement {
    sid       = "PublicRead"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.site.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = data.aws_iam_policy_document.site_read.json

  # S3 refuses a public policy while the bucket blocks them.
  depends_on = [aws_s3_bucket_public_access_block.site]
}

resource "aws_s3_object" "index" {
  bucket        = aws_s3_bucket.site.id
  key           = "index.html"
  content       = "<!doctype html>\n<title>${var.name}</title>\n<h1>Hello from ${var.name}</h1>\n"
  content_type  = "text/html; charset=utf-8"
  cache_control = "max-age=300"

  # Written once encryption and versioning are in place.
  depends_on = [
    aws_s3_bucket_server_side_encryption_configuration.site,
    aws_s3_bucket_versioning.site,
  ]
}
