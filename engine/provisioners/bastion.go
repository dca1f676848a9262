package provisioners

import (
	"context"
	"fmt"
	"time"

	"github.com/zclconf/go-cty/cty"
	"golang.org/x/crypto/ssh"
)

// bastionConnection returns the connection values that describe the
// bastion itself, with Terraform's defaults: bastion_user, _password,
// _private_key and _port default to the machine's; the bastion's host
// key is checked only when bastion_host_key is set.
func bastionConnection(conn cty.Value) cty.Value {
	vals := conn.AsValueMap()
	pick := func(name, fallback string) cty.Value {
		if v := vals["bastion_"+name]; !v.IsNull() {
			return v
		}
		return vals[fallback]
	}
	out := map[string]cty.Value{}
	for k, v := range vals {
		out[k] = v
	}
	out["host"] = vals["bastion_host"]
	out["user"] = pick("user", "user")
	out["password"] = pick("password", "password")
	out["private_key"] = pick("private_key", "private_key")
	out["host_key"] = vals["bastion_host_key"]
	return cty.ObjectVal(out)
}

// dialViaBastion connects to the bastion at addr (retrying as dialRetry
// does), asks it for a TCP channel to target and opens the machine's SSH
// connection over that channel. Closing the returned client closes the
// bastion's too.
func dialViaBastion(ctx context.Context, addr string, bcfg *ssh.ClientConfig, target string, cfg *ssh.ClientConfig, timeout time.Duration) (*ssh.Client, error) {
	bastion, err := dialRetry(ctx, addr, bcfg, timeout)
	if err != nil {
		return nil, fmt.Errorf("bastion %s: %v", addr, err)
	}
	nc, err := bastion.Dial("tcp", target)
	if err != nil {
		bastion.Close()
		return nil, fmt.Errorf("bastion %s could not reach %s: %v", addr, target, err)
	}
	c, chans, reqs, err := ssh.NewClientConn(nc, target, cfg)
	if err != nil {
		nc.Close()
		bastion.Close()
		return nil, fmt.Errorf("%s via bastion %s: %v", target, addr, err)
	}
	client := ssh.NewClient(c, chans, reqs)
	go func() {
		client.Wait()
		bastion.Close()
	}()
	return client, nil
}
