package aws

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

func s3BucketResource() *resourceType {
	r := &resourceType{
		schema:   &schema.Resource{Block: s3BucketBlock},
		defaults: map[string]cty.Value{"force_destroy": cty.False},
		timeouts: &kit.Timeouts{Create: 20 * time.Minute, Read: 20 * time.Minute, Update: 20 * time.Minute, Delete: 60 * time.Minute},
		importState: func(id string) (cty.Value, schema.Diagnostics) {
			return idStub(s3BucketBlock, id, map[string]cty.Value{"bucket": cty.StringVal(id)})
		},
	}
	r.create, r.read, r.update, r.delete = createS3Bucket, readS3Bucket, updateS3Bucket, deleteS3Bucket
	r.plan = func(c *client, prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
		if prior.IsNull() && kit.Obj(config).Null("object_lock_enabled") {
			planned = kit.Set(planned, "object_lock_enabled", cty.False)
		}
		return planned, nil
	}
	return r
}

var s3BucketBlock = &schema.Block{
	Description: "An S3 bucket. Import ID: the bucket name.",
	Attributes: map[string]*schema.Attribute{
		"id":     {Type: cty.String, Computed: true},
		"bucket": {Type: cty.String, Optional: true, Computed: true, ForceNew: true, Description: "Bucket name; generated when unset."},
		"bucket_prefix": {Type: cty.String, Optional: true, ForceNew: true,
			Description: "Prefix of a generated bucket name."},
		"force_destroy": {Type: cty.Bool, Optional: true, Computed: true,
			Description: "Delete every object (and version) when destroying the bucket."},
		"object_lock_enabled":         {Type: cty.Bool, Optional: true, Computed: true, ForceNew: true},
		"tags":                        {Type: cty.Map(cty.String), Optional: true},
		"tags_all":                    {Type: cty.Map(cty.String), Computed: true},
		"arn":                         {Type: cty.String, Computed: true},
		"bucket_domain_name":          {Type: cty.String, Computed: true},
		"bucket_regional_domain_name": {Type: cty.String, Computed: true},
		"hosted_zone_id":              {Type: cty.String, Computed: true},
		"region":                      {Type: cty.String, Computed: true},
	},
}

func createS3Bucket(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(planned)
	name := o.Str("bucket")
	if name == "" {
		name = uniqueName(o.Str("bucket_prefix"))
	}
	in := &s3.CreateBucketInput{Bucket: aws.String(name), ObjectLockEnabledForBucket: o.BoolPtr("object_lock_enabled")}
	if c.region != "us-east-1" {
		in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{
			LocationConstraint: s3types.BucketLocationConstraint(c.region)}
	}
	// A try whose response was lost may have made the bucket: its retry
	// then hears that the bucket exists, and the bucket is ours.
	var amb ambiguity
	_, err := c.s3.CreateBucket(ctx, in, func(o *s3.Options) { o.Retryer = amb.watch(o.Retryer) })
	if amb.madeByUs(err, "BucketAlreadyOwnedByYou", "BucketAlreadyExists") {
		err = nil
	}
	if err != nil {
		return cty.NullVal(planned.Type()), apiDiag(err, attrPath("bucket"), "Cannot create S3 bucket")
	}
	state := kit.Set(kit.Set(planned, "bucket", cty.StringVal(name)), "id", cty.StringVal(name))
	err = waitFor(ctx, 2*time.Minute, "bucket "+name+" to exist", func() (bool, error) {
		_, err := c.s3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(name)})
		return err == nil, ignoreNotFound(err)
	})
	if err != nil {
		return state, apiDiag(err, nil, "S3 bucket created but not yet visible")
	}
	if tags := o.StrMap("tags_all"); len(tags) > 0 {
		if err := putBucketTags(ctx, c, name, tags); err != nil {
			return state, apiDiag(err, attrPath("tags"), "S3 bucket created but tagging failed")
		}
	}
	return state, nil
}

func putBucketTags(ctx context.Context, c *client, bucket string, tags map[string]string) error {
	if len(tags) == 0 {
		_, err := c.s3.DeleteBucketTagging(ctx, &s3.DeleteBucketTaggingInput{Bucket: aws.String(bucket)})
		return err
	}
	_, err := c.s3.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{
		Bucket: aws.String(bucket), Tagging: &s3types.Tagging{TagSet: s3Tags(tags)}})
	return err
}

func s3Tags(tags map[string]string) []s3types.Tag {
	out := make([]s3types.Tag, 0, len(tags))
	for k, v := range tags {
		out = append(out, s3types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

func fromS3Tags(tags []s3types.Tag) map[string]string {
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

// ignoreNotFound is err, or nil when err says the object does not exist.
func ignoreNotFound(err error, codes ...string) error {
	if isNotFound(err, append(codes, "NotFound", "NoSuchBucket")...) {
		return nil
	}
	return err
}

func readS3Bucket(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	name := kit.Obj(prior).Str("id")
	head, err := c.s3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(name)})
	if isNotFound(err, "NotFound", "NoSuchBucket") {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read S3 bucket")
	}
	region, err := bucketRegion(ctx, c, name, head)
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read S3 bucket location")
	}
	tagOut, err := c.s3.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: aws.String(name)})
	if err != nil && !hasCode(err, "NoSuchTagSet", "NoSuchTagSetError") {
		return prior, apiDiag(err, attrPath("tags"), "Cannot read S3 bucket tags")
	}
	var live map[string]string
	if tagOut != nil {
		live = fromS3Tags(tagOut.TagSet)
	}
	lock, err := c.s3.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: aws.String(name)})
	if err != nil && !hasCode(err, "ObjectLockConfigurationNotFoundError", "NotImplemented") {
		return prior, apiDiag(err, attrPath("object_lock_enabled"), "Cannot read S3 object lock configuration")
	}
	locked := lock != nil && lock.ObjectLockConfiguration != nil &&
		lock.ObjectLockConfiguration.ObjectLockEnabled == s3types.ObjectLockEnabledEnabled
	tags, tagsAll := c.readTags(prior, live)
	attrs := bucketAttrs(c, name, region)
	attrs["id"], attrs["bucket_prefix"] = cty.StringVal(name), kit.Obj(prior).Attr("bucket_prefix")
	attrs["force_destroy"], attrs["object_lock_enabled"] = kit.Obj(prior).Attr("force_destroy"), cty.BoolVal(locked)
	attrs["tags"], attrs["tags_all"] = tags, tagsAll
	return kit.ObjectVal(s3BucketBlock, attrs), nil
}

