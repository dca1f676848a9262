package apply

import (
	"sync/atomic"

	"github.com/hashicorp/hcl/v2"
	"github.com/trueup/trueup/engine/lang"
	"github.com/trueup/trueup/schema"
)

// CountPrepares counts the bodies the apply prepares itself (those the
// plan did not carry) until restore is called.
func CountPrepares() (count func() int, restore func()) {
	var n atomic.Int64
	prev := prepareBlock
	prepareBlock = func(p *lang.Preparer, body hcl.Body, b *schema.Block, src []byte) *lang.PreparedBlock {
		n.Add(1)
		return prev(p, body, b, src)
	}
	return func() int { return int(n.Load()) }, func() { prepareBlock = prev }
}
