package s3_test

import (
	"testing"

	"github.com/trueup/trueup/engine/sandbox"
	"github.com/trueup/trueup/engine/state"
	s3backend "github.com/trueup/trueup/engine/state/s3"
	"github.com/trueup/trueup/engine/state/statetest"
)

// storage returns a statetest.NewStorage that makes a fresh bucket on
// endpoint per subtest and configures clients with cfg applied.
func storage(endpoint string, versioned bool, cfg func(t *testing.T, c *s3backend.Config)) statetest.NewStorage {
	return func(t *testing.T) func() state.Backend {
		bucket := newBucket(t, rawS3(t, endpoint), versioned)
		c := config(endpoint, bucket, "stacks/app/terraform.tfstate")
		if cfg != nil {
			cfg(t, &c)
		}
		return func() state.Backend { return mustNew(t, c, nil) }
	}
}

func TestConformanceGofakes3VersionedBucket(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.Run(t, storage(sb.S3URL(), true, nil))
}

func TestConformanceGofakes3PersistentBucketWithBackupObject(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{DataDir: t.TempDir()})
	statetest.Run(t, storage(sb.S3URL(), false, nil))
}

func TestConformanceDynamoDBLockTable(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	url := dynalite.URL(t)
	statetest.Run(t, storage(sb.S3URL(), true, func(t *testing.T, c *s3backend.Config) {
		c.DynamoDBTable = newLockTable(t, url)
		c.EndpointDynamoDB = url
	}))
}

func TestConformanceLockFileAndDynamoDBTableTogether(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	url := dynalite.URL(t)
	statetest.Run(t, storage(sb.S3URL(), false, func(t *testing.T, c *s3backend.Config) {
		c.UseLockfile = true
		c.DynamoDBTable = newLockTable(t, url)
		c.EndpointDynamoDB = url
	}))
}

func TestDeadHolderTakeoverLockFile(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	statetest.RunDeadHolderTakeover(t, storage(sb.S3URL(), true, nil))
}

func TestDeadHolderTakeoverDynamoDBLockTable(t *testing.T) {
	sb := startSandbox(t, sandbox.Options{})
	url := dynalite.URL(t)
	statetest.RunDeadHolderTakeover(t, storage(sb.S3URL(), true, func(t *testing.T, c *s3backend.Config) {
		c.DynamoDBTable = newLockTable(t, url)
		c.EndpointDynamoDB = url
	}))
}
