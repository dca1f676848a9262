// Command sdk is a test provider written with terraform-plugin-sdk/v2
// (protocol 5). Tests build it and run it as a plugin process; it is not
// shipped. Objects live as JSON files under the provider block's dir (or
// SDK_DIR).
//
// Resource types: sdk_null (triggers), sdk_thing (computed, a set block,
// sensitive, schema version 1 upgraded from 0 in JSON or flatmap form,
// import), sdk_crash (panics during create when crash = true), sdk_slow
// (create takes seconds, within a timeouts block's create timeout). Data
// source sdk_echo.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/hashicorp/terraform-plugin-sdk/v2/plugin"
)

func main() {
	plugin.Serve(&plugin.ServeOpts{ProviderFunc: provider})
}

func provider() *schema.Provider {
	return &schema.Provider{
		Schema: map[string]*schema.Schema{
			"dir": {Type: schema.TypeString, Optional: true, DefaultFunc: schema.EnvDefaultFunc("SDK_DIR", nil)},
		},
		ResourcesMap: map[string]*schema.Resource{
			"sdk_null":  nullResource(),
			"sdk_thing": thingResource(),
			"sdk_crash": crashResource(),
			"sdk_slow":  slowResource(),
		},
		DataSourcesMap: map[string]*schema.Resource{"sdk_echo": echoData()},
		ConfigureContextFunc: func(_ context.Context, d *schema.ResourceData) (any, diag.Diagnostics) {
			dir := d.Get("dir").(string)
			if dir == "" {
				return nil, diag.Errorf("set dir in the provider block or SDK_DIR")
			}
			return dir, nil
		},
	}
}

func newID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func nullResource() *schema.Resource {
	return &schema.Resource{
		Schema: map[string]*schema.Schema{
			"triggers": {Type: schema.TypeMap, Optional: true, ForceNew: true, Elem: &schema.Schema{Type: schema.TypeString}},
		},
		CreateContext: func(_ context.Context, d *schema.ResourceData, _ any) diag.Diagnostics {
			d.SetId(newID())
			return nil
		},
		ReadContext:   func(context.Context, *schema.ResourceData, any) diag.Diagnostics { return nil },
		DeleteContext: func(context.Context, *schema.ResourceData, any) diag.Diagnostics { return nil },
	}
}

func crashResource() *schema.Resource {
	return &schema.Resource{
		Schema: map[string]*schema.Schema{"crash": {Type: schema.TypeBool, Optional: true, ForceNew: true}},
		CreateContext: func(_ context.Context, d *schema.ResourceData, _ any) diag.Diagnostics {
			if d.Get("crash").(bool) {
				panic("sdk_crash: crashing as asked")
			}
			d.SetId(newID())
			return nil
		},
		ReadContext:   func(context.Context, *schema.ResourceData, any) diag.Diagnostics { return nil },
		DeleteContext: func(context.Context, *schema.ResourceData, any) diag.Diagnostics { return nil },
	}
}

// slowResource's create sets its ID, then takes seconds, ending early
// with the context's error when its create timeout (20 minutes unless a
// timeouts block says otherwise; the SDK bounds ctx with it) runs out.
func slowResource() *schema.Resource {
	return &schema.Resource{
		Schema: map[string]*schema.Schema{"seconds": {Type: schema.TypeInt, Required: true, ForceNew: true}},
		CreateContext: func(ctx context.Context, d *schema.ResourceData, _ any) diag.Diagnostics {
			d.SetId(newID())
			select {
			case <-time.After(time.Duration(d.Get("seconds").(int)) * time.Second):
				return nil
			case <-ctx.Done():
				return diag.FromErr(ctx.Err())
			}
		},
		ReadContext:   func(context.Context, *schema.ResourceData, any) diag.Diagnostics { return nil },
		DeleteContext: func(context.Context, *schema.ResourceData, any) diag.Diagnostics { return nil },
		Timeouts:      &schema.ResourceTimeout{Create: schema.DefaultTimeout(20 * time.Minute)},
	}
}

