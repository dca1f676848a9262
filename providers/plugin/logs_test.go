package plugin_test

import (
	"context"
	"strings"
	"testing"

	"github.com/trueup/trueup/internal/testproviders/build"
	"github.com/trueup/trueup/providers/plugin"
	"github.com/trueup/trueup/providers/providertest"
	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
)

// A provider built with terraform-plugin-go logs every line at TRACE
// unless told otherwise; with logs off, trueup tells it, so a crash
// report quotes the crash, not the last 25 trace lines before it.
func TestPluginWritesNoLogLinesWhenLogsAreOff(t *testing.T) {
	t.Setenv("TF_LOG", "")
	t.Setenv("TF_LOG_PROVIDER", "")
	err := crashAfterCalls(t)
	// (go-plugin's own server prints two start-up lines whatever the level.)
	if strings.Contains(err, `"@module":"sdk.`) {
		t.Errorf("the crash report quotes provider log lines although logs are off:\n%s", err)
	}
	if !strings.Contains(err, "fw_crash: crashing as asked") {
		t.Errorf("the crash report does not quote the crash:\n%s", err)
	}
}

// A log variable the user sets wins: the provider then logs as asked.
func TestPluginKeepsTheUsersProviderLogLevel(t *testing.T) {
	t.Setenv("TF_LOG", "")
	t.Setenv("TF_LOG_SDK_PROTO", "trace")
	err := crashAfterCalls(t)
	if !strings.Contains(err, `"@level":"trace"`) || !strings.Contains(err, `"@module":"sdk.proto"`) {
		t.Errorf("TF_LOG_SDK_PROTO=trace was not honoured: the crash report has no protocol trace lines:\n%s", err)
	}
	if strings.Contains(err, `"@module":"sdk.framework"`) {
		t.Errorf("framework lines logged although only TF_LOG_SDK_PROTO was set:\n%s", err)
	}
}

// crashAfterCalls makes a few calls to the fw provider, then crashes it,
// and returns the error that reports the crash.
func crashAfterCalls(t *testing.T) string {
	t.Helper()
	bin := build.Provider(t, "fw")
	p := plugin.NewFactory(plugin.Meta{Addr: bin.Addr, Version: bin.Version, Executable: bin.Path, SchemaCacheDir: t.TempDir()})()
	t.Cleanup(func() { _ = p.Close() })
	providertest.Configure(t, p, map[string]cty.Value{"dir": cty.StringVal(t.TempDir())})
	ctx := context.Background()
	cfg := providertest.ResourceConfig(t, p, "fw_null", map[string]cty.Value{})
	for range 3 {
		if d := p.ValidateResource(ctx, schema.ValidateResourceRequest{TypeName: "fw_null", Config: cfg}).Diagnostics; d.HasErrors() {
			t.Fatal(d.Err())
		}
	}
	_, _, diags := create(t, p, "fw_crash", map[string]cty.Value{"crash": cty.True})
	if !diags.HasErrors() {
		t.Fatal("apply of a crashing resource succeeded")
	}
	return diags.Err().Error()
}
