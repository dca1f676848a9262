package local

import (
	"context"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

func TestValidateFile(t *testing.T) {
	p := New()
	tests := []struct {
		name     string
		typ      string
		vals     map[string]cty.Value
		wantErr  string // summary of the expected error, "" for none
		wantPath string
		warns    int
	}{
		{name: "content alone is valid", typ: "local_file",
			vals: map[string]cty.Value{"filename": cty.StringVal("f"), "content": cty.StringVal("x")}},
		{name: "unknown content counts as set", typ: "local_file",
			vals: map[string]cty.Value{"filename": cty.StringVal("f"), "content": cty.UnknownVal(cty.String)}},
		{name: "no content source is an error at content", typ: "local_file",
			vals:    map[string]cty.Value{"filename": cty.StringVal("f")},
			wantErr: "Missing file content", wantPath: "content"},
		{name: "two content sources are an error at the second", typ: "local_file",
			vals: map[string]cty.Value{"filename": cty.StringVal("f"), "content": cty.StringVal("x"),
				"source": cty.StringVal("s")},
			wantErr: "Conflicting file content", wantPath: "source"},
		{name: "content_base64 with sensitive_content conflicts", typ: "local_file",
			vals: map[string]cty.Value{"filename": cty.StringVal("f"), "sensitive_content": cty.StringVal("x"),
				"content_base64": cty.StringVal("eA==")},
			wantErr: "Conflicting file content", wantPath: "content_base64", warns: 1},
		{name: "sensitive_content is deprecated with a warning", typ: "local_file",
			vals:  map[string]cty.Value{"filename": cty.StringVal("f"), "sensitive_content": cty.StringVal("x")},
			warns: 1},
		{name: "non-octal file mode is an error at file_permission", typ: "local_file",
			vals: map[string]cty.Value{"filename": cty.StringVal("f"), "content": cty.StringVal("x"),
				"file_permission": cty.StringVal("0948")},
			wantErr: "Invalid file mode", wantPath: "file_permission"},
		{name: "five-digit directory mode is an error at directory_permission", typ: "local_sensitive_file",
			vals: map[string]cty.Value{"filename": cty.StringVal("f"), "content": cty.StringVal("x"),
				"directory_permission": cty.StringVal("00755")},
			wantErr: "Invalid file mode", wantPath: "directory_permission"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := providertest.ResourceConfig(t, p, tt.typ, tt.vals)
			resp := p.ValidateResource(context.Background(), schema.ValidateResourceRequest{TypeName: tt.typ, Config: cfg})
			var errs, warns []schema.Diagnostic
			for _, d := range resp.Diagnostics {
				if d.Severity == schema.Error {
					errs = append(errs, d)
				} else {
					warns = append(warns, d)
				}
			}
			if len(warns) != tt.warns {
				t.Errorf("got %d warnings, want %d: %v", len(warns), tt.warns, warns)
			}
			if tt.wantErr == "" {
				if len(errs) > 0 {
					t.Fatalf("unexpected errors: %v", errs)
				}
				return
			}
			if len(errs) != 1 || errs[0].Summary != tt.wantErr {
				t.Fatalf("got errors %v, want one %q", errs, tt.wantErr)
			}
			if !errs[0].Attribute.Equals(cty.GetAttrPath(tt.wantPath)) {
				t.Errorf("error is at %#v, want %s", errs[0].Attribute, tt.wantPath)
			}
		})
	}
}
