package google

import (
	"crypto/md5"
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

const objectType = "google_storage_bucket_object"

// makeBucket creates a bucket out of band for objects to live in.
func makeBucket(t *testing.T, name string) {
	t.Helper()
	if err := gcsClient(t).Bucket(name).Create(bg, "p", nil); err != nil {
		t.Fatalf("creating bucket %s: %v", name, err)
	}
}

func md5b64(s string) string {
	sum := md5.Sum([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func TestObjectConformance(t *testing.T) {
	p := newProvider(t, testProject(t))
	gcs := gcsClient(t)
	makeBucket(t, "objects-conf")
	object := func(name, content string) cty.Value {
		return cfg(t, p, objectType, map[string]cty.Value{"bucket": s("objects-conf"), "name": s(name), "content": s(content)})
	}
	stored := func(want string) func(t *testing.T, state cty.Value) {
		return func(t *testing.T, state cty.Value) {
			a, err := gcs.Bucket("objects-conf").Object(attr(state, "name")).Attrs(bg)
			if err != nil {
				t.Fatalf("independent client cannot read the object: %v", err)
			}
			if got := base64.StdEncoding.EncodeToString(a.MD5); got != md5b64(want) || attr(state, "md5hash") != got {
				t.Errorf("server md5 %s, state md5hash %s, want %s", got, attr(state, "md5hash"), md5b64(want))
			}
			if attr(state, "id") != "objects-conf-"+attr(state, "name") || attr(state, "media_link") == "" ||
				attr(state, "crc32c") == "" || state.GetAttr("generation").IsNull() {
				t.Errorf("computed attributes not set: %#v", state)
			}
		}
	}
	overwrite := func(t *testing.T, state cty.Value) {
		w := gcs.Bucket("objects-conf").Object(attr(state, "name")).NewWriter(bg)
		if _, err := w.Write([]byte("changed out of band")); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatalf("out-of-band overwrite: %v", err)
		}
	}
	providertest.Run(t, p, []providertest.Case{
		{
			Name: "new content replaces the object, an overwrite out of band is drift",
			Type: objectType,
			Steps: []providertest.Step{
				{Config: object("dir/a.txt", "hello"), Check: func(t *testing.T, state cty.Value) {
					stored("hello")(t, state)
					if got := attr(state, "content_type"); got != "text/plain; charset=utf-8" {
						t.Errorf("content_type = %q, want the type detected from the data", got)
					}
				}},
				{Config: object("dir/a.txt", "world"), Replace: true, Check: stored("world")},
			},
			Mutate:       overwrite,
			ImportID:     func(state cty.Value) string { return "objects-conf/" + attr(state, "name") },
			ImportIgnore: []string{"content"}, // never readable back: it is the data
		},
		{
			Name: "object deleted out of band plans a re-create",
			Type: objectType,
			Steps: []providertest.Step{{Config: cfg(t, p, objectType, map[string]cty.Value{
				"bucket": s("objects-conf"), "name": s("b.json"), "content": s(`{"a":1}`),
				"content_type": s("application/json"), "cache_control": s("no-cache"),
				"metadata": labels("owner", "trueup")}), Check: stored(`{"a":1}`)}},
			Mutate: func(t *testing.T, state cty.Value) {
				if err := gcs.Bucket("objects-conf").Object("b.json").Delete(bg); err != nil {
					t.Fatalf("out-of-band delete: %v", err)
				}
			},
		},
	})
}

func TestObjectSourceFileChangeForcesReplacement(t *testing.T) {
	p := newProvider(t, testProject(t))
	makeBucket(t, "objects-source")
	path := filepath.Join(t.TempDir(), "index.html")
	if err := os.WriteFile(path, []byte("<h1>one</h1>"), 0o644); err != nil {
		t.Fatal(err)
	}
	config := cfg(t, p, objectType, map[string]cty.Value{"bucket": s("objects-source"), "name": s("index.html"), "source": s(path)})
	block := p.GetSchema(bg).Schema.Resources[objectType].Block
	plan := func(prior cty.Value) schema.PlanResourceResponse {
		return p.PlanResource(bg, schema.PlanResourceRequest{TypeName: objectType, PriorState: prior,
			ProposedNewState: schema.ProposedNew(block, prior, config), Config: config})
	}
	created := p.ApplyResource(bg, schema.ApplyResourceRequest{TypeName: objectType, PriorState: block.Null(),
		PlannedState: plan(block.Null()).PlannedState, Config: config})
	if created.Diagnostics.HasErrors() {
		t.Fatalf("create: %s", created.Diagnostics.Err())
	}
	if got := plan(created.NewState); len(got.RequiresReplace) != 0 || !got.PlannedState.RawEquals(created.NewState) {
		t.Fatalf("plan with the file unchanged is not a no-op: replace %v", got.RequiresReplace)
	}
	if err := os.WriteFile(path, []byte("<h1>two</h1>"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := plan(created.NewState)
	if len(got.RequiresReplace) != 1 || !got.RequiresReplace[0].Equals(cty.GetAttrPath("source")) {
		t.Fatalf("plan after the file changed: RequiresReplace %v, want [source]", got.RequiresReplace)
	}
	if want := md5b64("<h1>two</h1>"); attr(got.PlannedState, "md5hash") != want {
		t.Errorf("planned md5hash %q, want the new file's %q", attr(got.PlannedState, "md5hash"), want)
	}
}

func TestObjectValidateNeedsExactlyOneOfContentAndSource(t *testing.T) {
	p := newProvider(t, testProject(t))
	tests := []struct {
		name    string
		vals    map[string]cty.Value
		wantErr bool
	}{
		{name: "content alone is valid", vals: map[string]cty.Value{"content": s("x")}},
		{name: "source alone is valid", vals: map[string]cty.Value{"source": s("/tmp/x")}},
		{name: "neither is an error", vals: map[string]cty.Value{}, wantErr: true},
		{name: "both is an error", vals: map[string]cty.Value{"content": s("x"), "source": s("/tmp/x")}, wantErr: true},
		{name: "unknown content is not judged yet", vals: map[string]cty.Value{"content": cty.UnknownVal(cty.String)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals := map[string]cty.Value{"bucket": s("b"), "name": s("o")}
			for k, v := range tt.vals {
				vals[k] = v
			}
			resp := p.ValidateResource(bg, schema.ValidateResourceRequest{TypeName: objectType, Config: cfg(t, p, objectType, vals)})
			if resp.Diagnostics.HasErrors() != tt.wantErr {
				t.Fatalf("diagnostics %v, want error %v", resp.Diagnostics, tt.wantErr)
			}
		})
	}
}
