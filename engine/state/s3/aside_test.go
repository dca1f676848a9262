package s3_test

import (
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	s3backend "github.com/trueup/trueup/engine/state/s3"
	"github.com/trueup/trueup/engine/state/statetest"
)

func TestSetAsideJournalsGofakes3(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunSetAsideJournals(t, statetest.AsideFromJournalStore(journalStore(sb.S3URL(), false, nil)))
}

func TestSetAsideJournalsGofakes3VersionedEncrypted(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunSetAsideJournals(t, statetest.AsideFromJournalStore(journalStore(sb.S3URL(), true, func(t *testing.T, c *s3backend.Config) {
		c.Codec = statetest.PassphraseCodec(t, "a passphrase for the set-aside suite")
	})))
}
