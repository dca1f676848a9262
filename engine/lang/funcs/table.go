package funcs

import (
	"time"

	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	ctyyaml "github.com/zclconf/go-cty-yaml"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// impure names the functions whose result differs from call to call. When
// Table is built with pureOnly they return an unknown value, which the plan
// shows as "(known after apply)".
var impure = []string{"bcrypt", "timestamp", "uuid"}

// unguarded names the functions that see marks themselves and whose errors
// cannot reveal a sensitive argument, so guard does not wrap them.
var unguarded = map[string]bool{
	"can": true, "try": true, "templatefile": true,
	"sensitive": true, "nonsensitive": true, "issensitive": true, "ephemeralasnull": true,
}

// Table returns the functions available to expressions of a module whose
// directory is baseDir (path.module: relative paths given to file,
// templatefile, fileset, ... resolve against it). With pureOnly, as during
// plan, the impure functions (uuid, timestamp, bcrypt) return unknown
// values. plantimestamp returns the time Table was called; the engine may
// replace it with PlanTimestampFunc of a saved plan's time when applying.
//
// Every call builds a fresh map, which the caller may change.
func Table(baseDir string, pureOnly bool) map[string]function.Function {
	t := base(baseDir)
	t["plantimestamp"] = PlanTimestampFunc(time.Now())
	t["templatefile"] = templateFileFunc(baseDir, func() map[string]function.Function { return t })
	for name, f := range t {
		if !unguarded[name] {
			t[name] = guard(f)
		}
	}
	if pureOnly {
		for _, name := range impure {
			t[name] = function.Unpredictable(t[name])
		}
	}
	addCoreNamespace(t)
	return t
}

// addCoreNamespace makes every function callable as core::NAME too, as in
// Terraform 1.8 and later (so that a provider function of the same name
// cannot hide it).
func addCoreNamespace(t map[string]function.Function) {
	names := make([]string, 0, len(t))
	for name := range t {
		names = append(names, name)
	}
	for _, name := range names {
		t["core::"+name] = t[name]
	}
}

// base returns every function but templatefile and plantimestamp.
func base(baseDir string) map[string]function.Function {
	t := map[string]function.Function{
		"can": tryfunc.CanFunc,
		"try": tryfunc.TryFunc,

		"sensitive":       SensitiveFunc,
		"ephemeralasnull": EphemeralAsNullFunc,
		"nonsensitive":    NonsensitiveFunc,
		"issensitive":     IsSensitiveFunc,

		"tostring": MakeToFunc(cty.String),
		"tonumber": MakeToFunc(cty.Number),
		"tobool":   MakeToFunc(cty.Bool),
		"toset":    MakeToFunc(cty.Set(cty.DynamicPseudoType)),
		"tolist":   MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"tomap":    MakeToFunc(cty.Map(cty.DynamicPseudoType)),

		"jsondecode": stdlib.JSONDecodeFunc,
		"jsonencode": stdlib.JSONEncodeFunc,
		"yamldecode": ctyyaml.YAMLDecodeFunc,
		"yamlencode": ctyyaml.YAMLEncodeFunc,
		"csvdecode":  stdlib.CSVDecodeFunc,

		"timeadd":    stdlib.TimeAddFunc,
		"formatdate": stdlib.FormatDateFunc,
		"timecmp":    TimeCmpFunc,
		"timestamp":  TimestampFunc,
	}
	for _, group := range []map[string]function.Function{
		numberFuncs(), stringFuncs(), collectionFuncs(), encodingFuncs(),
		cryptoFuncs(), cidrFuncs(), fileFuncs(baseDir),
	} {
		for name, f := range group {
			t[name] = f
		}
	}
	return t
}

func numberFuncs() map[string]function.Function {
	return map[string]function.Function{
		"abs":      stdlib.AbsoluteFunc,
		"ceil":     stdlib.CeilFunc,
		"floor":    stdlib.FloorFunc,
		"log":      stdlib.LogFunc,
		"max":      stdlib.MaxFunc,
		"min":      stdlib.MinFunc,
		"parseint": stdlib.ParseIntFunc,
		"pow":      stdlib.PowFunc,
		"signum":   stdlib.SignumFunc,
		"sum":      SumFunc,
	}
}

func stringFuncs() map[string]function.Function {
	return map[string]function.Function{
		"chomp":       stdlib.ChompFunc,
		"endswith":    EndsWithFunc,
		"format":      stdlib.FormatFunc,
		"formatlist":  stdlib.FormatListFunc,
		"indent":      stdlib.IndentFunc,
		"join":        stdlib.JoinFunc,
		"lower":       stdlib.LowerFunc,
		"regex":       stdlib.RegexFunc,
		"regexall":    stdlib.RegexAllFunc,
		"replace":     ReplaceFunc,
		"split":       stdlib.SplitFunc,
		"startswith":  StartsWithFunc,
		"strcontains": StrContainsFunc,
		"strrev":      stdlib.ReverseFunc,
		"substr":      stdlib.SubstrFunc,
		"title":       stdlib.TitleFunc,
		"trim":        stdlib.TrimFunc,
		"trimprefix":  stdlib.TrimPrefixFunc,
		"trimspace":   stdlib.TrimSpaceFunc,
		"trimsuffix":  stdlib.TrimSuffixFunc,
		"upper":       stdlib.UpperFunc,
	}
}

func collectionFuncs() map[string]function.Function {
	return map[string]function.Function{
		"alltrue":         AllTrueFunc,
		"anytrue":         AnyTrueFunc,
		"chunklist":       stdlib.ChunklistFunc,
		"coalesce":        CoalesceFunc,
		"coalescelist":    stdlib.CoalesceListFunc,
		"compact":         stdlib.CompactFunc,
		"concat":          stdlib.ConcatFunc,
		"contains":        stdlib.ContainsFunc,
		"distinct":        stdlib.DistinctFunc,
		"element":         stdlib.ElementFunc,
		"flatten":         stdlib.FlattenFunc,
		"index":           IndexFunc,
		"keys":            stdlib.KeysFunc,
		"length":          LengthFunc,
		"lookup":          LookupFunc,
		"matchkeys":       MatchkeysFunc,
		"merge":           stdlib.MergeFunc,
		"one":             OneFunc,
		"range":           stdlib.RangeFunc,
		"reverse":         stdlib.ReverseListFunc,
		"setintersection": stdlib.SetIntersectionFunc,
		"setproduct":      stdlib.SetProductFunc,
		"setsubtract":     stdlib.SetSubtractFunc,
		"setunion":        stdlib.SetUnionFunc,
		"slice":           stdlib.SliceFunc,
		"sort":            stdlib.SortFunc,
		"transpose":       TransposeFunc,
		"values":          stdlib.ValuesFunc,
		"zipmap":          stdlib.ZipmapFunc,
	}
}

// refineNotNull refines an unknown result as "never null".
func refineNotNull(b *cty.RefinementBuilder) *cty.RefinementBuilder { return b.NotNull() }
