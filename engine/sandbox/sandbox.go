package sandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
)

// Credentials and region the sandbox tells SDKs to use. The emulators do
// not check signatures, so these are placeholders, not secrets.
const (
	AccessKeyID     = "sandbox"
	SecretAccessKey = "sandbox-secret"
	Region          = "us-east-1"
)

// Options configures a Sandbox.
type Options struct {
	// Addr is the HOST:PORT of the S3 endpoint; the default is
	// "127.0.0.1:0". The GCS endpoint listens on the same host, on the
	// next port (PORT+1), and Pub/Sub (gRPC) on PORT+2, or each on another
	// free port when PORT is 0. Separate ports, because the Google client
	// reads objects at /BUCKET/OBJECT, which on one port could not be told
	// from an S3 request.
	Addr string
	// DataDir, when set, makes the sandbox persistent: S3 objects are kept
	// in DataDir/s3.db and GCS objects under DataDir/gcs, and survive a
	// restart with the same DataDir. Persistent stores do not support
	// object versioning. When empty, data is kept in memory and versioning
	// works.
	DataDir string
	// Latency is added to every request before it is served.
	Latency time.Duration
	// FailRate is the fraction (0 to 1) of requests answered with a
	// throttling or 5xx error in the service's own format, before they
	// reach the emulator, so that clients may retry them safely.
	FailRate float64
	// Faults are the other faults injected (throttling with Retry-After,
	// dropped connections, slow responses, a seed); Latency and FailRate
	// above are shorthands for its fields of the same names.
	// Sandbox.SetFaults changes them while the sandbox runs.
	Faults Faults
	// CreateDelay keeps each bucket created through either endpoint
	// invisible (404 to every request naming it) for this long after its
	// creation, as S3 and GCS sometimes are: a fault that makes creates
	// slow, for timeout tests.
	CreateDelay time.Duration
	// Buckets are created in both emulators at start when missing.
	Buckets []string
	// Log receives the emulators' request logs and injected faults at
	// debug level; nil discards them.
	Log hclog.Logger
}

// Sandbox is a running pair of emulators.
type Sandbox struct {
	opts Options
	log  hclog.Logger
	s3   *s3Emulator
	gcs  *gcsEmulator
	// pubsub is the Pub/Sub endpoint (gRPC, in memory).
	pubsub *pubsubEmulator
	// servers are the S3 and the GCS endpoint, in that order.
	servers []*endpoint
	// faults are the faults both endpoints inject now.
	faults *faultSwitch

	closeOnce sync.Once
	closeErr  error
}

// endpoint is one HTTP server on its listener.
type endpoint struct {
	ln     net.Listener
	srv    *http.Server
	served chan error

	mu sync.Mutex
	// unused are the connections that have not begun a request: a
	// client's HTTP transport dials one for a request that another
	// connection then serves, and keeps it. Shutdown waits 5 s before it
	// deems such a connection idle; Close closes them at once.
	unused map[net.Conn]struct{}
}

// connState tracks e.unused.
func (e *endpoint) connState(c net.Conn, st http.ConnState) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if st == http.StateNew {
		e.unused[c] = struct{}{}
	} else {
		delete(e.unused, c)
	}
}

// closeUnused closes the connections that have not begun a request.
func (e *endpoint) closeUnused() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for c := range e.unused {
		_ = c.Close()
	}
}

// Start starts the emulators and returns once they accept connections.
// ctx bounds the start only; the sandbox runs until Close.
func Start(ctx context.Context, opts Options) (*Sandbox, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.Faults.Latency == 0 {
		opts.Faults.Latency = opts.Latency
	}
	if opts.Faults.FailRate == 0 {
		opts.Faults.FailRate = opts.FailRate
	}
	if err := opts.Faults.check(); err != nil {
		return nil, err
	}
	if opts.CreateDelay < 0 {
		return nil, fmt.Errorf("sandbox: create delay %v is negative", opts.CreateDelay)
	}
	log := opts.Log
	if log == nil {
		log = hclog.NewNullLogger()
	}
	sb := &Sandbox{opts: opts, log: log}
	s3ln, gcsln, err := listenPair(ctx, opts.Addr)
	if err != nil {
		return nil, err
	}
	err = sb.startEmulators(gcsln.Addr().String())
	if err == nil {
		sb.pubsub, err = newPubsubEmulator(s3ln.Addr().(*net.TCPAddr).IP.String(), requestedPort(opts.Addr))
	}
	if err != nil {
		_ = s3ln.Close()
		_ = gcsln.Close()
		sb.closeEmulators()
		return nil, err
	}
	sb.faults = newFaultSwitch(opts.Faults, log.Named("faults"))
	sb.servers = []*endpoint{
		sb.serve(s3ln, withRequestCounts(withSTS(withFaults(confineS3(withCreateDelay(sb.s3.handler, opts.CreateDelay, false)), sb.faults, false)), s3Operation)),
		sb.serve(gcsln, withRequestCounts(withFaults(confineGCS(withCreateDelay(sb.gcs.handler, opts.CreateDelay, true)), sb.faults, true), gcsOperation)),
	}
	log.Info("sandbox started", "s3", sb.S3URL(), "gcs", sb.GCSURL(), "pubsub", sb.PubsubHost(), "data", opts.DataDir)
	return sb, nil
}

// requestedPort is the port of addr (0 when unreadable; listenPair has
// checked it).
func requestedPort(addr string) int {
	_, p, _ := net.SplitHostPort(addr)
	port, _ := strconv.Atoi(p)
	return port
}

