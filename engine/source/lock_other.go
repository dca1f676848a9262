//go:build !unix

package source

import (
	"errors"
	"os"
)

// tryLock creates path exclusively; busy is true when it exists. Without
// flock a crashed holder leaves the file behind: remove it by hand.
func tryLock(path string) (unlock func(), busy bool, err error) {
	f, err := os.OpenFile(path+".excl", os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return nil, true, nil
	}
	if err != nil {
		return nil, false, err
	}
	f.Close()
	return func() { os.Remove(path + ".excl") }, false, nil
}
