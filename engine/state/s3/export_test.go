package s3

import "github.com/trueup/trueup/engine/state"

// KeepFolded makes b's whole writes leave the journal they folded in, as
// a crash between the write and the journal's removal would.
func KeepFolded(b state.Backend) {
	be := b.(*Backend)
	be.mu.Lock()
	defer be.mu.Unlock()
	be.keepFolded = true
}
