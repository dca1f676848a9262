package google

import (
	"testing"

	"cloud.google.com/go/storage"
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/google/internal/gcptest"
	"github.com/trueup/trueup/providers/providertest"
)

func TestBucketConformance(t *testing.T) {
	project := testProject(t)
	p := newProvider(t, project)
	gcs := gcsClient(t)
	const typ = "google_storage_bucket"
	bucket := func(name string, extra map[string]cty.Value) cty.Value {
		vals := map[string]cty.Value{"name": s(name), "location": s("us-central1")}
		for k, v := range extra {
			vals[k] = v
		}
		return cfg(t, p, typ, vals)
	}
	versioning := func(on bool) cty.Value {
		return block(t, p, typ, []string{"versioning"}, map[string]cty.Value{"enabled": cty.BoolVal(on)})
	}
	versioningIs := func(want bool) func(t *testing.T, state cty.Value) {
		return func(t *testing.T, state cty.Value) {
			a, err := gcs.Bucket(attr(state, "name")).Attrs(bg)
			if err != nil {
				t.Fatalf("independent client cannot read the bucket: %v", err)
			}
			if a.VersioningEnabled != want {
				t.Errorf("versioning enabled = %v on the server, want %v", a.VersioningEnabled, want)
			}
		}
	}
	providertest.Run(t, p, []providertest.Case{
		{
			Name: "lower-case location and versioning converge, drift in versioning is restored",
			Type: typ,
			Steps: []providertest.Step{
				{Config: bucket("conf-bucket-a", nil), Check: func(t *testing.T, state cty.Value) {
					for name, want := range map[string]string{"location": "us-central1", "storage_class": "STANDARD",
						"url": "gs://conf-bucket-a", "project": project, "id": "conf-bucket-a",
						"self_link": "https://www.googleapis.com/storage/v1/b/conf-bucket-a"} {
						if got := attr(state, name); got != want {
							t.Errorf("%s = %q, want %q", name, got, want)
						}
					}
					versioningIs(false)(t, state)
				}},
				{Config: bucket("conf-bucket-a", map[string]cty.Value{"versioning": versioning(true)}), Check: versioningIs(true)},
				{Config: bucket("conf-bucket-b", map[string]cty.Value{"versioning": versioning(true)}), Replace: true,
					Check: versioningIs(true)},
			},
			Mutate: func(t *testing.T, state cty.Value) {
				_, err := gcs.Bucket(attr(state, "name")).Update(bg, storage.BucketAttrsToUpdate{VersioningEnabled: false})
				if err != nil {
					t.Fatalf("out-of-band update: %v", err)
				}
			},
			ImportID: func(state cty.Value) string { return project + "/" + attr(state, "name") },
			// The server spells locations in upper case; import cannot know
			// the configuration's spelling (the plan after import updates
			// state only, see TestBucketLocationCase).
			ImportIgnore: []string{"location"},
		},
		{
			Name: "bucket deleted out of band plans a re-create",
			Type: typ,
			Steps: []providertest.Step{{Config: cfg(t, p, typ, map[string]cty.Value{
				"name": s("conf-bucket-c"), "location": s(gcptest.BucketsLocation), "force_destroy": cty.True})}},
			Mutate: func(t *testing.T, state cty.Value) {
				if err := gcs.Bucket(attr(state, "name")).Delete(bg); err != nil {
					t.Fatalf("out-of-band delete: %v", err)
				}
			},
			ImportID:     func(state cty.Value) string { return attr(state, "name") },
			ImportIgnore: []string{"force_destroy"},
		},
	})
}
