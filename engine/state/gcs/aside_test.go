package gcs_test

import (
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	gcsbackend "github.com/trueup/trueup/engine/state/gcs"
	"github.com/trueup/trueup/engine/state/statetest"
)

func TestSetAsideJournalsFakeGCS(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunSetAsideJournals(t, statetest.AsideFromJournalStore(journalStore(sb.GCSURL(), false, nil)))
}

func TestSetAsideJournalsFakeGCSVersionedEncrypted(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunSetAsideJournals(t, statetest.AsideFromJournalStore(journalStore(sb.GCSURL(), true, func(t *testing.T, c *gcsbackend.Config) {
		c.Codec = statetest.PassphraseCodec(t, "a passphrase for the set-aside suite")
	})))
}
