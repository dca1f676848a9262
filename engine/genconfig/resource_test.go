package genconfig

import (
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

var bucketBlock = &schema.Block{
	Attributes: map[string]*schema.Attribute{
		"name":     {Type: cty.String, Required: true},
		"location": {Type: cty.String, Optional: true, Computed: true},
		"labels":   {Type: cty.Map(cty.String), Optional: true},
		"url":      {Type: cty.String, Computed: true},
		"secret":   {Type: cty.String, Optional: true, Sensitive: true},
		"note":     {Type: cty.String, Optional: true},
	},
	BlockTypes: map[string]*schema.NestedBlock{
		"versioning": {Nesting: schema.NestingList, MaxItems: 1, Block: schema.Block{Attributes: map[string]*schema.Attribute{
			"enabled": {Type: cty.Bool, Required: true},
		}}},
		"rule": {Nesting: schema.NestingList, Block: schema.Block{
			Attributes: map[string]*schema.Attribute{"age": {Type: cty.Number, Optional: true}},
			BlockTypes: map[string]*schema.NestedBlock{
				"action": {Nesting: schema.NestingSingle, Block: schema.Block{Attributes: map[string]*schema.Attribute{
					"type": {Type: cty.String, Required: true},
				}}},
			},
		}},
		"cors": {Nesting: schema.NestingList, Block: schema.Block{Attributes: map[string]*schema.Attribute{
			"origin": {Type: cty.String, Optional: true},
		}}},
	},
}

func bucketValue(secret cty.Value) cty.Value {
	return cty.ObjectVal(map[string]cty.Value{
		"name":       cty.StringVal("assets"),
		"location":   cty.StringVal("US-CENTRAL1"),
		"labels":     cty.MapVal(map[string]cty.Value{"team": cty.StringVal("web")}),
		"url":        cty.StringVal("gs://assets"),
		"secret":     secret,
		"note":       cty.StringVal(""),
		"versioning": cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"enabled": cty.True})}),
		"rule": cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{
			"age":    cty.NumberIntVal(30),
			"action": cty.ObjectVal(map[string]cty.Value{"type": cty.StringVal("Delete")}),
		})}),
		"cors": cty.ListValEmpty(bucketBlock.BlockTypes["cors"].Block.ImpliedType()),
	})
}

func TestResourceWritesSettableAttributesAndNestedBlocksLikeTerraform(t *testing.T) {
	got := Resource("google_storage_bucket", "assets", "", bucketBlock, bucketValue(cty.StringVal("hunter2")))
	want := `resource "google_storage_bucket" "assets" {
  labels = {
    team = "web"
  }
  location = "US-CENTRAL1"
  name     = "assets"
  note     = null
  secret   = null # sensitive
  rule {
    age = 30
    action {
      type = "Delete"
    }
  }
  versioning {
    enabled = true
  }
}`
	if got != want {
		t.Errorf("generated block:\n%s\nwant:\n%s", got, want)
	}
	if strings.Contains(got, "hunter2") {
		t.Error("the sensitive value reached the generated text")
	}
}

func TestResourceHidesMarkedValuesAndWritesTheProviderArgument(t *testing.T) {
	v := bucketValue(cty.NullVal(cty.String))
	v = cty.ObjectVal(mapWith(v, "note", cty.StringVal("top secret").Mark("sensitive")))
	got := Resource("google_storage_bucket", "assets", "google.west", bucketBlock, v)
	for _, want := range []string{"provider = google.west\n", "note     = null # sensitive\n", "secret   = null # sensitive\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("generated block lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "top secret") {
		t.Error("a value marked sensitive reached the generated text")
	}
}

func TestFileMatchesTerraformsLayout(t *testing.T) {
	block := &schema.Block{Attributes: map[string]*schema.Attribute{
		"id":               {Type: cty.String, Computed: true},
		"input":            {Type: cty.DynamicPseudoType, Optional: true},
		"output":           {Type: cty.DynamicPseudoType, Computed: true},
		"triggers_replace": {Type: cty.DynamicPseudoType, Optional: true},
	}}
	obj := cty.ObjectVal(map[string]cty.Value{
		"id": cty.StringVal("adopted-x"), "input": cty.NullVal(cty.DynamicPseudoType),
		"output": cty.NullVal(cty.DynamicPseudoType), "triggers_replace": cty.NullVal(cty.DynamicPseudoType),
	})
	got := File([]Entry{
		{ImportID: "adopted-x", Block: Resource("terraform_data", "gen", "", block, obj)},
		{ImportID: "second", Block: Resource("terraform_data", "other", "", block, obj)},
	})
	want := `# __generated__ by trueup
# Please review these resources and move them into your main configuration files.

# __generated__ by trueup from "adopted-x"
resource "terraform_data" "gen" {
  input            = null
  triggers_replace = null
}

# __generated__ by trueup from "second"
resource "terraform_data" "other" {
  input            = null
  triggers_replace = null
}
`
	if got != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
}

func mapWith(v cty.Value, name string, nv cty.Value) map[string]cty.Value {
	m := v.AsValueMap()
	m[name] = nv
	return m
}
