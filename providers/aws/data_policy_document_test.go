package aws

import (
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

func policyDocConfig(t *testing.T, vals map[string]cty.Value) cty.Value {
	t.Helper()
	return providertest.Config(policyDocumentBlock, vals)
}

func stmt(vals map[string]cty.Value) cty.Value {
	return providertest.Config(&policyDocumentBlock.BlockTypes["statement"].Block, vals)
}

func strs(ss ...string) cty.Value {
	vals := make([]cty.Value, len(ss))
	for i, s := range ss {
		vals[i] = cty.StringVal(s)
	}
	return cty.SetVal(vals)
}

func TestPolicyDocumentRendersLikeTerraform(t *testing.T) {
	sb := &policyDocumentBlock.BlockTypes["statement"].Block
	principals := func(typ string, ids ...string) cty.Value {
		return cty.SetVal([]cty.Value{providertest.Config(&sb.BlockTypes["principals"].Block,
			map[string]cty.Value{"type": cty.StringVal(typ), "identifiers": strs(ids...)})})
	}
	cond := providertest.Config(&sb.BlockTypes["condition"].Block, map[string]cty.Value{
		"test": cty.StringVal("StringLike"), "variable": cty.StringVal("s3:prefix"),
		"values": cty.ListVal([]cty.Value{cty.StringVal(""), cty.StringVal("home/"), cty.StringVal("home/&{aws:username}/")})})
	for _, tc := range []struct {
		name string
		cfg  cty.Value
		want string
	}{
		{
			name: "several values are sorted in reverse, one is a string, &{} becomes ${}",
			cfg: policyDocConfig(t, map[string]cty.Value{"statement": cty.ListVal([]cty.Value{
				stmt(map[string]cty.Value{"sid": cty.StringVal("1"), "actions": strs("s3:ListAllMyBuckets", "s3:GetBucketLocation"),
					"resources": strs("arn:aws:s3:::*")}),
				stmt(map[string]cty.Value{"actions": strs("s3:ListBucket"), "resources": strs("arn:aws:s3:::b"),
					"condition": cty.SetVal([]cty.Value{cond})}),
			})}),
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "1",
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "arn:aws:s3:::*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::b",
      "Condition": {
        "StringLike": {
          "s3:prefix": [
            "home/${aws:username}/",
            "home/",
            ""
          ]
        }
      }
    }
  ]
}`,
		},
		{
			name: "a * principal of type * is a bare *, other principals a map",
			cfg: policyDocConfig(t, map[string]cty.Value{"statement": cty.ListVal([]cty.Value{
				stmt(map[string]cty.Value{"actions": strs("sts:AssumeRole"), "principals": principals("*", "*")}),
				stmt(map[string]cty.Value{"effect": cty.StringVal("Deny"), "actions": strs("sts:AssumeRole"),
					"principals": principals("Service", "ec2.amazonaws.com", "lambda.amazonaws.com")}),
			})}),
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Principal": "*"
    },
    {
      "Effect": "Deny",
      "Action": "sts:AssumeRole",
      "Principal": {
        "Service": [
          "lambda.amazonaws.com",
          "ec2.amazonaws.com"
        ]
      }
    }
  ]
}`,
		},
		{
			name: "override documents replace statements by Sid and source statements come first",
			cfg: policyDocConfig(t, map[string]cty.Value{
				"source_policy_documents": cty.ListVal([]cty.Value{cty.StringVal(
					`{"Version":"2012-10-17","Statement":[{"Sid":"Src","Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}`)}),
				"override_policy_documents": cty.ListVal([]cty.Value{cty.StringVal(
					`{"Statement":[{"Sid":"Mine","Effect":"Deny","Action":["s3:Put*"],"Resource":"*"}]}`)}),
				"statement": cty.ListVal([]cty.Value{stmt(map[string]cty.Value{"sid": cty.StringVal("Mine"),
					"actions": strs("s3:Delete*"), "resources": strs("*")})}),
			}),
			want: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Src",
      "Effect": "Allow",
      "Action": "s3:Get*",
      "Resource": "*"
    },
    {
      "Sid": "Mine",
      "Effect": "Deny",
      "Action": [
        "s3:Put*"
      ],
      "Resource": "*"
    }
  ]
}`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Pure computation: no Configure needed.
			resp := New().ReadData(bg, schema.ReadDataRequest{TypeName: "aws_iam_policy_document", Config: tc.cfg})
			if resp.Diagnostics.HasErrors() {
				t.Fatal(resp.Diagnostics.Err())
			}
			if got := str(resp.State, "json"); got != tc.want {
				t.Errorf("json =\n%s\nwant\n%s", got, tc.want)
			}
			if !policyEqual(str(resp.State, "json"), str(resp.State, "minified_json")) {
				t.Errorf("minified_json is not the same policy: %s", str(resp.State, "minified_json"))
			}
		})
	}
}
