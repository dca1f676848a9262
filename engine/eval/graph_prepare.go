package eval

import (
	"context"
	"runtime"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/addrs"
	"github.com/trueup/trueup/engine/config"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/internal/workers"
	"github.com/trueup/trueup/schema"
)

// Preparation says how BuildPreparedGraph prepares the bodies of the
// managed resources.
type Preparation struct {
	// Preparer prepares them (lang.Preparer.Prepare).
	Preparer *lang.Preparer
	// Release drops each parsed body that its prepared block no longer
	// needs (lang.PreparedBlock.Detach, config.Resource.ReleaseBody) as
	// soon as it is prepared: nothing may read Resource.Config of a
	// managed resource afterwards, only Resource.Body (which parses it
	// again) and Node.Prepared.
	Release bool
}

// BuildPreparedGraph is BuildGraph that first prepares the body of every
// managed resource whose provider knows its type (Node.Prepared), on as
// many goroutines as there are processors, and takes each body's
// references from its prepared block instead of deriving them again.
// With prep.Release, a large configuration's syntax trees are gone before
// the walk instead of each living until the walk reaches its resource
// (docs/performance.md, "Bodies prepared with the graph").
func BuildPreparedGraph(ctx context.Context, root *config.Config, provs *Providers, prep Preparation) (*ModuleGraph, hcl.Diagnostics) {
	provs.SetConfig(root)
	return buildGraph(ctx, root, provs, prepareBodies(ctx, root, provs, prep))
}

// prepareBodies prepares the managed resources' bodies of root's tree
// whose provider knows their type, and releases the parsed ones their
// prepared blocks no longer need when prep.Release says so.
func prepareBodies(ctx context.Context, root *config.Config, provs *Providers, prep Preparation) map[*config.Resource]*lang.PreparedBlock {
	type body struct {
		res   *config.Resource
		block *schema.Block
		pb    *lang.PreparedBlock
	}
	var bodies []body
	for _, c := range root.All() {
		for _, res := range AllResources(c.Module) {
			if res.Mode != addrs.ManagedResourceMode || res.IsBodyReleased() {
				continue
			}
			if rs, err := provs.ResourceSchema(ctx, moduleResourceKey(c, res), res.Addr()); err == nil && rs != nil {
				bodies = append(bodies, body{res: res, block: rs.Block})
			}
		}
	}
	// Each body is its resource's alone, and the Preparer is safe for
	// concurrent use, as in the walk that prepared them before.
	workers.Each(len(bodies), min(runtime.GOMAXPROCS(0), len(bodies)/64+1), func(i int) bool {
		b := &bodies[i]
		b.pb = prep.Preparer.Prepare(b.res.Config, b.block)
		if prep.Release && b.pb.Detach(b.res.Body) {
			b.res.ReleaseBody()
		}
		return true
	})
	prepared := make(map[*config.Resource]*lang.PreparedBlock, len(bodies))
	for _, b := range bodies {
		prepared[b.res] = b.pb
	}
	return prepared
}
