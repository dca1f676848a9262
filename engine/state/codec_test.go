package state

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func TestEncodeMatchesGolden(t *testing.T) {
	got := mustEncode(t, representativeState())
	path := filepath.Join("testdata", "golden", "representative.tfstate")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./engine/state -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Encode differs from %s (run with -update if the change is intended)\ngot:\n%s", path, got)
	}
}

func TestGoldenRoundTripsByteForByte(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("testdata", "golden", "representative.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	s := mustDecode(t, want)
	if got := mustEncode(t, s); !bytes.Equal(got, want) {
		t.Errorf("decode+encode changed the document:\n%s", got)
	}
	if !s.SameContent(representativeState()) {
		t.Error("decoded golden state has other content than the state it was made from")
	}
}

func TestDecodeKeepsEveryField(t *testing.T) {
	s := mustDecode(t, mustEncode(t, representativeState()))
	if s.Serial != 3 || s.Lineage != "5b4f6a63-31a1-4b0e-9c43-2c3d1f0a9e11" || s.TrueupVersion != "0.1.0" {
		t.Errorf("serial/lineage/version = %d %q %q", s.Serial, s.Lineage, s.TrueupVersion)
	}
	if s.Meta.Commit == "" || s.Meta.Source == "" || s.Meta.AppliedAt.IsZero() {
		t.Errorf("meta lost: %+v", s.Meta)
	}
	pw := s.Outputs["password"]
	if pw == nil || !pw.Sensitive || !pw.Value.RawEquals(cty.StringVal("hunter2")) {
		t.Errorf("sensitive output = %#v", pw)
	}
	settings := s.Outputs["settings"].Value
	if !settings.Type().IsObjectType() || !settings.GetAttr("tags").Type().IsMapType() {
		t.Errorf("output type not kept: %#v", settings.Type())
	}
	db := s.Resource(addrs.ManagedResourceMode, "random_password", "db").Instance(addrs.NoKey, "")
	if db.SchemaVersion != 3 || len(db.SensitiveAttributes) != 3 {
		t.Fatalf("db instance = %+v", db)
	}
	if !db.SensitiveAttributes[1].Equals(cty.GetAttrPath("keepers").IndexString("a")) ||
		!db.SensitiveAttributes[2].Equals(cty.GetAttrPath("list").IndexInt(0)) {
		t.Errorf("sensitive paths = %#v", db.SensitiveAttributes)
	}
	counted := s.Resource(addrs.ManagedResourceMode, "null_resource", "counted")
	if counted.EachMode != "list" || counted.Instance(addrs.IntKey(2), "").Status != "tainted" ||
		counted.Instance(addrs.IntKey(0), "00000001") == nil || !counted.Instance(addrs.IntKey(0), "").CreateBeforeDestroy {
		t.Errorf("counted resource = %+v", counted)
	}
	each := s.Resource(addrs.ManagedResourceMode, "null_resource", "each").Instance(addrs.StringKey("a"), "")
	if each == nil || len(each.Dependencies) != 1 || each.Dependencies[0] != "random_password.db" {
		t.Errorf("each[a] = %+v", each)
	}
	if s.FindResource(addrs.Resource{Module: "module.net", Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "inner"}) == nil {
		t.Error("module resource lost")
	}
}

func TestEncodeWritesTerraformV4Layout(t *testing.T) {
	doc := string(mustEncode(t, representativeState()))
	for _, want := range []string{
		`"version": 4,`,
		`"terraform_version": "` + TerraformVersion + `"`,
		`"check_results": null`,
		`"each": "list"`,
		`"provider": "provider[\"registry.terraform.io/hashicorp/null\"]"`,
		`"index_key": "a"`,
		`"status": "tainted"`,
		`"deposed": "00000001"`,
		`"type": "get_attr"`,
		`"sensitive": true`,
		`"s3cr3t<&>"`, // no HTML escaping
		`"commit": "2f1c9e4b7d0a5c3e8f6b1a9d4c7e2b5a8f3d6c1e"`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %s", want)
		}
	}
	if i, j := strings.Index(doc, `"name": "counted"`), strings.Index(doc, `"name": "each"`); i > j {
		t.Error("resources are not sorted by name")
	}
	if i, j := strings.Index(doc, `"id": "2"`), strings.Index(doc, `"id": "10"`); i > j {
		t.Error("count instances are not sorted numerically")
	}
}

func TestEncodeIsDeterministic(t *testing.T) {
	first := mustEncode(t, representativeState())
	for range 20 {
		if !bytes.Equal(mustEncode(t, representativeState()), first) {
			t.Fatal("two encodings of the same state differ")
		}
	}
}

func TestEncodeRefuses(t *testing.T) {
	cases := map[string]struct {
		edit func(s *State)
		want string
	}{
		"unknown output value is refused": {
			func(s *State) { s.Outputs["x"] = &Output{Value: cty.UnknownVal(cty.String)} },
			`output "x": value is not known`},
		"attributes that are not JSON are refused": {
			func(s *State) { s.Resources[0].Instances[0].Attributes = []byte("{oops") },
			"attributes are not valid JSON"},
		"duplicate resource is refused": {
			func(s *State) { s.Resources = append(s.Resources, s.Resources[0]) },
			"duplicate resource null_resource.each"},
		"duplicate instance is refused": {
			func(s *State) {
				r := s.Resources[0]
				r.Instances = append(r.Instances, r.Instances[0])
			},
			`duplicate instance null_resource.each["b"]`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s := representativeState()
			tc.edit(s)
			_, err := Encode(s)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Encode error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestEncodeDoesNotReorderTheCallersState(t *testing.T) {
	s := representativeState()
	first := s.Resources[0]
	mustEncode(t, s)
	if s.Resources[0] != first {
		t.Error("Encode sorted the caller's slice")
	}
}
