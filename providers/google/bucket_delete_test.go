package google

import (
	"errors"
	"testing"

	"cloud.google.com/go/storage"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

func TestBucketDelete(t *testing.T) {
	p := newProvider(t, testProject(t))
	gcs := gcsClient(t)
	const typ = "google_storage_bucket"
	bucketSchema := p.GetSchema(bg).Schema.Resources[typ].Block
	tests := []struct {
		name         string
		forceDestroy bool
		wantErr      bool
	}{
		{name: "a bucket holding objects is refused without force_destroy, naming it", forceDestroy: false, wantErr: true},
		{name: "force_destroy deletes every object version, then the bucket", forceDestroy: true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := []string{"delete-refused", "delete-forced"}[i]
			config := cfg(t, p, typ, map[string]cty.Value{"name": s(name), "location": s("US-CENTRAL1"),
				"force_destroy": cty.BoolVal(tt.forceDestroy),
				"versioning":    block(t, p, typ, []string{"versioning"}, map[string]cty.Value{"enabled": cty.True})})
			_, created := planApply(t, p, typ, bucketSchema.Null(), config)
			if created.Diagnostics.HasErrors() {
				t.Fatalf("create: %s", created.Diagnostics.Err())
			}
			for _, content := range []string{"v1", "v2"} { // two versions of one object
				w := gcs.Bucket(name).Object("data.txt").NewWriter(bg)
				_, _ = w.Write([]byte(content))
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
			}
			resp := p.ApplyResource(bg, schema.ApplyResourceRequest{TypeName: typ, PriorState: created.NewState,
				PlannedState: bucketSchema.Null(), Config: config})
			_, err := gcs.Bucket(name).Attrs(bg)
			if tt.wantErr {
				if !resp.Diagnostics.HasErrors() || !resp.Diagnostics[0].Attribute.Equals(cty.GetAttrPath("force_destroy")) {
					t.Fatalf("diagnostics %v, want an error about force_destroy", resp.Diagnostics)
				}
				if !resp.NewState.RawEquals(created.NewState) || err != nil {
					t.Errorf("a refused delete must keep the bucket and its state (read error %v)", err)
				}
				return
			}
			if resp.Diagnostics.HasErrors() || !resp.NewState.IsNull() {
				t.Fatalf("delete: %v, state %#v", resp.Diagnostics.Err(), resp.NewState)
			}
			if !errors.Is(err, storage.ErrBucketNotExist) {
				t.Errorf("bucket still readable after delete: %v", err)
			}
		})
	}
}

func TestBucketDataSource(t *testing.T) {
	project := testProject(t)
	p := newProvider(t, project)
	if err := gcsClient(t).Bucket("data-bucket").Create(bg, project, &storage.BucketAttrs{VersioningEnabled: true}); err != nil {
		t.Fatal(err)
	}
	ds := p.GetSchema(bg).Schema.DataSources["google_storage_bucket"].Block
	tests := []struct {
		name    string
		bucket  string
		wantErr bool
	}{
		{name: "an existing bucket is read with its settings", bucket: "data-bucket"},
		{name: "a missing bucket is an error naming the bucket", bucket: "no-such-bucket", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := p.ReadData(bg, schema.ReadDataRequest{TypeName: "google_storage_bucket",
				Config: providertestConfig(ds, map[string]cty.Value{"name": s(tt.bucket)})})
			if tt.wantErr {
				if !resp.Diagnostics.HasErrors() || !containsStr(resp.Diagnostics[0].Detail, tt.bucket) {
					t.Fatalf("diagnostics %v, want an error naming %s", resp.Diagnostics, tt.bucket)
				}
				return
			}
			if resp.Diagnostics.HasErrors() {
				t.Fatalf("read: %s", resp.Diagnostics.Err())
			}
			v := resp.State
			if !v.Type().Equals(ds.ImpliedType()) {
				t.Fatalf("state type %s, want the data source's", v.Type().FriendlyName())
			}
			if attr(v, "url") != "gs://data-bucket" || attr(v, "location") != "US-CENTRAL1" || attr(v, "project") != project ||
				!v.GetAttr("versioning").Index(cty.NumberIntVal(0)).GetAttr("enabled").True() {
				t.Errorf("data source value %#v", v)
			}
		})
	}
}
