package schema

import (
	"errors"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

func TestFormatPath(t *testing.T) {
	path := cty.GetAttrPath("rule").IndexInt(0).GetAttr("tags").IndexString("Name")
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"a provider's attribute path reads as in configuration", FormatPath(path), `rule[0].tags["Name"]`},
		{"a conversion error starts with the traversal from the value", FormatPathError(path.NewErrorf("a string is required")),
			`.rule[0].tags["Name"]: a string is required`},
		{"an error at an index step has no leading dot", FormatPathError(cty.IndexIntPath(2).NewErrorf("bad")), `[2]: bad`},
		{"an error without a path is its message", FormatPathError(cty.Path(nil).NewErrorf("bad")), "bad"},
		{"a plain error is its message", FormatPathError(errors.New("plain")), "plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
