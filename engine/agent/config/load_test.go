package config

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

const fullExample = `
server {
  listen              = "127.0.0.1:9090"
  data_dir            = "data"
  public_url          = "https://trueup.example.com/"
  max_concurrent_runs = 3
  run_timeout         = "10m"
  history_limit       = 50
}

forge "github" {
  api_url            = "https://github.example.com/api/v3"
  token_env          = "GH_TOKEN"
  webhook_secret_env = "GH_SECRET"
}

notify "webhook" {
  url = "https://hooks.example.com/T000/B000"
}

stack "prod" {
  repo          = "git@github.com:acme/infra.git"
  branch        = "release"
  path          = "stacks/prod/"
  vars          = { region = "eu-west-1", replicas = 3 }
  var_files     = ["prod.tfvars"]
  policies      = ["policies/prod", "/srv/policies/common"]
  apply_from_pr = true
  apply_requirements = ["approved", "mergeable"]
  auto_apply    = true
  poll_interval = "30s"
  drift {
    schedule = "@every 5m"
    on_drift = "reconcile"
    ignore   = ["local_file.x"]
  }
}

stack "dev" {
  repo = "https://github.com/acme/infra"
}
`

func TestLoadFullExample(t *testing.T) {
	cfg, _, diags := Parse([]byte(fullExample), "/etc/trueup/agent.hcl", Options{Getenv: env(map[string]string{"GH_TOKEN": "tok", "GH_SECRET": "sec"})})
	if diags.HasErrors() {
		t.Fatalf("unexpected diagnostics: %s", diags.Error())
	}
	s := cfg.Server
	if s.Listen != "127.0.0.1:9090" || s.DataDir != "/etc/trueup/data" || s.PublicURL != "https://trueup.example.com" || s.MaxConcurrentRuns != 3 || s.RunTimeout != 10*time.Minute || s.HistoryLimit != 50 {
		t.Errorf("server = %+v", s)
	}
	gh := cfg.Forges[GitHub]
	if gh == nil || gh.Token.Reveal() != "tok" || gh.WebhookSecret.Reveal() != "sec" || gh.APIURL != "https://github.example.com/api/v3" {
		t.Fatalf("forge = %+v", gh)
	}
	prod := cfg.Stack("prod")
	if prod.Branch != "release" || prod.Path != "stacks/prod" || !prod.AutoApply || prod.PollInterval != 30*time.Second ||
		prod.Forge != GitHub || prod.ForgeRepo != "acme/infra" || len(prod.VarFiles) != 1 {
		t.Errorf("prod = %+v", prod)
	}
	if !prod.ApplyFromPR || strings.Join(prod.ApplyRequirements, ",") != "approved,mergeable" {
		t.Errorf("apply from pull requests: %v %v", prod.ApplyFromPR, prod.ApplyRequirements)
	}
	if strings.Join(prod.Policies, ",") != "/etc/trueup/policies/prod,/srv/policies/common" {
		t.Errorf("policies = %v, want them relative to the configuration file", prod.Policies)
	}
	if !prod.Vars["replicas"].RawEquals(cty.NumberIntVal(3)) || prod.Vars["region"].AsString() != "eu-west-1" {
		t.Errorf("vars = %#v", prod.Vars)
	}
	if prod.Drift == nil || prod.Drift.OnDrift != OnDriftReconcile || prod.Drift.Cron == nil || prod.Drift.Ignore[0] != "local_file.x" {
		t.Errorf("drift = %+v", prod.Drift)
	}
	dev := cfg.Stack("dev")
	if dev.Branch != "main" || dev.Path != "" || dev.AutoApply || dev.PollInterval != 0 || dev.Drift != nil || dev.ForgeRepo != "acme/infra" {
		t.Errorf("dev = %+v", dev)
	}
	if len(cfg.Notify) != 1 || cfg.Notify[0].URL.Reveal() != "https://hooks.example.com/T000/B000" {
		t.Errorf("notify = %+v", cfg.Notify)
	}
}

