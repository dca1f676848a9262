package aws

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

func s3LifecycleResource() *resourceType {
	return &resourceType{
		schema: &schema.Resource{Block: s3LifecycleBlock},
		create: func(ctx context.Context, c *client, planned cty.Value) (cty.Value, schema.Diagnostics) {
			planned = withSubID(planned)
			if diags := putLifecycle(ctx, c, planned); diags.HasErrors() {
				return cty.NullVal(planned.Type()), diags
			}
			return planned, nil
		},
		read: readS3Lifecycle,
		update: func(ctx context.Context, c *client, prior, planned cty.Value) (cty.Value, schema.Diagnostics) {
			if diags := putLifecycle(ctx, c, planned); diags.HasErrors() {
				return prior, diags
			}
			return planned, nil
		},
		delete: func(ctx context.Context, c *client, prior cty.Value) schema.Diagnostics {
			o := kit.Obj(prior)
			_, err := c.s3.DeleteBucketLifecycle(ctx, &s3.DeleteBucketLifecycleInput{
				Bucket: aws.String(o.Str("bucket")), ExpectedBucketOwner: o.StrPtr("expected_bucket_owner")})
			if err != nil && !bucketGone(err, "NoSuchLifecycleConfiguration") {
				return apiDiag(err, nil, "Cannot delete S3 bucket lifecycle configuration")
			}
			return nil
		},
		importState: func(id string) (cty.Value, schema.Diagnostics) { return bucketSubStub(s3LifecycleBlock, id) },
		validate:    validateLifecycle,
	}
}

func validateLifecycle(config cty.Value) schema.Diagnostics {
	var diags schema.Diagnostics
	for i, r := range kit.Obj(config).Blocks("rule") {
		for _, name := range []string{"date"} {
			if d := r.Block("expiration").Str(name); d != "" {
				if _, err := time.Parse(time.RFC3339, d); err != nil {
					diags = append(diags, schema.Errorf(cty.GetAttrPath("rule").IndexInt(i).GetAttr("expiration").IndexInt(0).GetAttr(name),
						"Invalid date", "expiration.date must be an RFC 3339 date such as 2030-01-01T00:00:00Z.")...)
				}
			}
		}
	}
	return diags
}

func putLifecycle(ctx context.Context, c *client, planned cty.Value) schema.Diagnostics {
	o := kit.Obj(planned)
	var rules []s3types.LifecycleRule
	for _, r := range o.Blocks("rule") {
		rules = append(rules, expandLifecycleRule(r))
	}
	_, err := c.s3.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{
		Bucket: aws.String(o.Str("bucket")), ExpectedBucketOwner: o.StrPtr("expected_bucket_owner"),
		LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: rules}})
	return apiDiag(err, attrPath("rule"), "Cannot set S3 bucket lifecycle configuration")
}

