package main

// Helpers of the cloud end-to-end tests: the emulators they run against
// (moto_server and the Pub/Sub emulator as subprocesses, fake-gcs-server
// in-process) and the independent clients (aws, gcloud) that check what
// trueup did. Missing tools fail the test with the command that installs
// them: these tests never skip.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fsouza/fake-gcs-server/fakestorage"
)

// toolTimeout bounds one run of an independent client.
const toolTimeout = 90 * time.Second

// requireTools fails the test when a program it needs is not on PATH.
func requireTools(t *testing.T, names ...string) {
	t.Helper()
	for _, name := range names {
		if _, err := exec.LookPath(name); err != nil {
			t.Fatalf("%s is not on PATH; run scripts/test-deps.sh (make test-deps) to install it", name)
		}
	}
}

// wantText fails the test unless text (what a client printed about what)
// contains each of subs, compared with whitespace collapsed.
func wantText(t *testing.T, what, text string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(flat(text), flat(sub)) {
			t.Errorf("%s lacks %q:\n%s", what, sub, text)
		}
	}
}

// freeLoopbackPort returns a TCP port that was free on 127.0.0.1.
func freeLoopbackPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// lockedBuffer collects a subprocess's output for error messages.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// emulatorProcess is an emulator subprocess in its own process group
// (gcloud starts python, which starts java: stopping must reach them all).
type emulatorProcess struct {
	cmd  *exec.Cmd
	logs *lockedBuffer
	done chan error
}

// startEmulator runs name with args(port) on a free port and waits until
// GET http://127.0.0.1:PORT+readyPath answers below 500. It tries three
// ports (another process may take a free port first) and stops the
// process when the test ends. It returns the port.
func startEmulator(t *testing.T, limit time.Duration, readyPath, name string, args func(port int) []string, env ...string) int {
	t.Helper()
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port := freeLoopbackPort(t)
		p := &emulatorProcess{logs: &lockedBuffer{}, done: make(chan error, 1)}
		p.cmd = exec.Command(name, args(port)...)
		p.cmd.Env = append(os.Environ(), env...)
		p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
		p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := p.cmd.Start(); err != nil {
			t.Fatalf("starting %s: %v", name, err)
		}
		go func() { p.done <- p.cmd.Wait() }()
		lastErr = p.waitReady("http://127.0.0.1:"+strconv.Itoa(port)+readyPath, limit)
		if lastErr == nil {
			t.Cleanup(p.stop)
			return port
		}
		p.stop()
	}
	t.Fatalf("%s did not start: %v", name, lastErr)
	return 0
}

func (p *emulatorProcess) waitReady(url string, limit time.Duration) error {
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case err := <-p.done:
			p.done <- err
			return fmt.Errorf("exited before answering (%v); output:\n%s", err, p.logs.String())
		default:
		}
		if resp, err := client.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode < 500 {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("no answer on %s within %s; output:\n%s", url, limit, p.logs.String())
}

// stop signals the whole process group, then kills what is left.
func (p *emulatorProcess) stop() {
	pgid := p.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case err := <-p.done:
		p.done <- err
	case <-time.After(10 * time.Second):
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	err := <-p.done
	p.done <- err
}

// startMoto starts moto_server for one test and returns its URL.
func startMoto(t *testing.T) string {
	t.Helper()
	port := startEmulator(t, 60*time.Second, "/moto-api/", "moto_server", func(port int) []string {
		return []string{"-H", "127.0.0.1", "-p", strconv.Itoa(port)}
	})
	return "http://127.0.0.1:" + strconv.Itoa(port)
}

// startPubsubEmulator starts Google's Pub/Sub emulator for one test and
// returns its host:port, the form of PUBSUB_EMULATOR_HOST.
func startPubsubEmulator(t *testing.T) string {
	t.Helper()
	port := startEmulator(t, 90*time.Second, "/", "gcloud", func(port int) []string {
		return []string{"beta", "emulators", "pubsub", "start", "--host-port=127.0.0.1:" + strconv.Itoa(port), "--quiet"}
	}, "CLOUDSDK_CONFIG="+t.TempDir())
	return "127.0.0.1:" + strconv.Itoa(port)
}

