package provisioners

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/schema"
)

// Schema returns the configuration schema of a provisioner type, or nil
// when trueup has no such provisioner.
func Schema(typ string) *schema.Block {
	switch typ {
	case "local-exec":
		return &schema.Block{Attributes: map[string]*schema.Attribute{
			"command":     {Type: cty.String, Required: true, Description: "The command to run."},
			"interpreter": {Type: cty.List(cty.String), Optional: true, Description: `The interpreter and its arguments (default ["/bin/sh", "-c"]).`},
			"environment": {Type: cty.Map(cty.String), Optional: true, Description: "Environment variables added to trueup's own."},
			"working_dir": {Type: cty.String, Optional: true, Description: "The directory to run the command in."},
			"quiet":       {Type: cty.Bool, Optional: true, Description: "Do not print the command."},
		}}
	case "file":
		return &schema.Block{Attributes: map[string]*schema.Attribute{
			"source":      {Type: cty.String, Optional: true, Description: "A file or directory to copy."},
			"content":     {Type: cty.String, Optional: true, Description: "Content to write to destination."},
			"destination": {Type: cty.String, Required: true, Description: "The path on the machine."},
		}}
	case "remote-exec":
		return &schema.Block{Attributes: map[string]*schema.Attribute{
			"inline":  {Type: cty.List(cty.String), Optional: true, Description: "Commands run in order, as one script."},
			"script":  {Type: cty.String, Optional: true, Description: "A local script to copy and run."},
			"scripts": {Type: cty.List(cty.String), Optional: true, Description: "Local scripts to copy and run in order."},
		}}
	}
	return nil
}

// ConnectionSchema is the schema of a connection block.
func ConnectionSchema() *schema.Block {
	str := func(desc string) *schema.Attribute {
		return &schema.Attribute{Type: cty.String, Optional: true, Description: desc}
	}
	return &schema.Block{Attributes: map[string]*schema.Attribute{
		"type":                str(`The connection type: "ssh" (the default); "winrm" is refused with an error.`),
		"host":                {Type: cty.String, Required: true, Description: "The address to connect to."},
		"port":                {Type: cty.Number, Optional: true, Description: "The port (default 22)."},
		"user":                str(`The user (default "root").`),
		"password":            {Type: cty.String, Optional: true, Sensitive: true, Description: "The password."},
		"private_key":         {Type: cty.String, Optional: true, Sensitive: true, Description: "A private key in PEM or OpenSSH form."},
		"agent":               {Type: cty.Bool, Optional: true, Description: "Authenticate with the SSH agent at SSH_AUTH_SOCK."},
		"host_key":            str("The server's public key; without it the host key is not checked, as in Terraform."),
		"timeout":             str(`How long to keep trying to connect (default "5m").`),
		"script_path":         str(`Where remote-exec copies scripts (default "/tmp/terraform_%RAND%.sh").`),
		"target_platform":     str(`The remote platform; only "unix" (the default).`),
		"bastion_host":        str("A jump host to connect through: the machine is reached by a TCP channel that the bastion's sshd opens."),
		"bastion_host_key":    str("The bastion's public key; without it the bastion's host key is not checked."),
		"bastion_port":        {Type: cty.Number, Optional: true, Description: "The bastion's port (default: port)."},
		"bastion_user":        str("The user on the bastion (default: user)."),
		"bastion_password":    {Type: cty.String, Optional: true, Sensitive: true, Description: "The bastion's password (default: password)."},
		"bastion_private_key": {Type: cty.String, Optional: true, Sensitive: true, Description: "The bastion's private key (default: private_key)."},
	}}
}
