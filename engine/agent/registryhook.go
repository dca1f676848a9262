package agent

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
)

// registryWebhookLimit bounds a registry notification's body.
const registryWebhookLimit = 1 << 20

// registryWebhook serves POST /hooks/registry: an artifact registry's
// push notification asks for a promotion pass now, instead of at the next
// poll. It is authenticated by the server's registry_webhook_secret, sent
// as `Authorization: Bearer SECRET` (a CNCF Distribution notification
// endpoint's headers, Harbor's auth header) or as an HMAC-SHA256 of the
// body in X-Hub-Signature-256 (GitHub's package events). The body is
// read for the repositories it names (Distribution's events[].target
// .repository, Harbor's event_data.repository.repo_full_name), which the
// reply and the log list; the pass itself checks every artifact, as a poll
// does, and runs in the background, so the registry gets 202 at once.
func (a *Agent) registryWebhook(w http.ResponseWriter, r *http.Request) {
	secret := a.conf().Server.RegistryWebhookSecret.Reveal()
	if secret == "" || a.arts == nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "registry webhooks are not configured: set registry_webhook_secret_env in the server block and declare artifacts"})
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, registryWebhookLimit+1))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "cannot read the body"})
		return
	}
	if len(body) > registryWebhookLimit {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": http.StatusText(http.StatusRequestEntityTooLarge)})
		return
	}
	if !registrySigned(r, body, secret) {
		a.log.Warn("registry webhook refused", "remote", r.RemoteAddr)
		w.Header().Set("WWW-Authenticate", `Bearer realm="trueup registry webhook"`)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": http.StatusText(http.StatusUnauthorized)})
		return
	}
	repos := notifiedRepositories(body)
	a.log.Info("registry webhook received", "repositories", strings.Join(repos, ","))
	select {
	case a.arts.checkNow <- struct{}{}:
	default: // a pass is already asked for
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"repositories": repos, "check": "queued"})
}

// registrySigned reports whether r carries the secret, as a bearer token or
// as an HMAC-SHA256 signature of body; both compared in constant time.
func registrySigned(r *http.Request, body []byte, secret string) bool {
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return subtle.ConstantTimeCompare([]byte(tok), []byte(secret)) == 1
	}
	sig, ok := strings.CutPrefix(r.Header.Get("X-Hub-Signature-256"), "sha256=")
	if !ok {
		return false
	}
	got, err := hex.DecodeString(sig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

// notifiedRepositories returns the repositories a registry notification
// names (pushes only), sorted; none for a body in another format.
func notifiedRepositories(body []byte) []string {
	var doc struct {
		Events []struct {
			Action string `json:"action"`
			Target struct {
				Repository string `json:"repository"`
			} `json:"target"`
		} `json:"events"`
		EventData struct {
			Repository struct {
				FullName string `json:"repo_full_name"`
			} `json:"repository"`
		} `json:"event_data"`
	}
	if json.Unmarshal(body, &doc) != nil {
		return []string{}
	}
	repos := []string{}
	for _, ev := range doc.Events {
		if ev.Action == "push" && ev.Target.Repository != "" && !slices.Contains(repos, ev.Target.Repository) {
			repos = append(repos, ev.Target.Repository)
		}
	}
	if name := doc.EventData.Repository.FullName; name != "" && !slices.Contains(repos, name) {
		repos = append(repos, name)
	}
	slices.Sort(repos)
	return repos
}