func echoData() *schema.Resource {
	return &schema.Resource{
		Schema: map[string]*schema.Schema{
			"input":  {Type: schema.TypeString, Required: true},
			"output": {Type: schema.TypeString, Computed: true},
		},
		ReadContext: func(_ context.Context, d *schema.ResourceData, _ any) diag.Diagnostics {
			in := d.Get("input").(string)
			d.SetId(in)
			_ = d.Set("output", strings.ToUpper(in))
			return nil
		},
	}
}

// thingRecord is a stored sdk_thing.
type thingRecord struct {
	Name    string   `json:"name"`
	Size    int      `json:"size"`
	Secret  string   `json:"secret"`
	Members []string `json:"members"`
}

func thingPath(dir, id string) string { return filepath.Join(dir, "sdk_thing", id+".json") }

func thingResource() *schema.Resource {
	return &schema.Resource{
		SchemaVersion: 1,
		Schema: map[string]*schema.Schema{
			"name":   {Type: schema.TypeString, Required: true, ForceNew: true},
			"size":   {Type: schema.TypeInt, Optional: true, Computed: true},
			"secret": {Type: schema.TypeString, Optional: true, Sensitive: true},
			"member": {Type: schema.TypeSet, Optional: true, Elem: &schema.Resource{Schema: map[string]*schema.Schema{
				"name": {Type: schema.TypeString, Required: true},
			}}},
		},
		StateUpgraders: []schema.StateUpgrader{{Version: 0, Type: thingV0().CoreConfigSchema().ImpliedType(), Upgrade: upgradeThing0}},
		Importer:       &schema.ResourceImporter{StateContext: schema.ImportStatePassthroughContext},
		CreateContext: func(ctx context.Context, d *schema.ResourceData, meta any) diag.Diagnostics {
			d.SetId(newID())
			return writeThing(d, meta.(string))
		},
		ReadContext: readThing,
		UpdateContext: func(ctx context.Context, d *schema.ResourceData, meta any) diag.Diagnostics {
			return writeThing(d, meta.(string))
		},
		DeleteContext: func(_ context.Context, d *schema.ResourceData, meta any) diag.Diagnostics {
			err := os.Remove(thingPath(meta.(string), d.Id()))
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return diag.FromErr(err)
			}
			return nil
		},
	}
}

// thingV0 is sdk_thing's version-0 schema: name was called label.
func thingV0() *schema.Resource {
	return &schema.Resource{Schema: map[string]*schema.Schema{
		"label": {Type: schema.TypeString, Required: true},
		"size":  {Type: schema.TypeInt, Optional: true, Computed: true},
	}}
}

func upgradeThing0(_ context.Context, raw map[string]any, _ any) (map[string]any, error) {
	raw["name"] = raw["label"]
	delete(raw, "label")
	return raw, nil
}

func writeThing(d *schema.ResourceData, dir string) diag.Diagnostics {
	rec := thingRecord{Name: d.Get("name").(string), Size: d.Get("size").(int), Secret: d.Get("secret").(string)}
	if rec.Size == 0 {
		rec.Size = len(rec.Name)
		_ = d.Set("size", rec.Size)
	}
	for _, m := range d.Get("member").(*schema.Set).List() {
		rec.Members = append(rec.Members, m.(map[string]any)["name"].(string))
	}
	b, _ := json.Marshal(rec)
	if err := os.MkdirAll(filepath.Join(dir, "sdk_thing"), 0o755); err != nil {
		return diag.FromErr(err)
	}
	return diag.FromErr(os.WriteFile(thingPath(dir, d.Id()), b, 0o644))
}

func readThing(_ context.Context, d *schema.ResourceData, meta any) diag.Diagnostics {
	b, err := os.ReadFile(thingPath(meta.(string), d.Id()))
	if errors.Is(err, fs.ErrNotExist) {
		d.SetId("")
		return nil
	}
	if err != nil {
		return diag.FromErr(err)
	}
	var rec thingRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		return diag.FromErr(err)
	}
	_ = d.Set("name", rec.Name)
	_ = d.Set("size", rec.Size)
	if rec.Secret != "" {
		_ = d.Set("secret", rec.Secret)
	}
	var members []any
	for _, m := range rec.Members {
		members = append(members, map[string]any{"name": m})
	}
	_ = d.Set("member", members)
	return nil
}
