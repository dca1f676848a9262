package s3_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	s3backend "github.com/trueup/trueup/engine/state/s3"
)

func TestSchemaUsesTerraformNames(t *testing.T) {
	sch := s3backend.Schema()
	for _, name := range []string{"bucket", "key", "region", "profile", "use_lockfile", "dynamodb_table", "encrypt",
		"use_path_style", "skip_credentials_validation", "workspace_key_prefix", "access_key", "secret_key"} {
		if sch.Attributes[name] == nil {
			t.Errorf("schema has no %q", name)
		}
	}
	if !sch.Attributes["secret_key"].Sensitive || !sch.Attributes["access_key"].Sensitive {
		t.Error("access_key and secret_key are not sensitive")
	}
	ep := sch.BlockTypes["endpoints"]
	if ep == nil || ep.Attributes["s3"] == nil || ep.Attributes["dynamodb"] == nil {
		t.Fatalf("schema has no endpoints { s3, dynamodb } block: %+v", ep)
	}
}

// object builds a value of the schema's type with the given attributes
// set and everything else null.
func object(attrs map[string]cty.Value) cty.Value {
	ty := s3backend.Schema().ImpliedType()
	vals := map[string]cty.Value{}
	for name, at := range ty.AttributeTypes() {
		vals[name] = cty.NullVal(at)
		if v, ok := attrs[name]; ok {
			vals[name] = v
		}
	}
	return cty.ObjectVal(vals)
}

