package render

import (
	"io"
	"runtime"
	"strings"
	"sync/atomic"

	"github.com/trueup/trueup/engine/plans"
)

// planChunk is the size from which Plan writes the text it has built.
const planChunk = 64 << 10

// changeSegment is how many changes one goroutine renders at a time when
// a plan's changes are rendered on several cores.
const changeSegment = 128

// writeChanges writes each change, then a blank line, after what b holds,
// and leaves in b what it has not written yet. The text goes to w in
// pieces of about planChunk bytes, each ending after a change: a plan of
// thousands of objects built whole (724 KB for 1,000 aws_s3_object
// creates) was a tenth of its rendering in copying the growing buffer.
//
// A plan of more than one segment of changes is rendered GOMAXPROCS
// segments at a time, and written in order: rendering 10,000 creates took
// 0.15 s on one core, all of it before an apply's first call. At most two
// segments a core wait to be written, so a slow reader of w does not make
// the whole text wait in memory.
func writeChanges(w io.Writer, b *strings.Builder, changes []*plans.ResourceChange, c Colors, schemas Schemas) {
	segments := (len(changes) + changeSegment - 1) / changeSegment
	workers := min(runtime.GOMAXPROCS(0), segments)
	if workers < 2 {
		for _, rc := range changes {
			writeChange(b, rc, c, schemas)
			if b.Len() >= planChunk {
				io.WriteString(w, b.String())
				b.Reset()
			}
		}
		return
	}
	writeSegments(w, b, changes, segments, workers, c, schemas)
}

// writeSegments is writeChanges on workers goroutines, each rendering one
// segment of changes at a time.
func writeSegments(w io.Writer, b *strings.Builder, changes []*plans.ResourceChange, segments, workers int, c Colors, schemas Schemas) {
	texts := make([]chan string, segments)
	for i := range texts {
		texts[i] = make(chan string, 1)
	}
	window := make(chan struct{}, 2*workers) // segments rendered, not yet written
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range segments {
			window <- struct{}{}
			next <- i
		}
	}()
	// Each segment's text starts at the size of the last one rendered,
	// and the text waiting to be written is one buffer, reused: a plan's
	// text is most of what rendering allocates.
	var lastLen atomic.Int64
	for range workers {
		go func() {
			for i := range next {
				var sb strings.Builder
				sb.Grow(int(lastLen.Load()))
				for _, rc := range changes[i*changeSegment : min((i+1)*changeSegment, len(changes))] {
					writeChange(&sb, rc, c, schemas)
				}
				lastLen.Store(int64(sb.Len()))
				texts[i] <- sb.String()
			}
		}()
	}
	pending := make([]byte, 0, 2*planChunk)
	pending = append(pending, b.String()...)
	b.Reset()
	for i := range segments {
		pending = append(pending, <-texts[i]...)
		<-window
		if len(pending) >= planChunk {
			w.Write(pending)
			pending = pending[:0]
		}
	}
	b.Write(pending)
}

// writeChange writes one change and the blank line after it.
func writeChange(b *strings.Builder, rc *plans.ResourceChange, c Colors, schemas Schemas) {
	Change(b, rc, c, schemas.of(rc))
	b.WriteString("\n")
}