func TestLoadDefaults(t *testing.T) {
	cfg, _, diags := Parse([]byte(`server { data_dir = "/d" }`), "a.hcl", Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	s := cfg.Server
	if s.Listen != DefaultListen || s.PublicURL != "http://"+DefaultListen || s.MaxConcurrentRuns != 2 || s.RunTimeout != 30*time.Minute || s.HistoryLimit != 1000 {
		t.Errorf("server = %+v", s)
	}
}

// TestLoadErrors checks each bad configuration is reported at the line of
// the offending text with a fixed summary.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		summary   string
	}{
		{"unknown attribute is named at its line", "server {\n  data_dir = \"/d\"\n  colour = 1\n}", 3, "Unsupported argument"},
		{"missing server block is reported", `stack "a" { repo = "x" }`, 1, "Missing server block"},
		{"bad cron is reported at the schedule", "server { data_dir = \"/d\" }\nstack \"a\" {\n  repo = \"x\"\n  drift {\n    schedule = \"every day\"\n  }\n}", 5, "Invalid drift schedule"},
		{"bad on_drift is reported", "server { data_dir = \"/d\" }\nstack \"a\" {\n  repo = \"x\"\n  drift {\n    schedule = \"@hourly\"\n    on_drift = \"panic\"\n  }\n}", 6, "Invalid on_drift"},
		{"unset token env is reported at token_env", "server { data_dir = \"/d\" }\nforge \"github\" {\n  token_env = \"NOPE\"\n}", 3, "Missing environment variable"},
		{"unset secret env is reported", "server { data_dir = \"/d\" }\nforge \"gitlab\" {\n  token_env = \"TOK\"\n  webhook_secret_env = \"NOPE\"\n}", 4, "Missing environment variable"},
		{"unknown forge kind is reported at its label", "server { data_dir = \"/d\" }\nforge \"bitbucket\" {\n  token_env = \"TOK\"\n}", 2, "Unsupported forge"},
		{"bad poll interval is reported", "server { data_dir = \"/d\" }\nstack \"a\" {\n  repo = \"x\"\n  poll_interval = \"soon\"\n}", 4, "Invalid poll_interval"},
		{"too short poll interval is reported", "server { data_dir = \"/d\" }\nstack \"a\" {\n  repo = \"x\"\n  poll_interval = \"1ms\"\n}", 4, "Invalid poll_interval"},
		{"duplicate stack is reported at the second", "server { data_dir = \"/d\" }\nstack \"a\" { repo = \"x\" }\nstack \"a\" { repo = \"y\" }", 3, "Duplicate stack"},
		{"path escaping the repository is refused", "server { data_dir = \"/d\" }\nstack \"a\" {\n  repo = \"x\"\n  path = \"../etc\"\n}", 4, "Invalid path"},
		{"stack naming an unconfigured forge is refused", "server { data_dir = \"/d\" }\nstack \"a\" {\n  repo = \"x\"\n  forge = \"gitlab\"\n}", 4, "Unknown forge"},
		{"bad stack name is refused", "server { data_dir = \"/d\" }\nstack \"a b\" { repo = \"x\" }", 2, "Invalid stack name"},
		{"vars must be an object", "server { data_dir = \"/d\" }\nstack \"a\" {\n  repo = \"x\"\n  vars = [1]\n}", 4, "Invalid vars"},
		{"bad public url is refused", "server {\n  data_dir = \"/d\"\n  public_url = \"example.com\"\n}", 3, "Invalid public_url"},
		{"notify without url is refused", "server { data_dir = \"/d\" }\nnotify \"webhook\" {\n}", 2, "Missing webhook URL"},
		{"negative history limit is refused", "server {\n  data_dir = \"/d\"\n  history_limit = -1\n}", 3, "Invalid history_limit"},
		{"a certificate without its key is refused", "server {\n  data_dir = \"/d\"\n  tls_cert_file = \"c.pem\"\n}", 3, "Incomplete TLS settings"},
		{"a key without its certificate is refused", "server {\n  data_dir = \"/d\"\n  tls_key_file = \"k.pem\"\n}", 3, "Incomplete TLS settings"},
		{"a URL in allowed_hosts is refused", "server {\n  data_dir = \"/d\"\n  allowed_hosts = [\"https://x.example\"]\n}", 3, "Invalid allowed_hosts"},
		{"a bad port in allowed_hosts is refused", "server {\n  data_dir = \"/d\"\n  allowed_hosts = [\"x.example:\"]\n}", 3, "Invalid allowed_hosts"},
		{"an unknown OIDC role is refused", "server { data_dir = \"/d\" }\noidc {\n  issuer = \"https://id.example\"\n  client_id = \"c\"\n  client_secret_env = \"TOK\"\n  roles = { devs = \"write\" }\n}", 6, "Invalid role"},
		{"OIDC without roles is refused", "server { data_dir = \"/d\" }\noidc {\n  issuer = \"https://id.example\"\n  client_id = \"c\"\n  client_secret_env = \"TOK\"\n}", 2, "No roles"},
		{"an unset OIDC secret is reported", "server { data_dir = \"/d\" }\noidc {\n  issuer = \"https://id.example\"\n  client_id = \"c\"\n  client_secret_env = \"NOPE\"\n  default_role = \"read\"\n}", 5, "Missing environment variable"},
		{"unknown apply requirement is refused", "server { data_dir = \"/d\" }\nstack \"a\" {\n  repo = \"x\"\n  apply_requirements = [\"approved\", \"green\"]\n}", 4, "Unknown apply requirement"},
		{"an unknown refresh setting is refused", "server { data_dir = \"/d\" }\nstack \"a\" {\n  repo = \"x\"\n  refresh = \"some\"\n}", 4, "Invalid refresh setting"},
		{"syntax error is located", "server {\n  data_dir = \n}", 2, "Invalid expression"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, diags := Parse([]byte(tt.src), "agent.hcl", Options{Getenv: env(map[string]string{"TOK": "t"})})
			if cfg != nil {
				t.Fatalf("config returned despite errors")
			}
			for _, d := range diags {
				if d.Summary == tt.summary && d.Subject != nil && d.Subject.Start.Line == tt.line && d.Subject.Filename == "agent.hcl" {
					return
				}
			}
			t.Errorf("want %q at line %d, got: %s", tt.summary, tt.line, diags.Error())
		})
	}
}

