package source

import (
	"errors"
	"fmt"
	"os"

	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	gitssh "github.com/go-git/go-git/v5/plumbing/transport/ssh"
	"github.com/hashicorp/go-hclog"
	gossh "golang.org/x/crypto/ssh"
)

// tokenUser is the basic-auth user sent with a token when none is given.
const tokenUser = "x-access-token"

// credentials is the auth method for an endpoint and the secrets to keep
// out of errors and logs.
type credentials struct {
	method  transport.AuthMethod
	secrets []string
}

// build returns the auth method for ep. Options that do not fit the
// endpoint's transport are ignored with a warning.
func (a Auth) build(ep *endpoint, log hclog.Logger) (credentials, error) {
	switch ep.scheme {
	case "http", "https":
		if a.hasSSH() {
			log.Warn("ignoring SSH auth options for an HTTP(S) repository URL", "url", ep.display)
		}
		return a.httpAuth()
	case "ssh":
		if a.hasHTTP() {
			log.Warn("ignoring HTTPS auth options for an SSH repository URL", "url", ep.display)
		}
		return a.sshAuth(ep)
	}
	if a.hasHTTP() || a.hasSSH() {
		log.Debug("auth options ignored: the transport takes none", "url", ep.display)
	}
	return credentials{}, nil
}

func (a Auth) hasHTTP() bool { return a.TokenEnv != "" || a.Username != "" || a.Password != "" }

func (a Auth) hasSSH() bool {
	return a.SSHKeyFile != "" || a.SSHAgent || a.SSHKnownHosts != "" || a.SSHInsecureIgnoreHostKey
}

// httpAuth is basic auth from a token variable or a user and password; nil
// lets go-git use credentials embedded in the URL.
func (a Auth) httpAuth() (credentials, error) {
	if a.TokenEnv != "" {
		token := os.Getenv(a.TokenEnv)
		if token == "" {
			return credentials{}, fmt.Errorf("%w: the token variable %s is unset or empty", ErrAuthFailed, a.TokenEnv)
		}
		user := a.Username
		if user == "" {
			user = tokenUser
		}
		return credentials{
			method:  &githttp.BasicAuth{Username: user, Password: token},
			secrets: []string{token},
		}, nil
	}
	if a.Username != "" || a.Password != "" {
		return credentials{
			method:  &githttp.BasicAuth{Username: a.Username, Password: a.Password},
			secrets: []string{a.Password},
		}, nil
	}
	return credentials{}, nil
}

// sshAuth is a key file or the agent, with the host key check asked for.
// With neither a key nor a host key option, nil lets go-git use the agent
// and the default known_hosts files.
func (a Auth) sshAuth(ep *endpoint) (credentials, error) {
	user := ep.user
	if user == "" {
		user = "git"
	}
	var creds credentials
	var hostKey *gitssh.HostKeyCallbackHelper
	switch {
	case a.SSHKeyFile != "":
		keys, pass, err := a.loadKey(user)
		if err != nil {
			return credentials{}, err
		}
		creds = credentials{method: keys, secrets: []string{pass}}
		hostKey = &keys.HostKeyCallbackHelper
	case a.SSHAgent || a.SSHKnownHosts != "" || a.SSHInsecureIgnoreHostKey:
		agent, err := gitssh.NewSSHAgentAuth(user)
		if err != nil {
			return credentials{}, fmt.Errorf("%w: SSH agent: %v", ErrAuthFailed, err)
		}
		creds = credentials{method: agent}
		hostKey = &agent.HostKeyCallbackHelper
	default:
		return credentials{}, nil
	}
	switch {
	case a.SSHInsecureIgnoreHostKey:
		hostKey.HostKeyCallback = gossh.InsecureIgnoreHostKey()
	case a.SSHKnownHosts != "":
		if _, err := os.Stat(a.SSHKnownHosts); err != nil {
			return credentials{}, fmt.Errorf("%w: known hosts file: %v", ErrInvalidOptions, err)
		}
		db, err := gitssh.NewKnownHostsDb(a.SSHKnownHosts)
		if err != nil {
			return credentials{}, fmt.Errorf("%w: known hosts file %s: %v", ErrInvalidOptions, a.SSHKnownHosts, err)
		}
		hostKey.HostKeyCallback = db.HostKeyCallback()
		// Offer only the key types known for this host, as ssh does.
		hostKey.HostKeyAlgorithms = db.HostKeyAlgorithms(ep.hostPort())
	}
	return creds, nil
}

// loadKey reads and, with the passphrase variable, decrypts the key file.
func (a Auth) loadKey(user string) (*gitssh.PublicKeys, string, error) {
	pem, err := os.ReadFile(a.SSHKeyFile)
	if err != nil {
		return nil, "", fmt.Errorf("%w: reading SSH key: %v", ErrInvalidOptions, err)
	}
	var pass string
	if a.SSHKeyPassphraseEnv != "" {
		pass = os.Getenv(a.SSHKeyPassphraseEnv)
		if pass == "" {
			return nil, "", fmt.Errorf("%w: the passphrase variable %s is unset or empty", ErrInvalidOptions, a.SSHKeyPassphraseEnv)
		}
	}
	var missing *gossh.PassphraseMissingError
	if _, err := gossh.ParsePrivateKey(pem); errors.As(err, &missing) && pass == "" {
		return nil, "", fmt.Errorf("%w: SSH key %s is encrypted; name the variable holding its passphrase", ErrInvalidOptions, a.SSHKeyFile)
	}
	keys, err := gitssh.NewPublicKeys(user, pem, pass)
	if err == nil {
		return keys, pass, nil
	}
	if pass != "" {
		return nil, "", fmt.Errorf("%w: SSH key %s: cannot decrypt with the passphrase in %s (wrong passphrase?)", ErrInvalidOptions, a.SSHKeyFile, a.SSHKeyPassphraseEnv)
	}
	return nil, "", fmt.Errorf("%w: SSH key %s: %v", ErrInvalidOptions, a.SSHKeyFile, err)
}