func TestConfigFromValue(t *testing.T) {
	full := object(map[string]cty.Value{
		"bucket":               cty.StringVal("b"),
		"key":                  cty.StringVal("app/terraform.tfstate"),
		"region":               cty.StringVal("eu-west-1"),
		"dynamodb_table":       cty.StringVal("locks"),
		"use_lockfile":         cty.True,
		"encrypt":              cty.StringVal("true"), // -backend-config=encrypt=true
		"use_path_style":       cty.True,
		"workspace_key_prefix": cty.StringVal("ws"),
		"max_retries":          cty.NumberIntVal(7),
		"endpoints": cty.ObjectVal(map[string]cty.Value{
			"s3":       cty.StringVal("http://127.0.0.1:9000"),
			"dynamodb": cty.StringVal("http://127.0.0.1:9001"),
		}),
	})
	cfg, err := s3backend.ConfigFromValue(full)
	if err != nil {
		t.Fatal(err)
	}
	want := s3backend.Config{Bucket: "b", Key: "app/terraform.tfstate", Region: "eu-west-1", DynamoDBTable: "locks",
		UseLockfile: true, Encrypt: true, UsePathStyle: true, WorkspaceKeyPrefix: "ws", MaxRetries: 7,
		EndpointS3: "http://127.0.0.1:9000", EndpointDynamoDB: "http://127.0.0.1:9001"}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("ConfigFromValue =\n%+v\nwant\n%+v", cfg, want)
	}
	cfg.Workspace = "staging"
	if got := cfg.StateKey(); got != "ws/staging/app/terraform.tfstate" {
		t.Errorf("StateKey for workspace staging = %q", got)
	}

	// The rest of Terraform's arguments, its deprecated names included.
	strs := func(ss ...string) cty.Value {
		var vs []cty.Value
		for _, s := range ss {
			vs = append(vs, cty.StringVal(s))
		}
		return cty.ListVal(vs)
	}
	more := object(map[string]cty.Value{
		"bucket": cty.StringVal("b"), "key": cty.StringVal("k"), "encrypt": cty.True,
		"token": cty.StringVal("session"), "kms_key_id": cty.StringVal("alias/state"), "acl": cty.StringVal("bucket-owner-full-control"),
		"shared_config_files": strs("/c1", "/c2"), "shared_credentials_files": strs("/k1"),
		"sts_region": cty.StringVal("eu-central-1"), "allowed_account_ids": cty.SetVal([]cty.Value{cty.StringVal("111111111111")}),
		"skip_metadata_api_check": cty.True, "skip_s3_checksum": cty.True, "skip_region_validation": cty.True,
		"force_path_style": cty.True, "endpoint": cty.StringVal("http://s3.local"), "sts_endpoint": cty.StringVal("http://sts.local"),
		"assume_role": cty.ObjectVal(map[string]cty.Value{
			"role_arn": cty.StringVal("arn:aws:iam::123456789012:role/state"), "session_name": cty.StringVal("ci"),
			"external_id": cty.StringVal("x-1"), "duration": cty.StringVal("30m"), "policy": cty.NullVal(cty.String),
			"policy_arns": cty.SetVal([]cty.Value{cty.StringVal("arn:aws:iam::aws:policy/ReadOnlyAccess")}),
			"tags":        cty.MapVal(map[string]cty.Value{"team": cty.StringVal("infra")}), "transitive_tag_keys": cty.NullVal(cty.Set(cty.String)),
			"source_identity": cty.NullVal(cty.String),
		}),
	})
	cfg, err = s3backend.ConfigFromValue(more)
	if err != nil {
		t.Fatal(err)
	}
	want = s3backend.Config{Bucket: "b", Key: "k", Encrypt: true, Token: "session", KMSKeyID: "alias/state", ACL: "bucket-owner-full-control",
		SharedConfigFiles: []string{"/c1", "/c2"}, SharedCredentialsFiles: []string{"/k1"}, STSRegion: "eu-central-1",
		AllowedAccountIDs: []string{"111111111111"}, SkipMetadataAPICheck: true, SkipS3Checksum: true,
		UsePathStyle: true, EndpointS3: "http://s3.local", EndpointSTS: "http://sts.local",
		AssumeRole: s3backend.AssumeRole{RoleARN: "arn:aws:iam::123456789012:role/state", SessionName: "ci", ExternalID: "x-1",
			Duration: 30 * time.Minute, PolicyARNs: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}, Tags: map[string]string{"team": "infra"}}}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("ConfigFromValue =\n%+v\nwant\n%+v", cfg, want)
	}

	for name, tc := range map[string]struct {
		v    cty.Value
		want string
	}{
		"assume_role without a role is refused": {
			object(map[string]cty.Value{"bucket": cty.StringVal("b"), "key": cty.StringVal("k"), "assume_role": cty.ObjectVal(map[string]cty.Value{"session_name": cty.StringVal("s")})}),
			`"assume_role.role_arn" is required`},
		"a malformed duration is refused": {
			object(map[string]cty.Value{"bucket": cty.StringVal("b"), "key": cty.StringVal("k"), "assume_role": cty.ObjectVal(map[string]cty.Value{
				"role_arn": cty.StringVal("arn:aws:iam::1:role/r"), "duration": cty.StringVal("an hour")})}),
			`"assume_role.duration" "an hour" must be a duration`},
		"assume_role_with_web_identity without a role is refused": {
			object(map[string]cty.Value{"bucket": cty.StringVal("b"), "key": cty.StringVal("k"), "assume_role_with_web_identity": cty.ObjectVal(map[string]cty.Value{
				"web_identity_token": cty.StringVal("t")})}),
			`"assume_role_with_web_identity.role_arn" is required`},
		"assume_role_with_web_identity with a token and a file is refused": {
			object(map[string]cty.Value{"bucket": cty.StringVal("b"), "key": cty.StringVal("k"), "assume_role_with_web_identity": cty.ObjectVal(map[string]cty.Value{
				"role_arn": cty.StringVal("arn:aws:iam::1:role/r"), "web_identity_token": cty.StringVal("t"), "web_identity_token_file": cty.StringVal("/f")})}),
			`exactly one of "web_identity_token" and "web_identity_token_file"`},
		"assume_role_with_web_identity without a token is refused": {
			object(map[string]cty.Value{"bucket": cty.StringVal("b"), "key": cty.StringVal("k"), "assume_role_with_web_identity": cty.ObjectVal(map[string]cty.Value{
				"role_arn": cty.StringVal("arn:aws:iam::1:role/r")})}),
			`exactly one of "web_identity_token" and "web_identity_token_file"`},
		"a web identity session of 13 hours is refused": {
			object(map[string]cty.Value{"bucket": cty.StringVal("b"), "key": cty.StringVal("k"), "assume_role_with_web_identity": cty.ObjectVal(map[string]cty.Value{
				"role_arn": cty.StringVal("arn:aws:iam::1:role/r"), "web_identity_token": cty.StringVal("t"), "duration": cty.StringVal("13h")})}),
			`between 15 minutes and 12 hours`},
		"missing bucket and key are named": {object(nil), `"bucket" is required`},
		"a key with a leading slash is refused": {
			object(map[string]cty.Value{"bucket": cty.StringVal("b"), "key": cty.StringVal("/k")}), `must not start or end with "/"`},
		"a non-boolean encrypt is refused": {
			object(map[string]cty.Value{"bucket": cty.StringVal("b"), "key": cty.StringVal("k"), "encrypt": cty.StringVal("maybe")}), `"encrypt" must be a bool`},
		"an unknown value is refused": {
			object(map[string]cty.Value{"bucket": cty.UnknownVal(cty.String), "key": cty.StringVal("k")}), `"bucket" must be known`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := s3backend.ConfigFromValue(tc.v)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "s3 backend: ") {
				t.Errorf("ConfigFromValue error = %v, want one starting %q and containing %q", err, "s3 backend: ", tc.want)
			}
		})
	}
}