// cliTool runs an independent command-line client with a fixed
// environment on top of the test's own.
type cliTool struct {
	t    *testing.T
	name string
	args []string // put before every command's own arguments
	env  []string
	// drop is the prefix of the caller's variables the client must not
	// see (AWS_, CLOUDSDK_): env alone configures it.
	drop string
}

// run runs the client and returns its stdout; the test fails when it
// exits non-zero.
func (c cliTool) run(args ...string) string {
	c.t.Helper()
	out, errOut, err := c.exec(args...)
	if err != nil {
		c.t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", c.name, strings.Join(args, " "), err, out, errOut)
	}
	return out
}

// fails runs the client and returns its stderr; the test fails unless it
// exits non-zero.
func (c cliTool) fails(args ...string) string {
	c.t.Helper()
	out, errOut, err := c.exec(args...)
	if err == nil {
		c.t.Fatalf("%s %s succeeded, want a failure; stdout:\n%s", c.name, strings.Join(args, " "), out)
	}
	return errOut
}

// json runs the client and decodes its stdout into v.
func (c cliTool) json(v any, args ...string) {
	c.t.Helper()
	out := c.run(args...)
	if strings.TrimSpace(out) == "" {
		out = "null"
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		c.t.Fatalf("%s %s: decoding its output: %v\n%s", c.name, strings.Join(args, " "), err, out)
	}
}

func (c cliTool) exec(args ...string) (string, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), toolTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.name, append(append([]string{}, c.args...), args...)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, c.drop) {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, c.env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		c.t.Fatalf("%s %s did not finish within %s", c.name, strings.Join(args, " "), toolTimeout)
	}
	return stdout.String(), stderr.String(), err
}

// awsCLI is the aws command line (awscli) pointed at moto with dummy
// credentials, and no shared configuration of the machine.
func awsCLI(t *testing.T, endpoint string) cliTool {
	none := t.TempDir() + "/none"
	return cliTool{t: t, name: "aws", drop: "AWS_", args: []string{"--endpoint-url", endpoint, "--output", "json"}, env: []string{
		"AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=" + none, "AWS_SHARED_CREDENTIALS_FILE=" + none,
	}}
}

// gcloudCLI is gcloud pointed at the storage and Pub/Sub emulators without
// credentials, with a configuration directory of its own.
func gcloudCLI(t *testing.T, storageHost, pubsubHost, project string) cliTool {
	return cliTool{t: t, name: "gcloud", drop: "CLOUDSDK_", args: []string{"--quiet"}, env: []string{
		"CLOUDSDK_CONFIG=" + t.TempDir(),
		"CLOUDSDK_API_ENDPOINT_OVERRIDES_STORAGE=http://" + storageHost + "/",
		"CLOUDSDK_API_ENDPOINT_OVERRIDES_PUBSUB=http://" + pubsubHost + "/",
		"CLOUDSDK_AUTH_DISABLE_CREDENTIALS=true",
		"CLOUDSDK_CORE_PROJECT=" + project,
		"CLOUDSDK_CORE_DISABLE_PROMPTS=1",
	}}
}

// outputs returns the stack's outputs (trueup output -json) by name.
func (s *stack) outputs() map[string]any {
	s.t.Helper()
	r := s.must(0, "output", "-json")
	var outs map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &outs); err != nil {
		s.t.Fatalf("decoding trueup output -json: %v\n%s", err, r.stdout)
	}
	values := make(map[string]any, len(outs))
	for name, o := range outs {
		values[name] = o.Value
	}
	return values
}

// keptBucketFields are the bucket fields fake-gcs-server drops and Cloud
// Storage keeps.
var keptBucketFields = []string{"labels", "lifecycle", "iamConfiguration"}

