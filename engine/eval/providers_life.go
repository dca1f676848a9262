package eval

import (
	"context"
	"errors"
	"sync"

	"github.com/trueup/trueup/schema"
)

// life tracks every provider instance an operation made, so that plugin
// processes end with the operation: Close stops them all.
type life struct {
	mu      sync.Mutex
	all     []schema.Provider
	spare   map[string]schema.Provider
	watched bool
}

// track records an instance to close.
func (p *Providers) track(inst schema.Provider) {
	p.life.mu.Lock()
	p.life.all = append(p.life.all, inst)
	p.life.mu.Unlock()
}

// keepSpare keeps the instance that answered GetSchema for the first
// configuration of that provider, so that a plugin whose schema was not
// cached does not start a second process. p.mu is held.
func (p *Providers) keepSpare(name string, inst schema.Provider) {
	p.life.mu.Lock()
	defer p.life.mu.Unlock()
	if p.life.spare == nil {
		p.life.spare = map[string]schema.Provider{}
	}
	if _, ok := p.life.spare[name]; ok {
		p.life.all = append(p.life.all, inst)
		return
	}
	p.life.spare[name] = inst
}

func (p *Providers) takeSpare(name string) schema.Provider {
	p.life.mu.Lock()
	defer p.life.mu.Unlock()
	inst := p.life.spare[name]
	delete(p.life.spare, name)
	return inst
}

// stopOnCancel asks every provider to stop its calls in flight
// (StopProvider) when ctx, the operation's context, is cancelled.
func (p *Providers) stopOnCancel(ctx context.Context) {
	p.life.mu.Lock()
	defer p.life.mu.Unlock()
	if p.life.watched {
		return
	}
	p.life.watched = true
	context.AfterFunc(ctx, func() {
		p.life.mu.Lock()
		all := append([]schema.Provider(nil), p.life.all...)
		p.life.mu.Unlock()
		for _, inst := range all {
			_ = inst.Stop(context.WithoutCancel(ctx))
		}
	})
}

// Close closes every provider instance of the operation (ending plugin
// processes). The Providers must not be used afterwards. Every owner of a
// Providers calls it, typically deferred right after NewProviders.
func (p *Providers) Close() error {
	p.life.mu.Lock()
	all := p.life.all
	for _, inst := range p.life.spare {
		all = append(all, inst)
	}
	p.life.all, p.life.spare = nil, nil
	p.life.mu.Unlock()
	var errs []error
	for _, inst := range all {
		errs = append(errs, inst.Close())
	}
	return errors.Join(errs...)
}
