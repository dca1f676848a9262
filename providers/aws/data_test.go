package aws

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

func readData(t *testing.T, p schema.Provider, typ string, vals map[string]cty.Value) schema.ReadDataResponse {
	t.Helper()
	block := p.GetSchema(bg).Schema.DataSources[typ].Block
	return p.ReadData(bg, schema.ReadDataRequest{TypeName: typ, Config: providertest.Config(block, vals)})
}

func TestDataSourcesAgainstMoto(t *testing.T) {
	p := newMotoProvider(t, map[string]cty.Value{"region": cty.StringVal("eu-west-1")})
	_, err := s3Client().CreateBucket(bg, &s3.CreateBucketInput{Bucket: aws.String("site"),
		CreateBucketConfiguration: &s3types.CreateBucketConfiguration{LocationConstraint: "eu-west-1"}})
	mustNoErr(t, err)
	_, err = s3Client().PutBucketWebsite(bg, &s3.PutBucketWebsiteInput{Bucket: aws.String("site"),
		WebsiteConfiguration: &s3types.WebsiteConfiguration{IndexDocument: &s3types.IndexDocument{Suffix: aws.String("index.html")}}})
	mustNoErr(t, err)
	for _, tc := range []struct {
		name, typ string
		vals      map[string]cty.Value
		want      map[string]string
		wantErr   string
	}{
		{"caller identity is moto's default account", "aws_caller_identity", nil,
			map[string]string{"account_id": "123456789012", "id": "123456789012"}, ""},
		{"region defaults to the provider's", "aws_region", nil,
			map[string]string{"name": "eu-west-1", "region": "eu-west-1", "endpoint": "ec2.eu-west-1.amazonaws.com",
				"description": "Europe (Ireland)"}, ""},
		{"a named region is described", "aws_region", map[string]cty.Value{"region": cty.StringVal("us-west-2")},
			map[string]string{"id": "us-west-2", "description": "US West (Oregon)"}, ""},
		{"a bucket reports its region and website endpoint", "aws_s3_bucket", map[string]cty.Value{"bucket": cty.StringVal("site")},
			map[string]string{"arn": "arn:aws:s3:::site", "region": "eu-west-1", "hosted_zone_id": "Z1BKCTXD74EZPE",
				"website_endpoint":            "site.s3-website-eu-west-1.amazonaws.com",
				"bucket_regional_domain_name": "site.s3.eu-west-1.amazonaws.com"}, ""},
		{"a missing bucket is an error on bucket", "aws_s3_bucket", map[string]cty.Value{"bucket": cty.StringVal("nope")},
			nil, "No such S3 bucket"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := readData(t, p, tc.typ, tc.vals)
			if tc.wantErr != "" {
				if !resp.Diagnostics.HasErrors() || resp.Diagnostics[0].Summary != tc.wantErr {
					t.Fatalf("diagnostics = %v, want %q", resp.Diagnostics, tc.wantErr)
				}
				if got := pathName(resp.Diagnostics[0].Attribute); got != "bucket" {
					t.Errorf("error attribute = %q, want bucket", got)
				}
				return
			}
			if resp.Diagnostics.HasErrors() {
				t.Fatal(resp.Diagnostics.Err())
			}
			for k, want := range tc.want {
				if got := str(resp.State, k); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
		})
	}
}
