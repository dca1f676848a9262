package gcs

import "github.com/trueup/trueup/engine/state"

// KeepFolded makes b's whole writes leave the journal they folded in, as
// a crash between the write and the journal's removal would.
func KeepFolded(b state.Backend) {
	be := b.(*Backend)
	be.mu.Lock()
	defer be.mu.Unlock()
	be.keepFolded = true
}

// FailNextAppend makes b's next AppendJournal fail as a connection lost
// would: before the append is stored (landed false) or after.
func FailNextAppend(b state.Backend, landed bool) {
	be := b.(*Backend)
	be.mu.Lock()
	defer be.mu.Unlock()
	be.failAppend = "lost"
	if landed {
		be.failAppend = "landed"
	}
}
