// Command fw is a test provider written with terraform-plugin-framework
// (protocol 6). Tests build it and run it as a plugin process; it is not
// shipped. Its objects live as JSON files under the directory given by the
// provider block's dir (or FW_DIR), so that tests can change or delete
// them out of band.
//
// Resource types: fw_null (null_resource-like, triggers), fw_thing
// (computed, nested blocks and sets, a nested attribute, sensitive,
// private state, schema version 1 with an upgrade from 0, import),
// fw_inconsistent (plans or applies what it should not), fw_crash (exits
// during apply when crash = true), fw_doc (typed values for plan text),
// fw_secret (a write-only attribute, Terraform 1.11). Data source fw_echo,
// ephemeral resource fw_token (Terraform 1.10; logs each open, renew and
// close), function upper.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
)

func main() {
	err := providerserver.Serve(context.Background(), newProvider, providerserver.ServeOpts{
		Address: "registry.terraform.io/trueup/fw",
	})
	if err != nil {
		log.Fatal(err)
	}
}
