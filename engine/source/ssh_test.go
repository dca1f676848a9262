package source

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	gitssh "github.com/go-git/go-git/v5/plumbing/transport/ssh"
)

func TestFetchOverSSH(t *testing.T) {
	f := newFixture(t)
	keyFile, pub := newSSHKey(t, "")
	otherKey, _ := newSSHKey(t, "")
	srv := startSSHGit(t, filepath.Dir(f.dir), pub)
	known := srv.knownHostsFile(t, srv.hostKey)
	_, strangerPub := newSSHKey(t, "")
	wrongHost := srv.knownHostsFile(t, strangerPub)
	url := "ssh://git@" + srv.addr + "/origin"

	cases := []struct {
		name     string
		auth     Auth
		wantKind error
	}{
		{"key file and known host fetch", Auth{SSHKeyFile: keyFile, SSHKnownHosts: known}, nil},
		{"key file with the host check off fetches", Auth{SSHKeyFile: keyFile, SSHInsecureIgnoreHostKey: true}, nil},
		{"an unauthorized key fails authentication", Auth{SSHKeyFile: otherKey, SSHKnownHosts: known}, ErrAuthFailed},
		{"a host key that does not match is refused", Auth{SSHKeyFile: keyFile, SSHKnownHosts: wrongHost}, ErrHostKey},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cache := t.TempDir()
			co, err := Fetch(context.Background(), Options{URL: url, Ref: "v1", Path: "stack", CacheDir: cache, Auth: tc.auth})
			if tc.wantKind != nil {
				if !errors.Is(err, tc.wantKind) || !strings.Contains(err.Error(), url) {
					t.Fatalf("error = %v, want %v naming %s", err, tc.wantKind, url)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if co.Commit != f.c1 || readFile(t, filepath.Join(co.Dir, "main.tf")) != "# v1\n" {
				t.Errorf("commit = %s, want %s", co.Commit, f.c1)
			}
			// A SHA behind the tips needs the full-history fetch over SSH too.
			co, err = Fetch(context.Background(), Options{URL: url, Ref: f.c1[:10], CacheDir: cache, Auth: tc.auth})
			if err != nil || co.Commit != f.c1 {
				t.Fatalf("by SHA: %v", err)
			}
		})
	}
}

func TestFetchOverSSHWithTheAgent(t *testing.T) {
	f := newFixture(t)
	keyFile, pub := newSSHKey(t, "")
	srv := startSSHGit(t, filepath.Dir(f.dir), pub)
	startSSHAgent(t, keyFile)
	// scp-like syntax cannot carry a port; go through ssh:// with a user.
	co, err := Fetch(context.Background(), Options{URL: "ssh://git@" + srv.addr + "/origin", CacheDir: t.TempDir(),
		Auth: Auth{SSHAgent: true, SSHKnownHosts: srv.knownHostsFile(t, srv.hostKey)}})
	if err != nil {
		t.Fatal(err)
	}
	if co.Commit != f.c2 {
		t.Errorf("commit = %s, want %s", co.Commit, f.c2)
	}
}

func TestSSHAuthConstruction(t *testing.T) {
	plainKey, _ := newSSHKey(t, "")
	lockedKey, _ := newSSHKey(t, "correct horse")
	t.Setenv("TRUEUP_TEST_PASSPHRASE", "correct horse")
	t.Setenv("TRUEUP_TEST_WRONG_PASSPHRASE", "battery staple")
	t.Setenv("SSH_AUTH_SOCK", "")
	ep, err := parseEndpoint("deploy@git.example.com:org/repo.git")
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name     string
		auth     Auth
		wantKind error
		wantText string
	}{
		{"an unencrypted key loads with the URL's user", Auth{SSHKeyFile: plainKey}, nil, ""},
		{"an encrypted key loads with its passphrase variable", Auth{SSHKeyFile: lockedKey, SSHKeyPassphraseEnv: "TRUEUP_TEST_PASSPHRASE"}, nil, ""},
		{"an encrypted key without a passphrase asks for one", Auth{SSHKeyFile: lockedKey}, ErrInvalidOptions, "is encrypted"},
		{"a wrong passphrase is named as such", Auth{SSHKeyFile: lockedKey, SSHKeyPassphraseEnv: "TRUEUP_TEST_WRONG_PASSPHRASE"}, ErrInvalidOptions, "wrong passphrase"},
		{"an unset passphrase variable is named", Auth{SSHKeyFile: lockedKey, SSHKeyPassphraseEnv: "TRUEUP_TEST_NO_SUCH_VAR"}, ErrInvalidOptions, "TRUEUP_TEST_NO_SUCH_VAR"},
		{"a missing key file is named", Auth{SSHKeyFile: "/no/such/key"}, ErrInvalidOptions, "/no/such/key"},
		{"a file that is not a key is refused", Auth{SSHKeyFile: "/etc/hostname"}, ErrInvalidOptions, "/etc/hostname"},
		{"a missing known_hosts file is named", Auth{SSHKeyFile: plainKey, SSHKnownHosts: "/no/such/known_hosts"}, ErrInvalidOptions, "known hosts"},
		{"the agent without SSH_AUTH_SOCK fails", Auth{SSHAgent: true}, ErrAuthFailed, "agent"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			creds, err := tc.auth.build(ep, captureLogger())
			if tc.wantKind != nil {
				if !errors.Is(err, tc.wantKind) || !strings.Contains(err.Error(), tc.wantText) {
					t.Fatalf("error = %v, want %v mentioning %q", err, tc.wantKind, tc.wantText)
				}
				for _, secret := range []string{"correct horse", "battery staple"} {
					if strings.Contains(err.Error(), secret) {
						t.Errorf("the passphrase leaked into %q", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			keys, ok := creds.method.(*gitssh.PublicKeys)
			if !ok || keys.User != "deploy" || keys.Signer == nil {
				t.Fatalf("auth = %#v, want public keys for user deploy", creds.method)
			}
		})
	}
}

func TestHTTPAuthConstruction(t *testing.T) {
	ep, _ := parseEndpoint("https://git.example.com/org/repo.git")
	t.Setenv("TRUEUP_TEST_TOKEN", "glpat-abcdef")
	cases := []struct {
		name           string
		auth           Auth
		wantUser, want string
	}{
		{"a token goes as x-access-token's password", Auth{TokenEnv: "TRUEUP_TEST_TOKEN"}, "x-access-token", "glpat-abcdef"},
		{"a token goes with a given user", Auth{TokenEnv: "TRUEUP_TEST_TOKEN", Username: "oauth2"}, "oauth2", "glpat-abcdef"},
		{"basic auth goes as given", Auth{Username: "alice", Password: "pw"}, "alice", "pw"},
		{"SSH options are ignored for HTTPS", Auth{SSHKeyFile: "/no/such/key"}, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			creds, err := tc.auth.build(ep, captureLogger())
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantUser == "" {
				if creds.method != nil {
					t.Fatalf("auth = %v, want none", creds.method)
				}
				return
			}
			if got := creds.method.String(); !strings.Contains(got, tc.wantUser) || strings.Contains(got, tc.want) {
				t.Errorf("auth %q should name %q and hide the secret", got, tc.wantUser)
			}
			if len(creds.secrets) != 1 || creds.secrets[0] != tc.want {
				t.Errorf("secrets to scrub = %q, want %q", creds.secrets, tc.want)
			}
		})
	}
}
