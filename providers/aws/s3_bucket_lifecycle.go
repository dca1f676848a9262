package aws

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
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
			o := ob(prior)
			_, err := c.s3.DeleteBucketLifecycle(ctx, &s3.DeleteBucketLifecycleInput{
				Bucket: aws.String(o.str("bucket")), ExpectedBucketOwner: o.strPtr("expected_bucket_owner")})
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
	for i, r := range ob(config).blocks("rule") {
		for _, name := range []string{"date"} {
			if d := r.block("expiration").str(name); d != "" {
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
	o := ob(planned)
	var rules []s3types.LifecycleRule
	for _, r := range o.blocks("rule") {
		rules = append(rules, expandLifecycleRule(r))
	}
	_, err := c.s3.PutBucketLifecycleConfiguration(ctx, &s3.PutBucketLifecycleConfigurationInput{
		Bucket: aws.String(o.str("bucket")), ExpectedBucketOwner: o.strPtr("expected_bucket_owner"),
		LifecycleConfiguration: &s3types.BucketLifecycleConfiguration{Rules: rules}})
	return apiDiag(err, attrPath("rule"), "Cannot set S3 bucket lifecycle configuration")
}

func expandLifecycleRule(r obj) s3types.LifecycleRule {
	rule := s3types.LifecycleRule{ID: r.strPtr("id"), Status: s3types.ExpirationStatus(r.str("status")), Prefix: r.strPtr("prefix")}
	if a := r.block("abort_incomplete_multipart_upload"); a.present() {
		rule.AbortIncompleteMultipartUpload = &s3types.AbortIncompleteMultipartUpload{DaysAfterInitiation: a.int32Ptr("days_after_initiation")}
	}
	if e := r.block("expiration"); e.present() {
		rule.Expiration = &s3types.LifecycleExpiration{Days: e.int32Ptr("days"),
			ExpiredObjectDeleteMarker: e.boolPtr("expired_object_delete_marker"), Date: timePtr(e.str("date"))}
	}
	if f := r.block("filter"); f.present() {
		rule.Filter = &s3types.LifecycleRuleFilter{Prefix: f.strPtr("prefix"),
			ObjectSizeGreaterThan: f.int64Ptr("object_size_greater_than"), ObjectSizeLessThan: f.int64Ptr("object_size_less_than")}
		if t := f.block("tag"); t.present() {
			rule.Filter.Tag = &s3types.Tag{Key: t.strPtr("key"), Value: t.strPtr("value")}
		}
		if a := f.block("and"); a.present() {
			rule.Filter.And = &s3types.LifecycleRuleAndOperator{Prefix: a.strPtr("prefix"), Tags: s3Tags(a.strMap("tags")),
				ObjectSizeGreaterThan: a.int64Ptr("object_size_greater_than"), ObjectSizeLessThan: a.int64Ptr("object_size_less_than")}
		}
	} else if rule.Prefix == nil {
		rule.Filter = &s3types.LifecycleRuleFilter{Prefix: aws.String("")}
	}
	if n := r.block("noncurrent_version_expiration"); n.present() {
		rule.NoncurrentVersionExpiration = &s3types.NoncurrentVersionExpiration{
			NewerNoncurrentVersions: n.int32Ptr("newer_noncurrent_versions"), NoncurrentDays: n.int32Ptr("noncurrent_days")}
	}
	for _, n := range r.blocks("noncurrent_version_transition") {
		rule.NoncurrentVersionTransitions = append(rule.NoncurrentVersionTransitions, s3types.NoncurrentVersionTransition{
			NewerNoncurrentVersions: n.int32Ptr("newer_noncurrent_versions"), NoncurrentDays: n.int32Ptr("noncurrent_days"),
			StorageClass: s3types.TransitionStorageClass(n.str("storage_class"))})
	}
	for _, t := range r.blocks("transition") {
		rule.Transitions = append(rule.Transitions, s3types.Transition{Days: t.int32Ptr("days"), Date: timePtr(t.str("date")),
			StorageClass: s3types.TransitionStorageClass(t.str("storage_class"))})
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
	return strVal(t.UTC().Format(time.RFC3339))
}

func readS3Lifecycle(ctx context.Context, c *client, prior cty.Value) (cty.Value, schema.Diagnostics) {
	o := ob(prior)
	out, err := c.s3.GetBucketLifecycleConfiguration(ctx, &s3.GetBucketLifecycleConfigurationInput{
		Bucket: aws.String(o.str("bucket")), ExpectedBucketOwner: o.strPtr("expected_bucket_owner")})
	if bucketGone(err, "NoSuchLifecycleConfiguration") {
		return cty.NullVal(prior.Type()), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read S3 bucket lifecycle configuration")
	}
	priorFilter := map[string]bool{}
	for _, p := range o.blocks("rule") {
		priorFilter[p.str("id")] = p.block("filter").present()
	}
	var rules []cty.Value
	for _, r := range orderRules(out.Rules, o.blocks("rule")) {
		if !priorFilter[aws.ToString(r.ID)] && filterEmpty(r.Filter) {
			r.Filter = nil // the empty filter sent for a rule without one
		}
		rules = append(rules, flattenLifecycleRule(r))
	}
	live := blockVal(lcRuleNB, rules)
	return objectVal(s3LifecycleBlock, map[string]cty.Value{
		"id": o.attr("id"), "bucket": o.attr("bucket"), "expected_bucket_owner": o.attr("expected_bucket_owner"),
		"rule": conform(o.attr("rule"), live),
	}), nil
}

// orderRules puts live rules in the order prior lists their ids, new ones
// last: the API does not promise to keep the order.
func orderRules(live []s3types.LifecycleRule, prior []obj) []s3types.LifecycleRule {
	pos := map[string]int{}
	for i, p := range prior {
		pos[p.str("id")] = i
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
	attrs := map[string]cty.Value{"id": strPtrVal(r.ID), "status": strVal(string(r.Status)), "prefix": strPtrVal(r.Prefix)}
	if a := r.AbortIncompleteMultipartUpload; a != nil {
		attrs["abort_incomplete_multipart_upload"] = blockVal(lcAbortNB, []cty.Value{objectVal(&lcAbortNB.Block,
			map[string]cty.Value{"days_after_initiation": int32PtrVal(a.DaysAfterInitiation)})})
	}
	if e := r.Expiration; e != nil {
		attrs["expiration"] = blockVal(lcExpNB, []cty.Value{objectVal(&lcExpNB.Block, map[string]cty.Value{
			"days": int32PtrVal(e.Days), "date": timeVal(e.Date), "expired_object_delete_marker": boolPtrVal(e.ExpiredObjectDeleteMarker)})})
	}
	if f := r.Filter; f != nil {
		attrs["filter"] = blockVal(lcFilterNB, []cty.Value{flattenLifecycleFilter(f)})
	}
	if n := r.NoncurrentVersionExpiration; n != nil {
		attrs["noncurrent_version_expiration"] = blockVal(lcNCExpNB, []cty.Value{objectVal(&lcNCExpNB.Block, map[string]cty.Value{
			"newer_noncurrent_versions": int32PtrVal(n.NewerNoncurrentVersions), "noncurrent_days": int32PtrVal(n.NoncurrentDays)})})
	}
	var ncts, ts []cty.Value
	for _, n := range r.NoncurrentVersionTransitions {
		ncts = append(ncts, objectVal(&lcNCTransNB.Block, map[string]cty.Value{
			"newer_noncurrent_versions": int32PtrVal(n.NewerNoncurrentVersions), "noncurrent_days": int32PtrVal(n.NoncurrentDays),
			"storage_class": strVal(string(n.StorageClass))}))
	}
	for _, t := range r.Transitions {
		ts = append(ts, objectVal(&lcTransNB.Block, map[string]cty.Value{
			"days": int32PtrVal(t.Days), "date": timeVal(t.Date), "storage_class": strVal(string(t.StorageClass))}))
	}
	attrs["noncurrent_version_transition"], attrs["transition"] = blockVal(lcNCTransNB, ncts), blockVal(lcTransNB, ts)
	return objectVal(&lcRuleNB.Block, attrs)
}

func flattenLifecycleFilter(f *s3types.LifecycleRuleFilter) cty.Value {
	attrs := map[string]cty.Value{"prefix": strPtrVal(f.Prefix),
		"object_size_greater_than": int64PtrVal(f.ObjectSizeGreaterThan), "object_size_less_than": int64PtrVal(f.ObjectSizeLessThan)}
	if t := f.Tag; t != nil {
		attrs["tag"] = blockVal(lcTagNB, []cty.Value{objectVal(&lcTagNB.Block, map[string]cty.Value{
			"key": strPtrVal(t.Key), "value": strPtrVal(t.Value)})})
	}
	if a := f.And; a != nil {
		tags := cty.NullVal(cty.Map(cty.String))
		if len(a.Tags) > 0 {
			tags = mapVal(fromS3Tags(a.Tags))
		}
		attrs["and"] = blockVal(lcAndNB, []cty.Value{objectVal(&lcAndNB.Block, map[string]cty.Value{
			"prefix": strPtrVal(a.Prefix), "tags": tags,
			"object_size_greater_than": int64PtrVal(a.ObjectSizeGreaterThan), "object_size_less_than": int64PtrVal(a.ObjectSizeLessThan)})})
	}
	return objectVal(&lcFilterNB.Block, attrs)
}

func filterEmpty(f *s3types.LifecycleRuleFilter) bool {
	return f == nil || (aws.ToString(f.Prefix) == "" && f.Tag == nil && f.And == nil &&
		aws.ToInt64(f.ObjectSizeGreaterThan) == 0 && aws.ToInt64(f.ObjectSizeLessThan) == 0)
}
