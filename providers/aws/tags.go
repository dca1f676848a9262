package aws

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
)

// tagsSchema is the pair of attributes every taggable resource has: tags
// as configured, and tags_all with the provider's default_tags merged in.
func (c *client) planTagsAll(tags cty.Value) cty.Value {
	if !tags.IsWhollyKnown() {
		return cty.UnknownVal(cty.Map(cty.String))
	}
	return kit.MapVal(c.mergeTags(kit.StringMap(tags)))
}

// mergeTags is default_tags overlaid with tags.
func (c *client) mergeTags(tags map[string]string) map[string]string {
	all := make(map[string]string, len(c.defaultTags)+len(tags))
	for k, v := range c.defaultTags {
		all[k] = v
	}
	for k, v := range tags {
		all[k] = v
	}
	return all
}

// readTags splits the live tags of an object into tags and tags_all. A key
// with the default tag's value belongs to default_tags unless prior's tags
// (what configuration said) also hold it; no tags read as prior's form
// (null or empty).
func (c *client) readTags(prior cty.Value, live map[string]string) (tags, tagsAll cty.Value) {
	priorTags := kit.Obj(prior).StrMap("tags")
	own := map[string]string{}
	for k, v := range live {
		_, configured := priorTags[k]
		if def, ok := c.defaultTags[k]; ok && def == v && !configured {
			continue
		}
		own[k] = v
	}
	tags = kit.MapVal(own)
	if len(own) == 0 && kit.Obj(prior).Null("tags") {
		tags = cty.NullVal(cty.Map(cty.String))
	}
	return tags, kit.MapVal(live)
}

// tagDiff says which tags an update sets and which it removes.
func tagDiff(prior, planned map[string]string) (set map[string]string, removed []string) {
	set = map[string]string{}
	for k, v := range planned {
		if pv, ok := prior[k]; !ok || pv != v {
			set[k] = v
		}
	}
	for k := range prior {
		if _, ok := planned[k]; !ok {
			removed = append(removed, k)
		}
	}
	return set, removed
}

// tagsChanged reports whether tags_all differs between prior and planned.
func tagsChanged(prior, planned cty.Value) bool {
	return !kit.Obj(prior).Attr("tags_all").RawEquals(kit.Obj(planned).Attr("tags_all"))
}
