package provisioners

import (
	"os"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/engine/provisioners/sshdtest"
)

// TestRemoteExecThroughABastion runs remote-exec on one real sshd reached
// through another, each with its own key: the bastion's sshd logs the
// login, the machine runs the script, and Terraform's bastion lines are
// printed. A bastion that refuses the key fails naming the bastion.
func TestRemoteExecThroughABastion(t *testing.T) {
	target, bastion := sshdtest.Start(t), sshdtest.Start(t)
	dir := t.TempDir()
	conn := connection(target, map[string]cty.Value{
		"bastion_host":        cty.StringVal(bastion.Host),
		"bastion_port":        cty.NumberIntVal(int64(bastion.Port)),
		"bastion_private_key": cty.StringVal(bastion.PrivateKey),
		"bastion_host_key":    cty.StringVal(bastion.HostKey),
	})
	got, err := runLines(t, Request{
		Type:       "remote-exec",
		Config:     fill("remote-exec", map[string]cty.Value{"inline": strList("echo via-bastion > " + dir + "/ran")}),
		Connection: conn,
	})
	if err != nil {
		t.Fatalf("remote-exec through a bastion: %v\n%s", err, strings.Join(got, "\n"))
	}
	wantLines := []string{
		"Using configured bastion host...",
		"  Host: 127.0.0.1",
		"  User: " + target.User,
		"  Password: false",
		"  Private key: true",
		"  Certificate: false",
		"  SSH Agent: false",
		"  Checking Host Key: true",
		"Connected!",
	}
	joined := strings.Join(got, "\n")
	if !strings.Contains(joined, strings.Join(wantLines, "\n")) {
		t.Errorf("output does not show the bastion as Terraform does:\n%s", joined)
	}
	if b, _ := os.ReadFile(dir + "/ran"); string(b) != "via-bastion\n" {
		t.Fatalf("the script did not run on the machine: ran = %q", b)
	}
	logged, _ := os.ReadFile(bastion.Log)
	if !strings.Contains(string(logged), "Accepted publickey for "+bastion.User) {
		t.Errorf("the bastion's sshd did not log a login:\n%s", logged)
	}

	// The machine's key is not authorized on the bastion.
	bad := connection(target, map[string]cty.Value{
		"bastion_host": cty.StringVal(bastion.Host),
		"bastion_port": cty.NumberIntVal(int64(bastion.Port)),
		"timeout":      cty.StringVal("2s"),
	})
	_, err = runLines(t, Request{Type: "remote-exec", Config: fill("remote-exec", map[string]cty.Value{"inline": strList("true")}), Connection: bad})
	if err == nil || !strings.Contains(err.Error(), "bastion 127.0.0.1:") {
		t.Fatalf("a bastion refusing the key: err = %v, want one naming the bastion", err)
	}
}

func TestWinRMConnectionsAreRefused(t *testing.T) {
	conn := connection(&sshdtest.Server{Host: "10.0.0.5", Port: 5985}, map[string]cty.Value{"type": cty.StringVal("winrm")})
	diags := ValidateConnection(conn)
	if len(diags) != 1 || diags[0].Summary != "winrm connections are not supported" {
		t.Fatalf("ValidateConnection = %v", diags)
	}
	_, err := runLines(t, Request{Type: "remote-exec", Config: fill("remote-exec", map[string]cty.Value{"inline": strList("true")}), Connection: conn})
	if err == nil || !strings.Contains(err.Error(), "winrm connections are not supported") {
		t.Fatalf("running over winrm: err = %v", err)
	}
}
