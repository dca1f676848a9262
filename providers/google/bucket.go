package google

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"cloud.google.com/go/storage"
	"github.com/zclconf/go-cty/cty"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/iterator"

	"github.com/trueup/trueup/internal/gcpretry"
	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// storageAPIBase is where the Cloud Storage JSON API names its objects
// (self_link), whatever endpoint the client talks to.
const storageAPIBase = "https://www.googleapis.com/storage/v1/b/"

func bucketResource(p *Provider) kit.Resource {
	pl := &planner{p: p, block: bucketBlock, defaults: bucketDefaults, project: true, labels: true,
		equivalent: map[string]func(a, b string) bool{"location": strings.EqualFold},
		known: func(v cty.Value) cty.Value {
			v = planLifecycleDefaults(v)
			if name := v.GetAttr("name"); kit.Usable(name) {
				v = setIfUnknown(v, "id", name)
				v = setIfUnknown(v, "url", cty.StringVal("gs://"+name.AsString()))
				v = setIfUnknown(v, "self_link", cty.StringVal(storageAPIBase+url.PathEscape(name.AsString())))
			}
			return v
		},
	}
	b := &bucketOps{p: p}
	return kit.Resource{
		Schema:   &schema.Resource{Block: bucketBlock},
		Timeouts: &kit.Timeouts{Create: 10 * time.Minute, Read: 4 * time.Minute, Update: 4 * time.Minute, Delete: 4 * time.Minute},
		Validate: validateBucket,
		Plan:     pl.plan,
		Create:   b.create,
		Read:     b.read,
		Update:   b.update,
		Delete:   b.delete,
		Import:   b.importBucket,
	}
}

// bucketOps carries out google_storage_bucket's operations.
type bucketOps struct{ p *Provider }

func (b *bucketOps) client() (*storage.Client, *clients, schema.Diagnostics) {
	c, diags := b.p.client()
	if diags.HasErrors() {
		return nil, nil, diags
	}
	sc, diags := c.storageClient()
	return sc, c, diags
}

func validateBucket(config cty.Value) schema.Diagnostics {
	if !config.GetAttr("lifecycle_rule").IsWhollyKnown() {
		return nil
	}
	_, diags := expandLifecycle(config)
	return diags
}

func (b *bucketOps) create(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	sc, _, diags := b.client()
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	name := kit.String(planned, "name")
	lc, diags := expandLifecycle(planned)
	if diags.HasErrors() {
		return cty.NilVal, diags
	}
	attrs := &storage.BucketAttrs{
		Location:          kit.String(planned, "location"),
		StorageClass:      kit.String(planned, "storage_class"),
		Labels:            kit.Obj(planned).StrMap("effective_labels"),
		VersioningEnabled: versioningEnabled(planned),
		Lifecycle:         lc,
	}
	if kit.IsSet(planned, "uniform_bucket_level_access") {
		attrs.UniformBucketLevelAccess = storage.UniformBucketLevelAccess{Enabled: kit.Bool(planned, "uniform_bucket_level_access")}
	}
	// Creating a bucket by name is safe to try again (a second create
	// hears 409), and a try whose response was lost may have made it: a
	// retry that then hears 409 found our bucket.
	var call gcpretry.Call
	err := call.Do(ctx, func(ctx context.Context) error {
		return sc.Bucket(name).Create(ctx, kit.String(planned, "project"), attrs)
	})
	if call.Ambiguous() && httpStatus(err) == http.StatusConflict {
		err = nil
	}
	if err != nil {
		return cty.NilVal, apiDiag(err, attrPath("name"), "Cannot create Cloud Storage bucket", "bucket "+name)
	}
	// A new bucket may not be readable at once; Terraform's provider
	// waits for it within the create timeout, and so does this (ctx).
	if err := waitReadable(ctx, func() error {
		_, err := bucketAttrs(ctx, sc, name)
		return err
	}); err != nil {
		return kit.NullUnknowns(planned), apiDiag(err, nil, "Cloud Storage bucket created but not yet readable", "bucket "+name)
	}
	return b.readBack(ctx, planned)
}

// readBack reads the object just written, keeping the written value's
// known attributes where the read cannot see it.
func (b *bucketOps) readBack(ctx context.Context, written cty.Value) (cty.Value, schema.Diagnostics) {
	live, diags := b.read(ctx, written)
	if diags.HasErrors() || live.IsNull() {
		return kit.NullUnknowns(written), append(diags, schema.Errorf(nil, "Bucket not readable after write",
			"bucket "+kit.String(written, "name")+" was written but could not be read back")...)
	}
	return live, nil
}

