package s3_test

import (
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	s3backend "github.com/trueup/trueup/engine/state/s3"
	"github.com/trueup/trueup/engine/state/statetest"
)

// takeoverRounds is how many times two contenders race to take over one
// expired lock.
const takeoverRounds = 8

func TestExpiredLockTakeoverHasOneWinnerOnGofakes3(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{DataDir: t.TempDir()})
	statetest.RunTakeoverRace(t, storage(sb.S3URL(), false, nil), takeoverRounds)
}

func TestExpiredLockTakeoverHasOneWinnerInDynamoDB(t *testing.T) {
	url := motoURL(t)
	statetest.RunTakeoverRace(t, storage(url, false, func(t *testing.T, c *s3backend.Config) {
		c.DynamoDBTable = newLockTable(t, url)
		c.EndpointDynamoDB = url
	}), takeoverRounds)
}
