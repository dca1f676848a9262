package aws

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestReadTagsSplitsDefaults(t *testing.T) {
	c := &client{defaultTags: map[string]string{"team": "infra", "env": "prod"}}
	for _, tc := range []struct {
		name      string
		prior     cty.Value
		live      map[string]string
		wantTags  cty.Value
		wantCount int
	}{
		{"default tags with their default value belong to default_tags",
			cty.NullVal(cty.Map(cty.String)), map[string]string{"team": "infra", "env": "prod", "app": "web"},
			tagsVal("app", "web"), 3},
		{"a default key with another value is the resource's own",
			cty.NullVal(cty.Map(cty.String)), map[string]string{"team": "infra", "env": "dev"},
			tagsVal("env", "dev"), 2},
		{"a key configuration repeats from default_tags stays in tags",
			tagsVal("env", "prod"), map[string]string{"team": "infra", "env": "prod"},
			tagsVal("env", "prod"), 2},
		{"no own tags read as null when configuration had none",
			cty.NullVal(cty.Map(cty.String)), map[string]string{"team": "infra"},
			cty.NullVal(cty.Map(cty.String)), 1},
		{"no own tags read as empty when configuration said {}",
			cty.MapValEmpty(cty.String), map[string]string{},
			cty.MapValEmpty(cty.String), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prior := cty.ObjectVal(map[string]cty.Value{"tags": tc.prior})
			tags, all := c.readTags(prior, tc.live)
			if !tags.RawEquals(tc.wantTags) {
				t.Errorf("tags = %#v, want %#v", tags, tc.wantTags)
			}
			if all.LengthInt() != tc.wantCount {
				t.Errorf("tags_all has %d entries, want %d", all.LengthInt(), tc.wantCount)
			}
		})
	}
}

func TestPlanTagsAllMergesDefaults(t *testing.T) {
	c := &client{defaultTags: map[string]string{"team": "infra", "env": "prod"}}
	got := c.planTagsAll(tagsVal("env", "dev", "app", "web"))
	if want := tagsVal("team", "infra", "env", "dev", "app", "web"); !got.RawEquals(want) {
		t.Errorf("tags_all = %#v, want %#v (resource tags win)", got, want)
	}
	if got := c.planTagsAll(cty.UnknownVal(cty.Map(cty.String))); got.IsKnown() {
		t.Errorf("tags_all for unknown tags = %#v, want unknown", got)
	}
}
