package gcs_test

import (
	"encoding/base64"
	"reflect"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	gcsbackend "github.com/trueup/trueup/engine/state/gcs"
)

func cut(kv string) (string, string, bool) { return strings.Cut(kv, "=") }

func gcsConfig(bucket string) gcsbackend.Config { return gcsbackend.Config{Bucket: bucket} }

func TestObjectNamesFollowTerraform(t *testing.T) {
	for name, tc := range map[string]struct {
		cfg         gcsbackend.Config
		state, lock string
	}{
		"no prefix puts state at the bucket root": {gcsbackend.Config{Bucket: "b"}, "default.tfstate", "default.tflock"},
		"a prefix is a directory":                 {gcsbackend.Config{Bucket: "b", Prefix: "team/app/"}, "team/app/default.tfstate", "team/app/default.tflock"},
		"a workspace names the objects":           {gcsbackend.Config{Bucket: "b", Prefix: "app", Workspace: "staging"}, "app/staging.tfstate", "app/staging.tflock"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := tc.cfg.StateObject(); got != tc.state {
				t.Errorf("StateObject = %q, want %q", got, tc.state)
			}
			if got := tc.cfg.LockObject(); got != tc.lock {
				t.Errorf("LockObject = %q, want %q", got, tc.lock)
			}
		})
	}
}

func object(attrs map[string]cty.Value) cty.Value {
	vals := map[string]cty.Value{}
	for name, at := range gcsbackend.Schema().ImpliedType().AttributeTypes() {
		vals[name] = cty.NullVal(at)
		if v, ok := attrs[name]; ok {
			vals[name] = v
		}
	}
	return cty.ObjectVal(vals)
}

func TestConfigFromValue(t *testing.T) {
	if !gcsbackend.Schema().Attributes["credentials"].Sensitive {
		t.Error("credentials are not sensitive")
	}
	cfg, err := gcsbackend.ConfigFromValue(object(map[string]cty.Value{
		"bucket":                  cty.StringVal("b"),
		"prefix":                  cty.StringVal("app"),
		"storage_custom_endpoint": cty.StringVal("http://127.0.0.1:4443"),
		"max_retries":             cty.StringVal("3"), // -backend-config=max_retries=3
	}))
	want := gcsbackend.Config{Bucket: "b", Prefix: "app", Endpoint: "http://127.0.0.1:4443", MaxRetries: 3}
	if err != nil || !reflect.DeepEqual(cfg, want) {
		t.Errorf("ConfigFromValue = %+v, %v; want %+v", cfg, err, want)
	}
	key := base64.StdEncoding.EncodeToString(make([]byte, 32))
	cfg, err = gcsbackend.ConfigFromValue(object(map[string]cty.Value{
		"bucket":                                cty.StringVal("b"),
		"access_token":                          cty.StringVal("ya29.token"),
		"impersonate_service_account":           cty.StringVal("state@p.iam.gserviceaccount.com"),
		"impersonate_service_account_delegates": cty.ListVal([]cty.Value{cty.StringVal("a@p.iam.gserviceaccount.com")}),
		"encryption_key":                        cty.StringVal(key),
	}))
	want = gcsbackend.Config{Bucket: "b", AccessToken: "ya29.token", ImpersonateServiceAccount: "state@p.iam.gserviceaccount.com",
		ImpersonateDelegates: []string{"a@p.iam.gserviceaccount.com"}, EncryptionKey: key}
	if err != nil || !reflect.DeepEqual(cfg, want) {
		t.Errorf("ConfigFromValue = %+v, %v; want %+v", cfg, err, want)
	}
	for _, sensitive := range []string{"access_token", "encryption_key"} {
		if !gcsbackend.Schema().Attributes[sensitive].Sensitive {
			t.Errorf("%s is not sensitive", sensitive)
		}
	}
	for name, tc := range map[string]struct {
		v    cty.Value
		want string
	}{
		"missing bucket is named":       {object(nil), `"bucket" is required`},
		"a bucket path is refused":      {object(map[string]cty.Value{"bucket": cty.StringVal("b/app")}), "must be a bucket name"},
		"a fractional retry is refused": {object(map[string]cty.Value{"bucket": cty.StringVal("b"), "max_retries": cty.NumberFloatVal(1.5)}), `"max_retries" must be a whole number`},
		"a short key is refused": {object(map[string]cty.Value{"bucket": cty.StringVal("b"), "encryption_key": cty.StringVal("c2hvcnQ=")}),
			`"encryption_key" must be a base64-encoded 32-byte (AES-256) key`},
		"two keys are refused": {object(map[string]cty.Value{"bucket": cty.StringVal("b"),
			"encryption_key": cty.StringVal(base64.StdEncoding.EncodeToString(make([]byte, 32))), "kms_encryption_key": cty.StringVal("k")}),
			`cannot both be set`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := gcsbackend.ConfigFromValue(tc.v)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "gcs backend: ") {
				t.Errorf("ConfigFromValue error = %v, want one starting %q and containing %q", err, "gcs backend: ", tc.want)
			}
		})
	}
}
