package plugin

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/trueup/trueup/schema"
	"github.com/zclconf/go-cty/cty"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Provider is one plugin process serving the engine. Its methods are safe
// for concurrent use: calls run concurrently on the one process.
type Provider struct {
	meta Meta
	// red redacts the plugin's logs (see redactor).
	red *redactor

	mu      sync.Mutex
	proc    *process
	schemas *schemas
	closed  bool
}

var _ schema.Provider = (*Provider)(nil)

func newProvider(m Meta) *Provider { return &Provider{meta: m, red: newRedactor()} }

// GetSchema returns the provider's schemas, from the disk cache when this
// provider version's schemas were fetched before; otherwise it starts the
// process and asks it.
func (p *Provider) GetSchema(ctx context.Context) schema.GetSchemaResponse {
	s, diags := p.loadSchemas(ctx)
	if diags.HasErrors() {
		return schema.GetSchemaResponse{Diagnostics: diags}
	}
	return schema.GetSchemaResponse{Schema: s.provider, Diagnostics: diags}
}

func (p *Provider) loadSchemas(ctx context.Context) (*schemas, schema.Diagnostics) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.schemas != nil {
		return p.schemas, nil
	}
	if s := p.meta.loadCachedSchema(); s != nil {
		p.schemas = s
		return s, nil
	}
	proc, diags := p.startLocked()
	if diags.HasErrors() {
		return nil, diags
	}
	s, raw, ds, err := proc.conn.getSchema(ctx)
	if err != nil {
		return nil, p.callError(proc, "GetProviderSchema", "", err)
	}
	if ds.HasErrors() {
		return nil, ds
	}
	p.meta.storeSchema(proc.client.NegotiatedVersion(), raw)
	p.schemas = s
	return s, ds
}

// startLocked starts the process if it is not running; p.mu is held.
func (p *Provider) startLocked() (*process, schema.Diagnostics) {
	if p.closed {
		return nil, schema.Errorf(nil, "Provider closed", fmt.Sprintf("The plugin %s was already stopped.", p.meta.name()))
	}
	if p.proc != nil {
		return p.proc, nil
	}
	proc, err := startProcess(p.meta, p.red)
	if err != nil {
		return nil, schema.FromErr(err, fmt.Sprintf("Failed to start provider %s", p.meta.name()))
	}
	p.proc = proc
	return proc, nil
}

// connect returns the running process and the schemas, starting the
// process when needed. A provider without the capability
// get_provider_schema_optional is asked for its schema once per process
// first, as Terraform does.
func (p *Provider) connect(ctx context.Context) (*process, *schemas, schema.Diagnostics) {
	s, diags := p.loadSchemas(ctx)
	if diags.HasErrors() {
		return nil, nil, diags
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fresh := p.proc == nil
	proc, ds := p.startLocked()
	if ds.HasErrors() {
		return nil, nil, ds
	}
	if fresh && !s.optional {
		if _, _, ds, err := proc.conn.getSchema(ctx); err != nil {
			return nil, nil, p.callError(proc, "GetProviderSchema", "", err)
		} else if ds.HasErrors() {
			return nil, nil, ds
		}
	}
	return proc, s, nil
}

// callError turns a failed gRPC call into a diagnostic that names the
// provider, and when the process died, quotes its last output lines.
func (p *Provider) callError(proc *process, method, typeName string, err error) schema.Diagnostics {
	what := method
	if typeName != "" {
		what += " for " + typeName
	}
	code := status.Code(err)
	if code == codes.Unavailable {
		// The connection may break a moment before the process is gone
		// and its last output read: wait for both, briefly, so that the
		// report quotes the crash.
		waitExited(proc, 2*time.Second)
	}
	if proc.client.Exited() || code == codes.Unavailable {
		return schema.Errorf(nil, "Plugin did not respond", fmt.Sprintf(
			"The plugin %s exited unexpectedly during %s (%s). This is a bug in the provider; report it to its authors.%s",
			p.meta.name(), what, p.meta.Executable, proc.tail.suffix()))
	}
	return schema.Errorf(nil, "Plugin call failed", fmt.Sprintf("The plugin %s failed %s: %v", p.meta.name(), what, err))
}

// Stop asks the plugin to end its calls in flight (StopProvider).
func (p *Provider) Stop(ctx context.Context) error {
	p.mu.Lock()
	proc := p.proc
	p.mu.Unlock()
	if proc == nil || proc.client.Exited() {
		return nil
	}
	return proc.conn.stop(ctx)
}

// Close ends the plugin process; calls after Close fail.
func (p *Provider) Close() error {
	p.mu.Lock()
	proc := p.proc
	p.proc, p.closed = nil, true
	p.mu.Unlock()
	if proc != nil {
		proc.client.Kill()
	}
	return nil
}

// Exited reports whether the plugin process was started and has ended.
func (p *Provider) Exited() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.proc != nil && p.proc.client.Exited()
}

// GetFunctions returns the provider-defined functions.
func (p *Provider) GetFunctions(ctx context.Context) schema.GetFunctionsResponse {
	s, diags := p.loadSchemas(ctx)
	if diags.HasErrors() {
		return schema.GetFunctionsResponse{Diagnostics: diags}
	}
	return schema.GetFunctionsResponse{Functions: s.functions}
}

// CallFunction calls a provider-defined function in the plugin.
func (p *Provider) CallFunction(ctx context.Context, req schema.CallFunctionRequest) schema.CallFunctionResponse {
	proc, s, diags := p.connect(ctx)
	if diags.HasErrors() {
		return schema.CallFunctionResponse{Err: diags.Err(), Argument: -1}
	}
	f, ok := s.functions[req.Name]
	if !ok {
		return schema.CallFunctionResponse{Err: fmt.Errorf("the provider %s has no function %q", p.meta.name(), req.Name), Argument: -1}
	}
	resp, err := proc.conn.callFunction(ctx, f, req)
	if err != nil {
		return schema.CallFunctionResponse{Err: p.callError(proc, "CallFunction", req.Name, err).Err(), Argument: -1}
	}
	if resp.Result == cty.NilVal && resp.Err == nil {
		resp.Err = errors.New("the function returned no value")
	}
	return resp
}

// waitExited waits up to limit for proc's process to exit, then a moment
// for its last output to be copied.
func waitExited(proc *process, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for !proc.client.Exited() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
}