// startGCS starts fake-gcs-server in-process on a loopback listener,
// behind bucketFieldKeeper, and returns its host:port (the form of
// STORAGE_EMULATOR_HOST). Buckets report location US-CENTRAL1.
func startGCS(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listening for fake-gcs-server: %v", err)
	}
	host := ln.Addr().String()
	fake, err := fakestorage.NewServerWithOptions(fakestorage.Options{
		NoListener: true, Scheme: "http", PublicHost: host, ExternalURL: "http://" + host,
		BucketsLocation: "US-CENTRAL1", Writer: io.Discard,
	})
	if err != nil {
		_ = ln.Close()
		t.Fatalf("starting fake-gcs-server: %v", err)
	}
	srv := &http.Server{Handler: &bucketFieldKeeper{next: fake.HTTPHandler(), kept: map[string]map[string]json.RawMessage{}}}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() {
		_ = srv.Close()
		fake.Stop()
	})
	return host
}

// bucketFieldKeeper stands in front of fake-gcs-server and keeps, per
// bucket, the fields of keptBucketFields that clients last wrote, adding
// them to the bucket resources it returns, as Cloud Storage does. Without
// it every plan after an apply would show labels, lifecycle rules and
// uniform bucket-level access as changes. It proves nothing about them:
// drift tests use what fake-gcs-server really stores (versioning, object
// data).
type bucketFieldKeeper struct {
	next http.Handler
	mu   sync.Mutex
	kept map[string]map[string]json.RawMessage
}

func (k *bucketFieldKeeper) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/storage/v1/b")
	if !ok || strings.Contains(strings.TrimPrefix(rest, "/"), "/") {
		k.next.ServeHTTP(w, r) // objects, uploads, downloads
		return
	}
	bucket := strings.TrimPrefix(rest, "/")
	var sent map[string]json.RawMessage
	if r.Body != nil && (r.Method == http.MethodPost || r.Method == http.MethodPatch || r.Method == http.MethodPut) {
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &sent)
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
	}
	rec := httptest.NewRecorder()
	k.next.ServeHTTP(rec, r)
	resp := rec.Result()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode < 300 {
		body = k.update(r.Method, bucket, sent, body)
	}
	for name, values := range resp.Header {
		if name != "Content-Length" {
			w.Header()[name] = values
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(body)
}

// update records what a successful request wrote and returns the response
// body with the kept fields added.
func (k *bucketFieldKeeper) update(method, bucket string, sent map[string]json.RawMessage, body []byte) []byte {
	k.mu.Lock()
	defer k.mu.Unlock()
	if method == http.MethodPost && bucket == "" {
		var name string
		_ = json.Unmarshal(sent["name"], &name)
		bucket, k.kept[name] = name, map[string]json.RawMessage{}
	}
	if method == http.MethodDelete {
		delete(k.kept, bucket)
		return body
	}
	kept := k.kept[bucket]
	for _, f := range keptBucketFields {
		v, ok := sent[f]
		switch {
		case !ok || kept == nil:
		case string(v) == "null":
			delete(kept, f)
		case f == "labels" && method == http.MethodPatch:
			kept[f] = patchLabels(kept[f], v)
		default:
			kept[f] = v
		}
	}
	var doc map[string]json.RawMessage
	if json.Unmarshal(body, &doc) != nil {
		return body
	}
	if items, ok := doc["items"]; ok && bucket == "" { // a bucket list
		var list []map[string]json.RawMessage
		if json.Unmarshal(items, &list) != nil {
			return body
		}
		for _, b := range list {
			var name string
			_ = json.Unmarshal(b["name"], &name)
			k.addKept(b, name)
		}
		doc["items"], _ = json.Marshal(list)
	} else {
		k.addKept(doc, bucket)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return body
	}
	return out
}

func (k *bucketFieldKeeper) addKept(doc map[string]json.RawMessage, bucket string) {
	for f, v := range k.kept[bucket] {
		doc[f] = v
	}
}

// patchLabels applies a PATCH of labels: named keys are set, keys set to
// null are removed, others stay.
func patchLabels(old, patch json.RawMessage) json.RawMessage {
	labels := map[string]*string{}
	_ = json.Unmarshal(old, &labels)
	var changes map[string]*string
	_ = json.Unmarshal(patch, &changes)
	for key, v := range changes {
		if v == nil {
			delete(labels, key)
		} else {
			labels[key] = v
		}
	}
	out, _ := json.Marshal(labels)
	return out
}