func (b *bucketOps) read(ctx context.Context, prior cty.Value) (cty.Value, schema.Diagnostics) {
	sc, c, diags := b.client()
	if diags.HasErrors() {
		return prior, diags
	}
	name := kit.String(prior, "name")
	attrs, err := bucketAttrs(ctx, sc, name)
	if isNotFound(err) {
		return bucketBlock.Null(), nil
	}
	if err != nil {
		return prior, apiDiag(err, nil, "Cannot read Cloud Storage bucket", "bucket "+name)
	}
	return flattenBucket(prior, attrs, c.project), nil
}

// flattenBucket is the bucket's value from its attributes, in prior's
// spelling where the API's means the same.
func flattenBucket(prior cty.Value, a *storage.BucketAttrs, defaultProject string) cty.Value {
	project, forceDestroy := kit.StrOrNull(defaultProject), cty.False
	if !prior.IsNull() {
		if kit.Usable(prior.GetAttr("project")) {
			project = prior.GetAttr("project")
		}
		if kit.Usable(prior.GetAttr("force_destroy")) {
			forceDestroy = prior.GetAttr("force_destroy")
		}
	}
	versioning := kit.BlockList(bucketBlock.BlockTypes["versioning"].Block.ImpliedType())
	priorHasVersioning := !prior.IsNull() && kit.Usable(prior.GetAttr("versioning")) && prior.GetAttr("versioning").LengthInt() > 0
	if a.VersioningEnabled || priorHasVersioning {
		versioning = cty.ListVal([]cty.Value{cty.ObjectVal(map[string]cty.Value{"enabled": cty.BoolVal(a.VersioningEnabled)})})
	}
	live := cty.ObjectVal(map[string]cty.Value{
		"id":                          cty.StringVal(a.Name),
		"name":                        cty.StringVal(a.Name),
		"location":                    cty.StringVal(a.Location),
		"project":                     project,
		"storage_class":               cty.StringVal(a.StorageClass),
		"uniform_bucket_level_access": cty.BoolVal(a.UniformBucketLevelAccess.Enabled),
		"force_destroy":               forceDestroy,
		"url":                         cty.StringVal("gs://" + a.Name),
		"self_link":                   cty.StringVal(storageAPIBase + url.PathEscape(a.Name)),
		"labels":                      cty.NullVal(cty.Map(cty.String)),
		"terraform_labels":            cty.NullVal(cty.Map(cty.String)),
		"effective_labels":            cty.NullVal(cty.Map(cty.String)),
		"versioning":                  versioning,
		"lifecycle_rule":              flattenLifecycle(prior, a.Lifecycle),
	})
	live = readLabels(prior, live, a.Labels)
	return kit.KeepIfEqual(prior, live, "location", strings.EqualFold)
}

func versioningEnabled(v cty.Value) bool {
	vb := kit.FirstBlock(v, "versioning")
	return !vb.IsNull() && kit.Bool(vb, "enabled")
}

func (b *bucketOps) update(ctx context.Context, prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	sc, _, diags := b.client()
	if diags.HasErrors() {
		return prior, diags
	}
	name := kit.String(planned, "name")
	// Versioning is always sent: an update that omits it must not be
	// able to turn it off (as fake-gcs-server does).
	upd := storage.BucketAttrsToUpdate{VersioningEnabled: versioningEnabled(planned)}
	changed := versioningEnabled(prior) != versioningEnabled(planned)
	if sc := kit.String(planned, "storage_class"); sc != kit.String(prior, "storage_class") {
		upd.StorageClass, changed = sc, true
	}
	if kit.IsSet(planned, "uniform_bucket_level_access") &&
		kit.Bool(planned, "uniform_bucket_level_access") != kit.Bool(prior, "uniform_bucket_level_access") {
		upd.UniformBucketLevelAccess = &storage.UniformBucketLevelAccess{Enabled: kit.Bool(planned, "uniform_bucket_level_access")}
		changed = true
	}
	if !planned.GetAttr("lifecycle_rule").RawEquals(prior.GetAttr("lifecycle_rule")) {
		lc, diags := expandLifecycle(planned)
		if diags.HasErrors() {
			return prior, diags
		}
		upd.Lifecycle, changed = &lc, true
	}
	set, del := labelChanges(prior, planned)
	for _, k := range slices.Sorted(maps.Keys(set)) {
		upd.SetLabel(k, set[k])
		changed = true
	}
	for _, k := range del {
		upd.DeleteLabel(k)
		changed = true
	}
	if changed {
		// The update sets absolute values: trying it again is safe.
		err := gcpretry.Do(ctx, func(ctx context.Context) error {
			_, err := sc.Bucket(name).Update(ctx, upd)
			return err
		})
		if err != nil {
			return prior, apiDiag(err, nil, "Cannot update Cloud Storage bucket", "bucket "+name)
		}
	}
	live, diags := b.readBack(ctx, planned)
	if diags.HasErrors() {
		return live, diags
	}
	// Attributes that live only in state (force_destroy, the spelling of
	// location) are as planned.
	return kit.SetAll(live, map[string]cty.Value{
		"force_destroy": planned.GetAttr("force_destroy"),
		"location":      kit.KeepIfEqual(planned, live, "location", strings.EqualFold).GetAttr("location"),
	}), nil
}

