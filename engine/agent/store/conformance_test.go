package store_test

import (
	"path/filepath"
	"testing"

	"github.com/trueup/trueup/engine/agent/store"
	"github.com/trueup/trueup/engine/agent/store/storetest"
)

// TestConformance runs the run history suite on the bbolt store.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) func(t *testing.T) storetest.Store {
		path := filepath.Join(t.TempDir(), "data", "agent.db")
		return func(t *testing.T) storetest.Store {
			s, err := store.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
	})
}
