package sandbox_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/trueup/trueup/engine/sandbox"
)

func TestMainPrintsExportsServesAndStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := sandbox.Main(ctx, sandbox.Options{DataDir: t.TempDir()}, pw)
		pw.CloseWithError(err)
		done <- err
	}()

	env := map[string]string{}
	line := regexp.MustCompile(`^export ([A-Z_0-9]+)=(\S+)$`)
	sc := bufio.NewScanner(pr)
	for len(env) < 5 && sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			t.Fatalf("output line %q is not an export line", sc.Text())
		}
		env[m[1]] = m[2]
	}
	for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "STORAGE_EMULATOR_HOST"} {
		if env[k] == "" {
			t.Errorf("Main printed no %s (got %v)", k, env)
		}
	}
	assertServes(t, env["AWS_ENDPOINT_URL"]+"/")
	assertServes(t, "http://"+env["STORAGE_EMULATOR_HOST"]+"/storage/v1/b")

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Main after cancel = %v, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Main did not return after its context was cancelled")
	}
	if _, err := http.Get(env["AWS_ENDPOINT_URL"] + "/"); err == nil {
		t.Error("S3 endpoint still answers after Main returned")
	}
}

func TestShellQuotingOfExportLines(t *testing.T) {
	// Env values are URLs and fixed words today; a value with spaces or
	// quotes must still come out as one shell word.
	var b strings.Builder
	if err := sandbox.PrintExports(&b, []string{"A=plain", "B=two words", "C=it's"}); err != nil {
		t.Fatal(err)
	}
	want := "export A=plain\nexport B='two words'\nexport C='it'\\''s'\n"
	if b.String() != want {
		t.Errorf("export lines:\n%s\nwant:\n%s", b.String(), want)
	}
}

// assertServes fails unless url answers an HTTP request below 500.
func assertServes(t *testing.T, url string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		t.Fatalf("GET %s: HTTP %d", url, resp.StatusCode)
	}
}
