package terraform

import rego.v1

# No bucket may be public.
deny contains {"msg": sprintf("%s: buckets must not be public-read", [rc.address]), "address": rc.address} if {
	some rc in input.resource_changes
	rc.type == "aws_s3_bucket"
	rc.change.after.acl == "public-read"
}

# Deleting anything is worth a second look.
warn contains sprintf("%s will be destroyed", [rc.address]) if {
	some rc in input.resource_changes
	"delete" in rc.change.actions
}

deny_too_many_changes contains msg if {
	count(input.resource_changes) > 10
	msg := "more than 10 changes in one plan"
}

test_public_bucket_denied if {
	count(deny) == 1 with input as {"resource_changes": [{"address": "aws_s3_bucket.b", "type": "aws_s3_bucket", "change": {"actions": ["create"], "after": {"acl": "public-read"}}}]}
}

test_private_bucket_allowed if {
	count(deny) == 0 with input as {"resource_changes": [{"address": "aws_s3_bucket.b", "type": "aws_s3_bucket", "change": {"actions": ["create"], "after": {"acl": "private"}}}]}
}

test_deliberately_wrong if {
	count(warn) == 1 with input as {"resource_changes": []}
}