// listenPair listens on addr and on the next port of the same host (any
// free port when addr's port is 0).
func listenPair(ctx context.Context, addr string) (net.Listener, net.Listener, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, nil, fmt.Errorf("sandbox: address %q: %w", addr, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 0 || port > 65534 {
		return nil, nil, fmt.Errorf("sandbox: address %q: port must be a number from 0 to 65534", addr)
	}
	var lc net.ListenConfig
	s3ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("sandbox: S3 endpoint: %w", err)
	}
	gcsPort := "0"
	if port != 0 {
		gcsPort = strconv.Itoa(port + 1)
	}
	gcsln, err := lc.Listen(ctx, "tcp", net.JoinHostPort(host, gcsPort))
	if err != nil {
		_ = s3ln.Close()
		return nil, nil, fmt.Errorf("sandbox: GCS endpoint: %w", err)
	}
	return s3ln, gcsln, nil
}

// startEmulators opens the stores (persistent under DataDir, else in
// memory) and creates the requested buckets. gcsHost is the GCS
// endpoint's host:port, which fake-gcs-server must know to serve the
// path-style object reads of the Google client.
func (sb *Sandbox) startEmulators(gcsHost string) error {
	s3Path, gcsRoot := "", ""
	if sb.opts.DataDir != "" {
		if err := os.MkdirAll(sb.opts.DataDir, 0o700); err != nil {
			return fmt.Errorf("sandbox: data directory: %w", err)
		}
		s3Path = filepath.Join(sb.opts.DataDir, "s3.db")
		gcsRoot = filepath.Join(sb.opts.DataDir, "gcs")
	}
	var err error
	if sb.s3, err = newS3Emulator(s3Path, sb.log.Named("s3")); err != nil {
		return err
	}
	if sb.gcs, err = newGCSEmulator(gcsRoot, gcsHost, sb.log.Named("gcs")); err != nil {
		return err
	}
	for _, b := range sb.opts.Buckets {
		if reason := checkName(bucketName, b); reason != "" {
			return fmt.Errorf("sandbox: bucket name %q: the sandbox refuses a name that %s", b, reason)
		}
		if err := sb.s3.createBucket(b); err != nil {
			return err
		}
		if err := sb.gcs.createBucket(b); err != nil {
			return err
		}
	}
	return nil
}

// serve serves h on ln until Close.
func (sb *Sandbox) serve(ln net.Listener, h http.Handler) *endpoint {
	e := &endpoint{ln: ln, served: make(chan error, 1), unused: map[net.Conn]struct{}{}}
	e.srv = &http.Server{
		Handler:           h,
		ConnState:         e.connState,
		ReadHeaderTimeout: 30 * time.Second,
		ErrorLog:          sb.log.StandardLogger(&hclog.StandardLoggerOptions{ForceLevel: hclog.Debug}),
	}
	go func() { e.served <- e.srv.Serve(ln) }()
	return e
}

// S3URL returns the S3 endpoint URL (path-style requests), for
// AWS_ENDPOINT_URL or a backend's endpoints.s3.
func (sb *Sandbox) S3URL() string { return "http://" + sb.servers[0].ln.Addr().String() }

// GCSURL returns the GCS endpoint URL; STORAGE_EMULATOR_HOST is its
// host:port. The JSON API is at GCSURL()+"/storage/v1/".
func (sb *Sandbox) GCSURL() string { return "http://" + sb.gcsHost() }

// PubsubHost returns the Pub/Sub endpoint's host:port, the value of
// PUBSUB_EMULATOR_HOST.
func (sb *Sandbox) PubsubHost() string { return sb.pubsub.host() }

func (sb *Sandbox) gcsHost() string { return sb.servers[1].ln.Addr().String() }

// Env returns the environment that points the AWS and Google SDKs at the
// sandbox, as KEY=VALUE strings (usable as exec.Cmd.Env entries; Main
// prints them as export lines).
func (sb *Sandbox) Env() []string {
	return []string{
		"AWS_ENDPOINT_URL=" + sb.S3URL(),
		"AWS_ACCESS_KEY_ID=" + AccessKeyID,
		"AWS_SECRET_ACCESS_KEY=" + SecretAccessKey,
		"AWS_REGION=" + Region,
		"STORAGE_EMULATOR_HOST=" + sb.gcsHost(),
		"PUBSUB_EMULATOR_HOST=" + sb.PubsubHost(),
	}
}

// Close stops serving, waits for in-flight requests up to a few seconds,
// and closes the stores, so that a later Start with the same DataDir sees
// every write acknowledged before Close.
func (sb *Sandbox) Close() error {
	sb.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var errs []error
		for _, e := range sb.servers {
			e.srv.RegisterOnShutdown(e.closeUnused)
			if err := e.srv.Shutdown(ctx); err != nil {
				errs = append(errs, err, e.srv.Close())
			}
			if err := <-e.served; err != nil && !errors.Is(err, http.ErrServerClosed) {
				errs = append(errs, err)
			}
		}
		errs = append(errs, sb.closeEmulators())
		sb.closeErr = errors.Join(errs...)
		sb.log.Info("sandbox stopped")
	})
	return sb.closeErr
}

func (sb *Sandbox) closeEmulators() error {
	var err error
	if sb.pubsub != nil {
		err = sb.pubsub.close()
	}
	if sb.gcs != nil {
		sb.gcs.close()
	}
	if sb.s3 != nil {
		err = errors.Join(err, sb.s3.close())
	}
	return err
}
