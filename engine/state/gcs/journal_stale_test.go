package gcs_test

import (
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state/statetest"
)

func TestJournalStaleClientsFakeGCS(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunJournalStaleClients(t, journalStore(sb.GCSURL(), false, nil))
}

func TestJournalManyObjectsFakeGCS(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunJournalManyObjects(t, journalStore(sb.GCSURL(), false, nil), 1001)
}
