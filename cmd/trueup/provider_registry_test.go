package main

import (
	"strings"
	"testing"

	"github.com/trueup/trueup/engine/getproviders"
	"github.com/trueup/trueup/engine/providerinstall"
	"github.com/trueup/trueup/schema"
)

func TestRegistryForMapsSelectionsToFactories(t *testing.T) {
	t.Parallel()
	thing, _ := getproviders.ParseProvider("example.com/acme/thing")
	v, _ := getproviders.ParseVersion("1.2.3")
	sels := []providerinstall.Selection{
		{Provider: getproviders.NewDefaultProvider("null"), LocalNames: []string{"null", "othernull"}, Kind: providerinstall.Builtin},
		{Provider: thing, LocalNames: []string{"thing"}, Kind: providerinstall.Plugin, Version: v, Executable: "/x/terraform-provider-thing_v1.2.3"},
	}
	if _, err := registryFor(sels, nil); err == nil || !strings.Contains(err.Error(), "example.com/acme/thing") {
		t.Fatalf("without a plugin client: err = %v", err)
	}
	var gotExe, gotVersion string
	reg, err := registryFor(sels, func(s providerinstall.Selection) schema.Factory {
		gotExe, gotVersion = s.Executable, s.VersionString()
		return builtinProviders()["random"]
	})
	if err != nil {
		t.Fatal(err)
	}
	if gotExe != "/x/terraform-provider-thing_v1.2.3" || gotVersion != "1.2.3" || reg["thing"] == nil {
		t.Fatalf("plugin factory got %q %q", gotExe, gotVersion)
	}
	if reg["othernull"] == nil || reg["aws"] == nil {
		t.Fatal("a built-in under another local name, or an unrequired built-in, is missing")
	}
}
