package apply

import (
	"reflect"

	"github.com/trueup/trueup/engine/state"
)

// auditJournal makes every journalWriter check, after each update, that
// the journal entries it takes rebuild the working state: a change the
// entries miss (an in-place change without State.Touch) fails there, not
// after a crash. The package's tests set it (audit_test.go), so that
// every apply they run, through whichever entry point, is audited; in
// production it costs one nil check per update.
var auditJournal = false

// startAudit starts the audit from base, the state the journal is
// relative to, with the entries already pending.
func (w *journalWriter) startAudit(base *state.State) {
	w.audit = base.DeepCopy()
	w.audit.ApplyJournal(w.pending)
	w.checkAudit()
}

// auditUpdate applies the entries of the last update to w.audit and
// panics when it then differs from the working state. The working
// state's lock is held.
func (w *journalWriter) auditUpdate() {
	entries := w.doc.st.TakeChanges()
	w.pending = append(w.pending, entries...)
	w.audit.ApplyJournal(entries)
	w.checkAudit()
}

// checkAudit panics when w.audit differs from the working state.
func (w *journalWriter) checkAudit() {
	a, s := w.audit, w.doc.st
	if !a.SameContent(s) || !reflect.DeepEqual(a.CheckResults, s.CheckResults) ||
		a.TrueupVersion != s.TrueupVersion || a.Meta.Commit != s.Meta.Commit || !a.Meta.AppliedAt.Equal(s.Meta.AppliedAt) {
		panic("apply: the journal entries of an update do not rebuild the working state: a change was not tracked (State.Touch)")
	}
}