func expandLifecycleRule(r kit.Obj) s3types.LifecycleRule {
	rule := s3types.LifecycleRule{ID: r.StrPtr("id"), Status: s3types.ExpirationStatus(r.Str("status")), Prefix: r.StrPtr("prefix")}
	if a := r.Block("abort_incomplete_multipart_upload"); a.Present() {
		rule.AbortIncompleteMultipartUpload = &s3types.AbortIncompleteMultipartUpload{DaysAfterInitiation: a.Int32Ptr("days_after_initiation")}
	}
	if e := r.Block("expiration"); e.Present() {
		rule.Expiration = &s3types.LifecycleExpiration{Days: e.Int32Ptr("days"),
			ExpiredObjectDeleteMarker: e.BoolPtr("expired_object_delete_marker"), Date: timePtr(e.Str("date"))}
	}
	if f := r.Block("filter"); f.Present() {
		rule.Filter = &s3types.LifecycleRuleFilter{Prefix: f.StrPtr("prefix"),
			ObjectSizeGreaterThan: f.Int64Ptr("object_size_greater_than"), ObjectSizeLessThan: f.Int64Ptr("object_size_less_than")}
		if t := f.Block("tag"); t.Present() {
			rule.Filter.Tag = &s3types.Tag{Key: t.StrPtr("key"), Value: t.StrPtr("value")}
		}
		if a := f.Block("and"); a.Present() {
			rule.Filter.And = &s3types.LifecycleRuleAndOperator{Prefix: a.StrPtr("prefix"), Tags: s3Tags(a.StrMap("tags")),
				ObjectSizeGreaterThan: a.Int64Ptr("object_size_greater_than"), ObjectSizeLessThan: a.Int64Ptr("object_size_less_than")}
		}
	} else if rule.Prefix == nil {
		rule.Filter = &s3types.LifecycleRuleFilter{Prefix: aws.String("")}
	}
	if n := r.Block("noncurrent_version_expiration"); n.Present() {
		rule.NoncurrentVersionExpiration = &s3types.NoncurrentVersionExpiration{
			NewerNoncurrentVersions: n.Int32Ptr("newer_noncurrent_versions"), NoncurrentDays: n.Int32Ptr("noncurrent_days")}
	}
	for _, n := range r.Blocks("noncurrent_version_transition") {
		rule.NoncurrentVersionTransitions = append(rule.NoncurrentVersionTransitions, s3types.NoncurrentVersionTransition{
			NewerNoncurrentVersions: n.Int32Ptr("newer_noncurrent_versions"), NoncurrentDays: n.Int32Ptr("noncurrent_days"),
			StorageClass: s3types.TransitionStorageClass(n.Str("storage_class"))})
	}
	for _, t := range r.Blocks("transition") {
		rule.Transitions = append(rule.Transitions, s3types.Transition{Days: t.Int32Ptr("days"), Date: timePtr(t.Str("date")),
			StorageClass: s3types.TransitionStorageClass(t.Str("storage_class"))})
	}
	return rule
}

func timePtr(s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil
	}
	return &t
}

func timeVal(t *time.Time) cty.Value {
	if t == nil {
		return cty.NullVal(cty.String)
	}
	return cty.StringVal(t.UTC().Format(time.RFC3339))
}

func readS3Lifecycle(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := kit.Obj(prior)
	out, err := c.s3.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{
		Bucket: aws.String(o.Str("bucket")), ExpectedBucketOwner: o.StrPtr("expected_bucket_owner")})
	if bucketGone(err, "NoSuchLifecycleConfiguration") {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read S3 bucket lifecycle configuration")
	}
	priorFilter := map[string]bool{}
	for _, p := range o.Blocks("rule") {
		priorFilter[p.Str("id")] = p.Block("filter").Present()
	}
	var rules []cty.Value
	for _, r := range orderRules(out.Rules, o.Blocks("rule")) {
		if !priorFilter[aws.ToString(r.ID)] && filterEmpty(r.Filter) {
			r.Filter = nil // the empty filter sent for a rule without one
		}
		rules = append(rules, flattenLifecycleRule(r))
	}
	live := kit.BlockVal(lcRuleNB, rules)
	return kit.ObjectVal(s3LifecycleBlock, map[string]cty.Value{
			"id": o.Attr("id"), "bucket": o.Attr("bucket"), "expected_bucket_owner": o.Attr("expected_bucket_owner"),
			"rule": conform(o.Attr("rule"), live),
		}),

		nil
}

// orderRules puts live rules in the order prior lists their ids, new ones
// last: the API does not promise to keep the order.
func orderRules(live []s3types.LifecycleRule, prior []kit.Obj) []s3types.LifecycleRule {
	pos := map[string]int{}
	for i, p := range prior {
		pos[p.Str("id")] = i
	}
	out := make([]s3types.LifecycleRule, 0, len(live))
	placed := make([]*s3types.LifecycleRule, len(prior))
	for i := range live {
		if j, ok := pos[aws.ToString(live[i].ID)]; ok && placed[j] == nil {
			placed[j] = &live[i]
			continue
		}
	}
	for _, p := range placed {
		if p != nil {
			out = append(out, *p)
		}
	}
	for i := range live {
		if j, ok := pos[aws.ToString(live[i].ID)]; !ok || placed[j] != &live[i] {
			out = append(out, live[i])
		}
	}
	return out
}

