package browsertest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// elementKey is the W3C WebDriver key of element references.
const elementKey = "element-6066-11e4-a52e-4f735466cecf"

// Browser is a headless Chromium session.
type Browser struct {
	t       *testing.T
	base    string
	session string
	client  *http.Client
}

// Element is an element of the current page.
type Element struct {
	b  *Browser
	id string
}

// Start launches chromedriver on a free loopback port and opens a headless
// Chromium session; both end with the test.
func Start(t *testing.T) *Browser {
	t.Helper()
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium is not installed (apt-get install chromium chromium-driver; make test does it): %v", err)
	}
	driver, err := exec.LookPath("chromedriver")
	if err != nil {
		t.Fatalf("chromedriver is not installed (apt-get install chromium-driver; make test does it): %v", err)
	}
	port := freePort(t)
	cmd := exec.Command(driver, "--port="+strconv.Itoa(port), "--allowed-ips=127.0.0.1")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting chromedriver: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })

	b := &Browser{t: t, base: fmt.Sprintf("http://127.0.0.1:%d", port), client: &http.Client{Timeout: 60 * time.Second}}
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := b.client.Get(b.base + "/status")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("chromedriver did not answer on %s: %v", b.base, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	profile := t.TempDir()
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "chrome",
		"goog:chromeOptions": map[string]any{
			"binary": chrome,
			"args": []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile},
		},
	}}}
	var created struct {
		SessionID string `json:"sessionId"`
	}
	b.call("POST", "/session", caps, &created)
	if created.SessionID == "" {
		t.Fatal("chromedriver returned no session")
	}
	b.session = created.SessionID
	t.Cleanup(func() { b.do("DELETE", "/session/"+b.session, nil, nil) })
	return b
}

// For returns the session reporting to t, for a subtest that shares its
// parent's browser: failures then end the subtest, not the parent.
func (b *Browser) For(t *testing.T) *Browser {
	c := *b
	c.t = t
	return &c
}

// Open navigates to url and waits for the page to load.
func (b *Browser) Open(url string) {
	b.t.Helper()
	b.call("POST", b.path("/url"), map[string]any{"url": url}, nil)
}

// Title returns the page title.
func (b *Browser) Title() string {
	var title string
	b.call("GET", b.path("/title"), nil, &title)
	return title
}

// FindAll returns the elements matching a CSS selector.
func (b *Browser) FindAll(css string) []Element {
	b.t.Helper()
	var refs []map[string]string
	b.call("POST", b.path("/elements"), map[string]any{"using": "css selector", "value": css}, &refs)
	out := make([]Element, 0, len(refs))
	for _, r := range refs {
		out = append(out, Element{b: b, id: r[elementKey]})
	}
	return out
}

// Find returns the first element matching a CSS selector, failing the test
// when there is none.
func (b *Browser) Find(css string) Element {
	b.t.Helper()
	els := b.FindAll(css)
	if len(els) == 0 {
		b.t.Fatalf("no element matches %q on the page", css)
	}
	return els[0]
}

// Text returns an element's visible text.
func (e Element) Text() string {
	var s string
	e.b.call("GET", e.b.path("/element/"+e.id+"/text"), nil, &s)
	return s
}

// Attr returns an element's attribute.
func (e Element) Attr(name string) string {
	var s *string
	e.b.call("GET", e.b.path("/element/"+e.id+"/attribute/"+name), nil, &s)
	if s == nil {
		return ""
	}
	return *s
}

// Click clicks an element.
func (e Element) Click() {
	e.b.call("POST", e.b.path("/element/"+e.id+"/click"), map[string]any{}, nil)
}

// Hover moves the mouse pointer over the middle of an element, as a
// person pointing at it does (mouseenter and mouseover fire).
func (e Element) Hover() {
	e.b.t.Helper()
	origin := map[string]string{elementKey: e.id}
	e.b.call("POST", e.b.path("/actions"), map[string]any{"actions": []any{map[string]any{
		"type": "pointer", "id": "mouse", "parameters": map[string]string{"pointerType": "mouse"},
		"actions": []any{map[string]any{"type": "pointerMove", "duration": 0, "origin": origin, "x": 0, "y": 0}},
	}}}, nil)
}

// Script runs JavaScript in the page and returns its result decoded from
// JSON into out (nil to drop it); arguments are available as arguments[i].
func (b *Browser) Script(script string, out any, args ...any) {
	b.t.Helper()
	if args == nil {
		args = []any{}
	}
	b.call("POST", b.path("/execute/sync"), map[string]any{"script": script, "args": args}, out)
}

// Type types text into an element (an input).
func (e Element) Type(text string) {
	e.b.call("POST", e.b.path("/element/"+e.id+"/value"), map[string]any{"text": text}, nil)
}

// URL returns the current page's URL.
func (b *Browser) URL() string {
	var s string
	b.call("GET", b.path("/url"), nil, &s)
	return s
}

// Screenshot saves a PNG of the page to path.
func (b *Browser) Screenshot(path string) {
	b.t.Helper()
	var data string
	b.call("GET", b.path("/screenshot"), nil, &data)
	png, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		b.t.Fatalf("decoding the screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func (b *Browser) path(p string) string { return "/session/" + b.session + p }

// call performs a WebDriver command and fails the test on error.
func (b *Browser) call(method, path string, body, out any) {
	b.t.Helper()
	if err := b.do(method, path, body, out); err != nil {
		b.t.Fatalf("webdriver %s %s: %v", method, path, err)
	}
}

func (b *Browser) do(method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, b.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var envelope struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&envelope); err != nil {
		return fmt.Errorf("decoding the response (%s): %w", resp.Status, err)
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s: %s", resp.Status, envelope.Value)
	}
	if out != nil {
		return json.Unmarshal(envelope.Value, out)
	}
	return nil
}

func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
