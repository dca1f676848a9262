package main

import (
	"fmt"
	"log"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// refusePrefix names the fw_things whose create fails the way a careless
// provider fails: it logs the object's secret on stderr (which go-plugin
// forwards to the client's logger) and quotes it in its error. The secret
// scan (cmd/trueup/secretscan_test.go) proves that neither reaches
// trueup's output or logs.
const refusePrefix = "refuse-"

// refuseSecret fails the create of m when its name starts with
// refusePrefix, and reports whether it did.
func refuseSecret(m *thingModel, diags *diag.Diagnostics) bool {
	if !strings.HasPrefix(m.Name.ValueString(), refusePrefix) {
		return false
	}
	secret := m.Secret.ValueString()
	log.Printf("[DEBUG] fw_thing %s: the server refused secret %s", m.Name.ValueString(), secret)
	diags.AddError("Cannot create fw_thing", fmt.Sprintf("the server refused the secret %q of %s", secret, m.Name.ValueString()))
	return true
}