func flattenLifecycleRule(r s3types.LifecycleRule) cty.Value {
	attrs := map[string]cty.Value{"id": kit.StrPtrVal(r.ID), "status": cty.StringVal(string(r.Status)), "prefix": kit.StrPtrVal(r.Prefix)}
	if a := r.AbortIncompleteMultipartUpload; a != nil {
		attrs["abort_incomplete_multipart_upload"] = kit.BlockVal(lcAbortNB, []cty.Value{kit.ObjectVal(&lcAbortNB.Block,
			map[string]cty.Value{"days_after_initiation": kit.Int32PtrVal(a.DaysAfterInitiation)})})

	}
	if e := r.Expiration; e != nil {
		attrs["expiration"] = kit.BlockVal(lcExpNB, []cty.Value{kit.ObjectVal(&lcExpNB.Block, map[string]cty.Value{
			"days": kit.Int32PtrVal(e.Days), "date": timeVal(e.Date), "expired_object_delete_marker": kit.BoolPtrVal(e.ExpiredObjectDeleteMarker)})})

	}
	if f := r.Filter; f != nil {
		attrs["filter"] = kit.BlockVal(lcFilterNB, []cty.Value{flattenLifecycleFilter(f)})
	}
	if n := r.NoncurrentVersionExpiration; n != nil {
		attrs["noncurrent_version_expiration"] = kit.BlockVal(lcNCExpNB, []cty.Value{kit.ObjectVal(&lcNCExpNB.Block, map[string]cty.Value{
			"newer_noncurrent_versions": kit.Int32PtrVal(n.NewerNoncurrentVersions), "noncurrent_days": kit.Int32PtrVal(n.NoncurrentDays)})})

	}
	var ncts, ts []cty.Value
	for _, n := range r.NoncurrentVersionTransitions {
		ncts = append(ncts, kit.ObjectVal(&lcNCTransNB.Block, map[string]cty.Value{
			"newer_noncurrent_versions": kit.Int32PtrVal(n.NewerNoncurrentVersions), "noncurrent_days": kit.Int32PtrVal(n.NoncurrentDays),
			"storage_class": cty.StringVal(string(n.StorageClass))}))
	}
	for _, t := range r.Transitions {
		ts = append(ts, kit.ObjectVal(&lcTransNB.Block, map[string]cty.Value{
			"days": kit.Int32PtrVal(t.Days), "date": timeVal(t.Date), "storage_class": cty.StringVal(string(t.StorageClass))}))
	}
	attrs["noncurrent_version_transition"], attrs["transition"] = kit.BlockVal(lcNCTransNB, ncts), kit.BlockVal(lcTransNB, ts)
	return kit.ObjectVal(&lcRuleNB.Block, attrs)
}

func flattenLifecycleFilter(f *s3types.LifecycleRuleFilter) cty.Value {
	attrs := map[string]cty.Value{"prefix": kit.StrPtrVal(f.Prefix),
		"object_size_greater_than": kit.Int64PtrVal(f.ObjectSizeGreaterThan), "object_size_less_than": kit.Int64PtrVal(f.ObjectSizeLessThan)}
	if t := f.Tag; t != nil {
		attrs["tag"] = kit.BlockVal(lcTagNB, []cty.Value{kit.ObjectVal(&lcTagNB.Block, map[string]cty.Value{
			"key": kit.StrPtrVal(t.Key), "value": kit.StrPtrVal(t.Value)})})

	}
	if a := f.And; a != nil {
		tags := cty.NullVal(cty.Map(cty.String))
		if len(a.Tags) > 0 {
			tags = kit.MapVal(fromS3Tags(a.Tags))
		}
		attrs["and"] = kit.BlockVal(lcAndNB, []cty.Value{kit.ObjectVal(&lcAndNB.Block, map[string]cty.Value{
			"prefix": kit.StrPtrVal(a.Prefix), "tags": tags,
			"object_size_greater_than": kit.Int64PtrVal(a.ObjectSizeGreaterThan), "object_size_less_than": kit.Int64PtrVal(a.ObjectSizeLessThan)})})

	}
	return kit.ObjectVal(&lcFilterNB.Block, attrs)
}

func filterEmpty(f *s3types.LifecycleRuleFilter) bool {
	return f == nil || (aws.ToString(f.Prefix) == "" && f.Tag == nil && f.And == nil &&
		aws.ToInt64(f.ObjectSizeGreaterThan) == 0 && aws.ToInt64(f.ObjectSizeLessThan) == 0)
}
