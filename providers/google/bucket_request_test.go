package google

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
)

// recordedRequest is one bucket request the provider sent.
type recordedRequest struct {
	Method, Path string
	Body         map[string]any
}

// bucketRecorder is an HTTP proxy in front of fake-gcs-server that records
// the bucket requests passing through. fake-gcs-server does not store
// labels, storage classes, lifecycle rules or uniform bucket-level access,
// so tests of those assert on the requests the provider sends.
type bucketRecorder struct {
	URL string
	mu  sync.Mutex
	got []recordedRequest
}

func newBucketRecorder(t *testing.T) *bucketRecorder {
	t.Helper()
	target, err := url.Parse(servers.GCS.URL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	r := &bucketRecorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if (req.Method == http.MethodPost || req.Method == http.MethodPatch) && strings.HasPrefix(req.URL.Path, "/storage/v1/b") &&
			!strings.Contains(req.URL.Path, "/o") {
			body, _ := io.ReadAll(req.Body)
			req.Body = io.NopCloser(bytes.NewReader(body))
			var m map[string]any
			_ = json.Unmarshal(body, &m)
			r.mu.Lock()
			r.got = append(r.got, recordedRequest{Method: req.Method, Path: req.URL.Path, Body: m})
			r.mu.Unlock()
		}
		proxy.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	r.URL = srv.URL + "/storage/v1/"
	return r
}

func (r *bucketRecorder) requests() []recordedRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recordedRequest(nil), r.got...)
}

