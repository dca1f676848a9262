// Package provisioners runs Terraform's built-in provisioners: local-exec
// (a command on this machine), file (copy a file, directory or content to a
// machine) and remote-exec (run commands on a machine), the last two over
// SSH (golang.org/x/crypto/ssh) as a connection block describes.
//
// Run takes the provisioner's evaluated configuration and connection,
// unmarked, and streams the output line by line to a callback; it never
// prints. The executor (engine/apply) decides when to run what, evaluates
// the configuration with self, suppresses output of sensitive
// configurations and reports through engine/hook.
//
// It imports the schema package (for the configuration schemas), go-cty,
// golang.org/x/crypto/ssh and the standard library. It must not import the
// rest of the engine.
package provisioners
