package testprovider

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// ThingType is the managed resource type the provider serves.
const ThingType = "test_thing"

// EchoType is the data source type the provider serves: its output is its
// input.
const EchoType = "test_echo"

// ThingBlock returns test_thing's schema block.
func ThingBlock() *schema.Block {
	return &schema.Block{
		Attributes: map[string]*schema.Attribute{
			"id":       {Type: cty.String, Computed: true},
			"name":     {Type: cty.String, Required: true},
			"size":     {Type: cty.Number, Optional: true},
			"tags":     {Type: cty.Map(cty.String), Optional: true},
			"secret":   {Type: cty.String, Optional: true, Sensitive: true},
			"zone":     {Type: cty.String, Optional: true, ForceNew: true},
			"note":     {Type: cty.String, Optional: true, Computed: true},
			"revision": {Type: cty.Number, Computed: true},
			"fail":     {Type: cty.String, Optional: true},
		},
		BlockTypes: map[string]*schema.NestedBlock{
			"settings": {Nesting: schema.NestingSingle, Block: schema.Block{Attributes: map[string]*schema.Attribute{
				"mode":  {Type: cty.String, Optional: true},
				"level": {Type: cty.Number, Optional: true, Computed: true},
			}}},
			"rule": {Nesting: schema.NestingList, Block: schema.Block{Attributes: map[string]*schema.Attribute{
				"port":  {Type: cty.Number, Required: true},
				"proto": {Type: cty.String, Optional: true, Computed: true},
			}}},
			"member": {Nesting: schema.NestingSet, Block: schema.Block{Attributes: map[string]*schema.Attribute{
				"name": {Type: cty.String, Required: true},
				"role": {Type: cty.String, Optional: true, Computed: true},
			}}},
		},
	}
}

// EchoBlock returns test_echo's schema block.
func EchoBlock() *schema.Block {
	return &schema.Block{Attributes: map[string]*schema.Attribute{
		"input":  {Type: cty.String, Required: true},
		"output": {Type: cty.String, Computed: true},
	}}
}

// ProviderBlock returns the provider block's schema: an optional prefix
// for the IDs of new objects.
func ProviderBlock() *schema.Block {
	return &schema.Block{Attributes: map[string]*schema.Attribute{
		"id_prefix": {Type: cty.String, Optional: true},
	}}
}

// Defaults are the values the provider plans for optional+computed
// attributes that configuration leaves null, by attribute name.
var Defaults = map[string]cty.Value{
	"note":  cty.StringVal("default-note"),
	"level": cty.NumberIntVal(1),
	"proto": cty.StringVal("tcp"),
	"role":  cty.StringVal("reader"),
}
