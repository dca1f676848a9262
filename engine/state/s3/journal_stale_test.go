package s3_test

import (
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state/statetest"
)

func TestJournalStaleClientsGofakes3(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunJournalStaleClients(t, journalStore(sb.S3URL(), false, nil))
}

func TestJournalStaleClientsGofakes3Versioned(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunJournalStaleClients(t, journalStore(sb.S3URL(), true, nil))
}

func TestJournalManyObjectsGofakes3(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunJournalManyObjects(t, journalStore(sb.S3URL(), false, nil), 1001)
}