func TestIgnoreRulesAreChecked(t *testing.T) {
	src := "server { data_dir = \"/d\" }\nstack \"a\" {\n  repo = \"x\"\n  drift {\n    schedule = \"*/5 * * * *\"\n    ignore = [\"ok\", \"bad[\"]\n  }\n}"
	check := func(r string) error {
		if strings.Contains(r, "[") {
			return errBad
		}
		return nil
	}
	_, _, diags := Parse([]byte(src), "agent.hcl", Options{CheckIgnore: check})
	if len(diags) != 1 || diags[0].Summary != "Invalid drift ignore rule" || diags[0].Subject.Start.Line != 6 {
		t.Fatalf("diags = %s", diags.Error())
	}
}

var errBad = errString("unbalanced bracket")

type errString string

func (e errString) Error() string { return string(e) }

func TestSecretsNeverFormat(t *testing.T) {
	s := Secret("hunter2")
	for _, out := range []string{s.String(), s.GoString(), fmtAll(s)} {
		if strings.Contains(out, "hunter2") {
			t.Errorf("secret leaked: %q", out)
		}
	}
}

func TestRepoFullName(t *testing.T) {
	tests := map[string]string{
		"https://github.com/acme/infra.git":    "acme/infra",
		"git@gitlab.com:group/sub/infra.git":   "group/sub/infra",
		"ssh://git@github.com/acme/infra/":     "acme/infra",
		"file:///tmp/repo":                     "",
		"/tmp/repo":                            "",
		"https://ghe.example.com/org/repo.git": "org/repo",
	}
	for in, want := range tests {
		if got := RepoFullName(in); got != want {
			t.Errorf("RepoFullName(%q) = %q, want %q", in, got, want)
		}
	}
}

func fmtAll(s Secret) string {
	return fmt.Sprintf("%v %s %+v %#v %q", s, s, s, s, s)
}

func TestHistoryLimitZeroKeepsEverything(t *testing.T) {
	cfg, _, diags := Parse([]byte("server {\n  data_dir = \"/d\"\n  history_limit = 0\n}"), "a.hcl", Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	if cfg.Server.HistoryLimit != 0 {
		t.Errorf("history_limit = 0 gave %d, want 0 (unlimited), not the default", cfg.Server.HistoryLimit)
	}
}
