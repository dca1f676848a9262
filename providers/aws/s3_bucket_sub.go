package aws

import (
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// Bucket sub-resources (versioning, policy, encryption, ...) are identified
// by their bucket, or "BUCKET,EXPECTED_BUCKET_OWNER" when an owner is set.

func bucketAttr() *schema.Attribute {
	return &schema.Attribute{Type: cty.String, Required: true, ForceNew: true, Description: "Name of the bucket."}
}

func ownerAttr() *schema.Attribute {
	return &schema.Attribute{Type: cty.String, Optional: true, ForceNew: true,
		Description: "Account ID of the expected bucket owner."}
}

// bucketSubID is the id of a bucket sub-resource.
func bucketSubID(bucket, owner string) string {
	if owner == "" {
		return bucket
	}
	return bucket + "," + owner
}

// bucketSubStub parses a sub-resource import ID into its stub.
func bucketSubStub(b *schema.Block, id string) (cty.Value, schema.Diagnostics) {
	bucket, owner, _ := strings.Cut(id, ",")
	attrs := map[string]cty.Value{"bucket": cty.StringVal(bucket)}
	if _, ok := b.Attributes["expected_bucket_owner"]; ok && owner != "" {
		attrs["expected_bucket_owner"] = cty.StringVal(owner)
	}
	return idStub(b, id, attrs)
}

// withSubID returns planned with its id set from bucket and owner.
func withSubID(planned cty.Value) cty.Value {
	o := kit.Obj(planned)
	return kit.Set(planned, "id", cty.StringVal(bucketSubID(o.Str("bucket"), o.Str("expected_bucket_owner"))))
}

// bucketGone reports whether err says the bucket, or the named
// configuration of it, does not exist.
func bucketGone(err error, codes ...string) bool {
	return isNotFound(err, append(codes, "NoSuchBucket")...)
}