func (b *bucketOps) delete(ctx context.Context, prior cty.Value) schema.Diagnostics {
	sc, _, diags := b.client()
	if diags.HasErrors() {
		return diags
	}
	name := kit.String(prior, "name")
	if kit.Bool(prior, "force_destroy") {
		// Listing again from the start after a failure is safe: a version
		// already deleted is no longer listed, or its delete hears 404.
		err := gcpretry.Do(ctx, func(ctx context.Context) error { return emptyBucket(ctx, sc.Bucket(name)) })
		if err != nil && !isNotFound(err) {
			return apiDiag(err, attrPath("force_destroy"), "Cannot empty Cloud Storage bucket", "bucket "+name)
		}
	}
	// A retried delete whose first try went through hears 404: done.
	err := gcpretry.Do(ctx, func(ctx context.Context) error { return sc.Bucket(name).Delete(ctx) })
	if err == nil || isNotFound(err) {
		return nil
	}
	if isBucketNotEmpty(err) {
		return schema.Errorf(attrPath("force_destroy"), "Bucket is not empty",
			"bucket "+name+" still holds objects: delete them, or set force_destroy = true and apply before destroying. "+apiMessage(err))
	}
	return apiDiag(err, nil, "Cannot delete Cloud Storage bucket", "bucket "+name)
}

// isBucketNotEmpty reports whether a bucket delete failed because objects
// remain: 409 from Cloud Storage; fake-gcs-server answers 412 with
// "bucket must be empty" (no precondition is ever sent, so a 412 cannot
// mean anything else here).
func isBucketNotEmpty(err error) bool {
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		return false
	}
	return ge.Code == http.StatusConflict ||
		(ge.Code == http.StatusPreconditionFailed && strings.Contains(strings.ToLower(ge.Message), "empty"))
}

// emptyBucket deletes every object version in the bucket.
func emptyBucket(ctx context.Context, bh *storage.BucketHandle) error {
	it := bh.Objects(ctx, &storage.Query{Versions: true})
	for {
		o, err := it.Next()
		if errors.Is(err, iterator.Done) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := bh.Object(o.Name).Generation(o.Generation).Delete(ctx); err != nil && !isNotFound(err) {
			return err
		}
	}
}

// bucketAttrs reads a bucket's attributes, retried.
func bucketAttrs(ctx context.Context, sc *storage.Client, name string) (a *storage.BucketAttrs, err error) {
	err = gcpretry.Do(ctx, func(ctx context.Context) error {
		a, err = sc.Bucket(name).Attrs(ctx)
		return err
	})
	return a, err
}

// httpStatus is the HTTP status of a Cloud Storage error, or 0.
func httpStatus(err error) int {
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		return ge.Code
	}
	return 0
}

// importBucket accepts Terraform's import IDs: "{{project}}/{{name}}" or "{{name}}".
func (b *bucketOps) importBucket(ctx context.Context, id string) (cty.Value, schema.Diagnostics) {
	project, name := "", id
	if i := strings.Index(id, "/"); i >= 0 {
		project, name = id[:i], id[i+1:]
	}
	if name == "" || strings.Contains(name, "/") {
		return cty.NilVal, schema.Errorf(nil, "Invalid import ID",
			"google_storage_bucket import IDs are {{project}}/{{name}} or {{name}}, not "+id+".")
	}
	if project == "" {
		if c, diags := b.p.client(); !diags.HasErrors() {
			project = c.project
		}
	}
	stub := stubOf(bucketBlock, map[string]cty.Value{"name": cty.StringVal(name), "id": cty.StringVal(name), "project": kit.StrOrNull(project),
		"force_destroy": cty.False})
	return stub, nil
}
