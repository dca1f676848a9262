package store

import (
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// Prune keeps the newest keep finished runs of stack and deletes the older
// finished ones, with their plans and logs; it returns how many it
// deleted. Runs still queued or running are never deleted and do not count
// towards keep. keep <= 0 keeps everything.
//
// bbolt reuses the freed pages for later runs; the file does not shrink.
func (s *Store) Prune(stack string, keep int) (int, error) {
	if keep <= 0 {
		return 0, nil
	}
	var n int
	err := s.db.Update(func(tx *bolt.Tx) error {
		runs := tx.Bucket(bucketRuns)
		var old [][]byte
		kept := 0
		c := runs.Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var r struct {
				Stack   string `json:"stack"`
				Outcome string `json:"outcome"`
			}
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			if r.Stack != stack || !Final(r.Outcome) {
				continue
			}
			if kept < keep {
				kept++
				continue
			}
			old = append(old, append([]byte(nil), k...))
		}
		// Deleted after the walk: a bbolt cursor must not see its bucket
		// change under it.
		for _, k := range old {
			if err := deleteRun(tx, k); err != nil {
				return err
			}
		}
		n = len(old)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// deleteRun removes the run with key k, its plan and its log.
func deleteRun(tx *bolt.Tx, k []byte) error {
	if err := tx.Bucket(bucketRuns).Delete(k); err != nil {
		return err
	}
	if err := tx.Bucket(bucketPlans).Delete(k); err != nil {
		return err
	}
	logs := tx.Bucket(bucketLogs)
	if logs.Bucket(k) == nil {
		return nil
	}
	return logs.DeleteBucket(k)
}
