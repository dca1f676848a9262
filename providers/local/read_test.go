package local

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

// apply creates a resource the way the engine does and returns its state.
func apply(t *testing.T, p schema.Provider, typ string, cfg cty.Value) cty.Value {
	t.Helper()
	ctx := context.Background()
	block := p.GetSchema(ctx).Schema.Resources[typ].Block
	plan := p.PlanResource(ctx, schema.PlanResourceRequest{TypeName: typ, PriorState: block.Null(),
		ProposedNewState: schema.ProposedNew(block, block.Null(), cfg), Config: cfg})
	if plan.Diagnostics.HasErrors() {
		t.Fatal(plan.Diagnostics.Err())
	}
	resp := p.ApplyResource(ctx, schema.ApplyResourceRequest{TypeName: typ, PriorState: block.Null(),
		PlannedState: plan.PlannedState, Config: cfg})
	if resp.Diagnostics.HasErrors() {
		t.Fatal(resp.Diagnostics.Err())
	}
	return resp.NewState
}

func TestReadReportsWhatChanged(t *testing.T) {
	p := New()
	ctx := context.Background()
	filename := filepath.Join(t.TempDir(), "f.txt")
	state := apply(t, p, "local_file", providertest.ResourceConfig(t, p, "local_file", map[string]cty.Value{
		"filename": cty.StringVal(filename), "content": cty.StringVal("v1")}))
	if err := os.WriteFile(filename, []byte("v2"), 0o644); err != nil {
		t.Fatal(err)
	}
	read := p.ReadResource(ctx, schema.ReadResourceRequest{TypeName: "local_file", PriorState: state})
	if read.Diagnostics.HasErrors() {
		t.Fatal(read.Diagnostics.Err())
	}
	if got := kit.String(read.NewState, "content"); got != "v2" {
		t.Errorf("read content = %q, want the file's new content %q", got, "v2")
	}
	if got := kit.String(read.NewState, "id"); got != sha1Hex([]byte("v2")) {
		t.Errorf("read id = %q, want the SHA-1 of the new content", got)
	}
}

func TestRelativeFilenameIsRelativeToWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	p := New()
	apply(t, p, "local_file", providertest.ResourceConfig(t, p, "local_file", map[string]cty.Value{
		"filename": cty.StringVal("sub/rel.txt"), "content": cty.StringVal("here")}))
	got, err := os.ReadFile(filepath.Join(dir, "sub", "rel.txt"))
	if err != nil || string(got) != "here" {
		t.Fatalf("file under the working directory: %q, %v; want %q", got, err, "here")
	}
}

func TestFileDataSource(t *testing.T) {
	p := New()
	ctx := context.Background()
	filename := filepath.Join(t.TempDir(), "in.bin")
	data := []byte("data\x00source")
	if err := os.WriteFile(filename, data, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		filename string
		wantErr  bool
	}{
		{name: "existing file yields its content and checksums", filename: filename},
		{name: "missing file is an error at filename", filename: filename + ".missing", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			block := p.GetSchema(ctx).Schema.DataSources["local_file"].Block
			cfg := providertest.Config(block, map[string]cty.Value{"filename": cty.StringVal(tt.filename)})
			resp := p.ReadData(ctx, schema.ReadDataRequest{TypeName: "local_file", Config: cfg})
			if tt.wantErr {
				if !resp.Diagnostics.HasErrors() || !resp.Diagnostics[0].Attribute.Equals(cty.GetAttrPath("filename")) {
					t.Fatalf("want an error at filename, got %v", resp.Diagnostics)
				}
				return
			}
			if resp.Diagnostics.HasErrors() {
				t.Fatal(resp.Diagnostics.Err())
			}
			if got := kit.String(resp.State, "content_base64"); got != "ZGF0YQBzb3VyY2U=" {
				t.Errorf("content_base64 = %q", got)
			}
			if got := kit.String(resp.State, "id"); got != sha1Hex(data) {
				t.Errorf("id = %q, want %q", got, sha1Hex(data))
			}
			if !resp.State.IsWhollyKnown() {
				t.Error("data source value has unknowns")
			}
		})
	}
}
