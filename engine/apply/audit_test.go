package apply

// Every test of the package checks that the journal entries taken after
// each update rebuild the working state (persist.go, auditJournal).
func init() { auditJournal = true }