// bucketAttrs are the computed names of a bucket in region.
func bucketAttrs(c *client, name, region string) map[string]cty.Value {
	return map[string]cty.Value{
		"bucket":                      cty.StringVal(name),
		"arn":                         cty.StringVal("arn:" + c.partition + ":s3:::" + name),
		"bucket_domain_name":          cty.StringVal(name + ".s3.amazonaws.com"),
		"bucket_regional_domain_name": cty.StringVal(name + ".s3." + region + ".amazonaws.com"),
		"hosted_zone_id":              cty.StringVal(s3HostedZoneIDs[region]),
		"region":                      cty.StringVal(region),
	}
}

func bucketRegion(ctx context.Context, c *client, name string, head *s3.HeadBucketOutput) (string, error) {
	if head != nil && aws.ToString(head.BucketRegion) != "" {
		return aws.ToString(head.BucketRegion), nil
	}
	loc, err := c.s3.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(name)})
	if err != nil {
		return "", err
	}
	switch loc.LocationConstraint {
	case "":
		return "us-east-1", nil
	case "EU":
		return "eu-west-1", nil
	}
	return string(loc.LocationConstraint), nil
}

func updateS3Bucket(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
	if tagsChanged(prior, planned) {
		if err := putBucketTags(ctx, c, kit.Obj(prior).Str("id"), kit.Obj(planned).StrMap("tags_all")); err != nil {
			return prior, apiDiag(err, attrPath("tags"), "Cannot update S3 bucket tags")
		}
	}
	return planned, nil
}

func deleteS3Bucket(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
	name := kit.Obj(prior).Str("id")
	_, err := c.s3.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(name)})
	if hasCode(err, "BucketNotEmpty") && kit.Obj(prior).Bool("force_destroy") {
		if err := emptyBucket(ctx, c, name); err != nil {
			return apiDiag(err, attrPath("force_destroy"), "Cannot empty S3 bucket")
		}
		_, err = c.s3.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(name)})
	}
	if isNotFound(err, "NoSuchBucket") {
		return nil
	}
	if err != nil {
		if hasCode(err, "BucketNotEmpty") {
			return schema.Errorf(attrPath("force_destroy"), "Cannot delete S3 bucket",
				apiMessage(err)+". Set force_destroy = true to delete its objects with it.")
		}
		return apiDiag(err, nil, "Cannot delete S3 bucket")
	}
	err = waitFor(ctx, 2*time.Minute, "bucket "+name+" to be gone", func() (bool, error) {
		_, err := c.s3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(name)})
		if isNotFound(err, "NotFound", "NoSuchBucket") {
			return true, nil
		}
		return false, err
	})
	return schema.FromErr(err, "S3 bucket deletion not confirmed")
}

// emptyBucket deletes every object version and delete marker in a bucket.
func emptyBucket(ctx context.Context, c *client, name string) error {
	pages := s3.NewListObjectVersionsPaginator(c.s3, &s3.ListObjectVersionsInput{Bucket: aws.String(name)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return err
		}
		var ids []s3types.ObjectIdentifier
		for _, v := range page.Versions {
			ids = append(ids, s3types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
		for _, m := range page.DeleteMarkers {
			ids = append(ids, s3types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
		if len(ids) == 0 {
			continue
		}
		out, err := c.s3.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(name),
			Delete: &s3types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
		if err != nil {
			return err
		}
		if len(out.Errors) > 0 {
			e := out.Errors[0]
			return errors.New(aws.ToString(e.Key) + ": " + aws.ToString(e.Code) + ": " + aws.ToString(e.Message))
		}
	}
	return nil
}

// s3HostedZoneIDs are the Route 53 hosted zone IDs of S3 website
// endpoints by region.
var s3HostedZoneIDs = map[string]string{
	"us-east-1":      "Z3AQBSTGFYJSTF",
	"us-east-2":      "Z2O1EMRO9K5GLX",
	"us-west-1":      "Z2F56UZL2M1ACD",
	"us-west-2":      "Z3BJ6K6RIION7M",
	"ca-central-1":   "Z1QDHH18159H29",
	"eu-west-1":      "Z1BKCTXD74EZPE",
	"eu-west-2":      "Z3GKZC51ZF0DB4",
	"eu-west-3":      "Z3R1K369G5AVDG",
	"eu-central-1":   "Z21DNDUVLTQW6Q",
	"eu-north-1":     "Z3BAZG2TWCNX0D",
	"ap-south-1":     "Z11RGJOFQNVJUP",
	"ap-northeast-1": "Z2M4EHUR26P7ZW",
	"ap-northeast-2": "Z3W03O7B5YMIYP",
	"ap-southeast-1": "Z3O0J2DXBE1FTB",
	"ap-southeast-2": "Z1WCIGYICN2BYD",
	"sa-east-1":      "Z7KQH4QJS55SO",
}