// jsonAt digs a value out of a decoded JSON body by keys and indexes.
func jsonAt(v any, path ...any) any {
	for _, step := range path {
		switch k := step.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// planApply plans config against prior and applies it; it returns the
// planned value and fails on error diagnostics from the plan only (the
// apply's read-back may differ where the fake server drops attributes).
func planApply(t *testing.T, p schema.Provider, typ string, prior, config cty.Value) (schema.PlanResourceResponse, schema.ApplyResourceResponse) {
	t.Helper()
	block := p.GetSchema(bg).Schema.Resources[typ].Block
	plan := p.PlanResource(bg, schema.PlanResourceRequest{TypeName: typ, PriorState: prior,
		ProposedNewState: schema.ProposedNew(block, prior, config), Config: config})
	if plan.Diagnostics.HasErrors() {
		t.Fatalf("plan: %s", plan.Diagnostics.Err())
	}
	return plan, p.ApplyResource(bg, schema.ApplyResourceRequest{TypeName: typ, PriorState: prior,
		PlannedState: plan.PlannedState, Config: config})
}

func TestBucketRequestsCarryWhatFakeGCSCannotStore(t *testing.T) {
	rec := newBucketRecorder(t)
	vals := emulatorConfig(testProject(t))
	vals["storage_custom_endpoint"] = s(rec.URL)
	p := providertest.Configure(t, New(), vals)
	const typ = "google_storage_bucket"
	rule := func(action, condition map[string]cty.Value) cty.Value {
		b := p.GetSchema(bg).Schema.Resources[typ].Block.BlockTypes["lifecycle_rule"].Block
		return cty.ObjectVal(map[string]cty.Value{
			"action":    cty.ListVal([]cty.Value{providertest.Config(&b.BlockTypes["action"].Block, action)}),
			"condition": cty.ListVal([]cty.Value{providertest.Config(&b.BlockTypes["condition"].Block, condition)}),
		})
	}
	versioningOn := block(t, p, typ, []string{"versioning"}, map[string]cty.Value{"enabled": cty.True})
	createCfg := cfg(t, p, typ, map[string]cty.Value{
		"name": s("recorded-bucket"), "location": s("eu"), "storage_class": s("NEARLINE"),
		"uniform_bucket_level_access": cty.True, "labels": labels("env", "test", "tier", "1"), "versioning": versioningOn,
		"lifecycle_rule": cty.ListVal([]cty.Value{
			rule(map[string]cty.Value{"type": s("Delete")}, map[string]cty.Value{
				"age": cty.NumberIntVal(30), "with_state": s("ARCHIVED"), "matches_prefix": cty.ListVal([]cty.Value{s("logs/")})}),
			rule(map[string]cty.Value{"type": s("SetStorageClass"), "storage_class": s("COLDLINE")},
				map[string]cty.Value{"age": cty.NumberIntVal(0)}),
		}),
	})
	created, _ := planApply(t, p, typ, p.GetSchema(bg).Schema.Resources[typ].Block.Null(), createCfg)
	if !created.PlannedState.IsWhollyKnown() {
		t.Fatalf("a bucket create should be wholly known at plan time: %#v", created.PlannedState)
	}

	updateCfg := cfg(t, p, typ, map[string]cty.Value{
		"name": s("recorded-bucket"), "location": s("EU"), "storage_class": s("COLDLINE"),
		"uniform_bucket_level_access": cty.False, "labels": labels("env", "prod"), "versioning": versioningOn,
		"lifecycle_rule": cty.ListVal([]cty.Value{
			rule(map[string]cty.Value{"type": s("Delete")}, map[string]cty.Value{"num_newer_versions": cty.NumberIntVal(3)}),
		}),
	})
	// Plan against what a faithful server would report: the applied plan.
	updated, _ := planApply(t, p, typ, created.PlannedState, updateCfg)
	if len(updated.RequiresReplace) > 0 {
		t.Fatalf("the update (location only changed case) requires replacement: %v", updated.RequiresReplace)
	}

	reqs := rec.requests()
	if len(reqs) != 2 || reqs[0].Method != http.MethodPost || reqs[1].Method != http.MethodPatch {
		t.Fatalf("recorded %v, want one POST (create) and one PATCH (update)", reqs)
	}
	create, patch := reqs[0].Body, reqs[1].Body
	for _, c := range []struct {
		name string
		body map[string]any
		path []any
		want any
	}{
		{"create sends the location as configured", create, []any{"location"}, "eu"},
		{"create sends the storage class", create, []any{"storageClass"}, "NEARLINE"},
		{"create sends labels", create, []any{"labels", "tier"}, "1"},
		{"create sends uniform bucket-level access", create, []any{"iamConfiguration", "uniformBucketLevelAccess", "enabled"}, true},
		{"create sends versioning", create, []any{"versioning", "enabled"}, true},
		{"create sends the first rule's action", create, []any{"lifecycle", "rule", 0, "action", "type"}, "Delete"},
		{"create sends the first rule's age", create, []any{"lifecycle", "rule", 0, "condition", "age"}, 30.0},
		{"create sends with_state ARCHIVED as isLive false", create, []any{"lifecycle", "rule", 0, "condition", "isLive"}, false},
		{"create sends matches_prefix", create, []any{"lifecycle", "rule", 0, "condition", "matchesPrefix", 0}, "logs/"},
		{"create sends an age of 0", create, []any{"lifecycle", "rule", 1, "condition", "age"}, 0.0},
		{"create sends SetStorageClass's class", create, []any{"lifecycle", "rule", 1, "action", "storageClass"}, "COLDLINE"},
		{"update sends the new storage class", patch, []any{"storageClass"}, "COLDLINE"},
		{"update sets a changed label", patch, []any{"labels", "env"}, "prod"},
		{"update turns uniform bucket-level access off", patch, []any{"iamConfiguration", "uniformBucketLevelAccess", "enabled"}, false},
		{"update always sends versioning so it is never turned off by omission", patch, []any{"versioning", "enabled"}, true},
		{"update sends the new rules", patch, []any{"lifecycle", "rule", 0, "condition", "numNewerVersions"}, 3.0},
		{"update sends only the new rules", patch, []any{"lifecycle", "rule", 1}, nil},
	} {
		if got := jsonAt(c.body, c.path...); got != c.want {
			t.Errorf("%s: %v = %#v, want %#v", c.name, c.path, got, c.want)
		}
	}
	if l, ok := jsonAt(patch, "labels").(map[string]any); !ok || len(l) != 2 || l["tier"] != nil {
		t.Errorf("update labels %#v, want env set and tier deleted (null)", jsonAt(patch, "labels"))
	}
	if _, sent := jsonAt(patch, "labels").(map[string]any)["tier"]; !sent {
		t.Errorf("update does not delete the label dropped from configuration: %#v", jsonAt(patch, "labels"))
	}
}

func TestBucketLocationCaseChangeUpdatesStateOnly(t *testing.T) {
	rec := newBucketRecorder(t)
	vals := emulatorConfig(testProject(t))
	vals["storage_custom_endpoint"] = s(rec.URL)
	p := providertest.Configure(t, New(), vals)
	const typ = "google_storage_bucket"
	block := p.GetSchema(bg).Schema.Resources[typ].Block
	imported := p.ImportResource(bg, schema.ImportResourceRequest{TypeName: typ, ID: "case-bucket"})
	if err := gcsClient(t).Bucket("case-bucket").Create(bg, "p", nil); err != nil {
		t.Fatal(err)
	}
	read := p.ReadResource(bg, schema.ReadResourceRequest{TypeName: typ, PriorState: imported.Imported[0].State})
	if got := attr(read.NewState, "location"); got != "US-CENTRAL1" {
		t.Fatalf("imported location %q, want the server's US-CENTRAL1", got)
	}
	config := cfg(t, p, typ, map[string]cty.Value{"name": s("case-bucket"), "location": s("us-central1")})
	plan, applied := planApply(t, p, typ, read.NewState, config)
	if len(plan.RequiresReplace) > 0 {
		t.Fatalf("a location that differs only in case forces replacement: %v", plan.RequiresReplace)
	}
	if applied.Diagnostics.HasErrors() || attr(applied.NewState, "location") != "us-central1" {
		t.Fatalf("apply: %v, location %q, want the configuration's spelling", applied.Diagnostics.Err(), attr(applied.NewState, "location"))
	}
	if n := len(rec.requests()); n != 0 {
		t.Errorf("the spelling change sent %d update requests, want none", n)
	}
	again := p.PlanResource(bg, schema.PlanResourceRequest{TypeName: typ, PriorState: applied.NewState,
		ProposedNewState: schema.ProposedNew(block, applied.NewState, config), Config: config})
	if !again.PlannedState.RawEquals(applied.NewState) {
		t.Errorf("plan after the spelling update is not a no-op")
	}
}
