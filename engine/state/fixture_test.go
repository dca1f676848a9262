package state

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/addrs"
)

// representativeState has a counted resource, a for_each resource, a
// single resource with sensitive attributes and dependencies, a tainted
// and a deposed object, a data resource, a module resource, and outputs
// (one sensitive).
func representativeState() *State {
	const null = `provider["registry.terraform.io/hashicorp/null"]`
	const random = `provider["registry.terraform.io/hashicorp/random"]`
	s := &State{
		Serial:        3,
		Lineage:       "5b4f6a63-31a1-4b0e-9c43-2c3d1f0a9e11",
		TrueupVersion: "0.1.0",
		Meta: Meta{
			Commit:    "2f1c9e4b7d0a5c3e8f6b1a9d4c7e2b5a8f3d6c1e",
			Source:    "https://git.example.com/infra.git//stacks/web",
			AppliedAt: time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC),
		},
		Outputs: map[string]*Output{
			"ids":      {Value: cty.ListVal([]cty.Value{cty.StringVal("a1"), cty.StringVal("b2")})},
			"password": {Value: cty.StringVal("hunter2"), Sensitive: true},
			"settings": {Value: cty.ObjectVal(map[string]cty.Value{
				"port": cty.NumberIntVal(8080),
				"tags": cty.MapVal(map[string]cty.Value{"env": cty.StringVal("prod")}),
			})},
		},
	}
	// Deliberately out of order: Encode sorts.
	s.Resources = []*Resource{
		{Addr: addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "each"}, EachMode: "map", Provider: null,
			Instances: []*Instance{
				{Key: addrs.StringKey("b"), Attributes: json.RawMessage(`{"id":"2","triggers":{"k":"b"}}`), Dependencies: []string{"random_password.db"}},
				{Key: addrs.StringKey("a"), Attributes: json.RawMessage(`{"id":"1","triggers":{"k":"a"}}`), Dependencies: []string{"random_password.db"}},
			}},
		{Addr: addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "counted"}, EachMode: "list", Provider: null,
			Instances: []*Instance{
				{Key: addrs.IntKey(10), Attributes: json.RawMessage(`{"id":"10","triggers":null}`)},
				{Key: addrs.IntKey(2), Attributes: json.RawMessage(`{"id":"2","triggers":null}`), Status: "tainted"},
				{Key: addrs.IntKey(0), Attributes: json.RawMessage(`{"id":"0","triggers":null}`), CreateBeforeDestroy: true},
				{Key: addrs.IntKey(0), Deposed: "00000001", Attributes: json.RawMessage(`{"id":"old","triggers":null}`), CreateBeforeDestroy: true},
			}},
		{Addr: addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "random_password", Name: "db"}, Provider: random,
			Instances: []*Instance{{
				SchemaVersion: 3,
				Attributes:    json.RawMessage(`{"id":"none","length":16,"result":"s3cr3t<&>","keepers":{"a":"x"}}`),
				SensitiveAttributes: []cty.Path{
					cty.GetAttrPath("result"),
					cty.GetAttrPath("keepers").IndexString("a"),
					cty.GetAttrPath("list").IndexInt(0),
				},
			}}},
		{Addr: addrs.Resource{Mode: addrs.DataResourceMode, Type: "null_data_source", Name: "x"}, Provider: null,
			Instances: []*Instance{{Attributes: json.RawMessage(`{"id":"static"}`)}}},
		{Addr: addrs.Resource{Module: "module.net", Mode: addrs.ManagedResourceMode, Type: "null_resource", Name: "inner"}, Provider: null,
			Instances: []*Instance{{Attributes: json.RawMessage(`{"id":"inner"}`)}}},
	}
	return s
}

// bigState has n instances spread over n/100 counted resources, with
// attributes of a few hundred bytes each.
func bigState(n int) *State {
	s := New()
	s.Lineage = "00000000-0000-4000-8000-000000000000"
	for i := range n {
		a := addrs.Resource{Mode: addrs.ManagedResourceMode, Type: "aws_s3_object", Name: fmt.Sprintf("obj%03d", i/100)}
		attrs := fmt.Sprintf(`{"id":"bucket/key-%d","bucket":"bucket","key":"key-%d","etag":"d41d8cd98f00b204e9800998ecf8427e","content_type":"text/plain","tags":{"env":"prod","team":"infra","n":"%d"},"metadata":{},"storage_class":"STANDARD","server_side_encryption":"AES256","version_id":"3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo","acl":null,"force_destroy":false}`, i, i, i)
		s.SetInstance(a, `provider["registry.terraform.io/hashicorp/aws"]`, &Instance{
			Key:          addrs.IntKey(i % 100),
			Attributes:   json.RawMessage(attrs),
			Dependencies: []string{"aws_s3_bucket.b"},
		})
	}
	return s
}

func mustEncode(t testing.TB, s *State) []byte {
	t.Helper()
	b, err := Encode(s)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return b
}

func mustDecode(t testing.TB, b []byte) *State {
	t.Helper()
	s, err := Decode(b)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return s
}
