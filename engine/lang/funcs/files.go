package funcs

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

func fileFuncs(baseDir string) map[string]function.Function {
	hex, b64 := hex.EncodeToString, base64.StdEncoding.EncodeToString
	return map[string]function.Function{
		"file":             MakeFileFunc(baseDir),
		"filebase64":       MakeFileBase64Func(baseDir),
		"fileexists":       MakeFileExistsFunc(baseDir),
		"fileset":          MakeFileSetFunc(baseDir),
		"filemd5":          fileHashFunc(baseDir, "MD5", md5.New, hex),
		"filesha1":         fileHashFunc(baseDir, "SHA-1", sha1.New, hex),
		"filesha256":       fileHashFunc(baseDir, "SHA-256", sha256.New, hex),
		"filesha512":       fileHashFunc(baseDir, "SHA-512", sha512.New, hex),
		"filebase64sha256": fileHashFunc(baseDir, "SHA-256", sha256.New, b64),
		"filebase64sha512": fileHashFunc(baseDir, "SHA-512", sha512.New, b64),
		"abspath":          AbsPathFunc,
		"basename":         BasenameFunc,
		"dirname":          DirnameFunc,
		"pathexpand":       PathExpandFunc,
	}
}

// resolve turns a path given to a file function into the file to open: a
// leading ~ is the home directory, and a relative path is relative to
// baseDir.
func resolve(baseDir, path string) (string, error) {
	path, err := expandHome(path)
	if err != nil {
		return "", err
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(baseDir, path)
	}
	return filepath.Clean(path), nil
}

// expandHome replaces a leading "~" or "~/" with the user's home directory.
func expandHome(path string) (string, error) {
	if path == "" || path[0] != '~' {
		return path, nil
	}
	if len(path) > 1 && path[1] != '/' && path[1] != filepath.Separator {
		return "", errors.New("cannot expand user-specific home directory")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("failed to expand ~: %w", err)
	}
	return filepath.Join(home, path[1:]), nil
}

// MaxFileBytes is the largest file the file functions (file, filebase64,
// the file hashes, templatefile) read: a bigger one is refused with an
// error rather than read into memory. cmd/trueup sets it from
// TRUEUP_MAX_FILE_BYTES.
var MaxFileBytes int64 = 512 << 20

// readFile reads a file given to a file function. Only regular files are
// read, and only up to MaxFileBytes: a device (/dev/zero), a FIFO or a
// socket would be read forever or block, so they are refused before they
// are opened.
func readFile(baseDir, path string) ([]byte, error) {
	full, err := resolve(baseDir, path)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(full)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("no file exists at %s; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource", full)
	case err != nil:
		return nil, fmt.Errorf("failed to read %s: %w", full, unwrapPathError(err))
	case fi.IsDir():
		return nil, fmt.Errorf("failed to read %s: is a directory", full)
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file (it is a %s); file functions read only regular files", full, fileKind(fi.Mode()))
	case fi.Size() > MaxFileBytes:
		return nil, fmt.Errorf("%s is %d bytes, over the limit of %d bytes for file functions (TRUEUP_MAX_FILE_BYTES)", full, fi.Size(), MaxFileBytes)
	}
	f, err := os.Open(full)
	if err != nil {
		return nil, fmt.Errorf("failed to read %s: %w", full, unwrapPathError(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("failed to read %s: %w", full, unwrapPathError(err))
	case int64(len(b)) > MaxFileBytes: // it grew after the check
		return nil, fmt.Errorf("%s is over the limit of %d bytes for file functions (TRUEUP_MAX_FILE_BYTES)", full, MaxFileBytes)
	}
	return b, nil
}

// fileKind names what a non-regular file is, for errors.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	default:
		return "special file"
	}
}

// unwrapPathError drops the *fs.PathError around err, whose text would
// repeat the path.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// fileContentFunc builds a function of one path that returns a string made
// from the file's bytes.
func fileContentFunc(baseDir, desc string, fn func(path string, b []byte) (string, error)) function.Function {
	return function.New(&function.Spec{
		Description:  desc,
		Params:       stringParams("path"),
		Type:         function.StaticReturnType(cty.String),
		RefineResult: refineNotNull,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			path := args[0].AsString()
			b, err := readFile(baseDir, path)
			if err == nil {
				var s string
				if s, err = fn(path, b); err == nil {
					return cty.StringVal(s), nil
				}
			}
			return cty.UnknownVal(cty.String), function.NewArgError(0, err)
		},
	})
}

// MakeFileFunc returns file(path): the contents of a UTF-8 text file,
// relative paths resolved against baseDir.
func MakeFileFunc(baseDir string) function.Function {
	return fileContentFunc(baseDir, "Reads a UTF-8 text file.", func(path string, b []byte) (string, error) {
		if !utf8.Valid(b) {
			return "", fmt.Errorf("contents of %s are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead", path)
		}
		return string(b), nil
	})
}

// MakeFileBase64Func returns filebase64(path): the contents of any file,
// Base64-encoded.
func MakeFileBase64Func(baseDir string) function.Function {
	return fileContentFunc(baseDir, "Reads a file and encodes its bytes in Base64.", func(_ string, b []byte) (string, error) {
		return base64.StdEncoding.EncodeToString(b), nil
	})
}

// fileHashFunc builds filemd5, filesha256, filebase64sha256, ...: the digest
// of a file's bytes.
func fileHashFunc(baseDir, algo string, newHash func() hash.Hash, enc func([]byte) string) function.Function {
	return fileContentFunc(baseDir, "Returns the "+algo+" digest of a file.", func(_ string, b []byte) (string, error) {
		return digest(newHash, enc, b), nil
	})
}

// MakeFileExistsFunc returns fileexists(path): whether a regular file exists
// at path. Something else there (a directory, a socket) is an error.
func MakeFileExistsFunc(baseDir string) function.Function {
	return function.New(&function.Spec{
		Description:  "Reports whether a file exists.",
		Params:       stringParams("path"),
		Type:         function.StaticReturnType(cty.Bool),
		RefineResult: refineNotNull,
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			full, err := resolve(baseDir, args[0].AsString())
			if err != nil {
				return cty.UnknownVal(cty.Bool), function.NewArgError(0, err)
			}
			fi, err := os.Stat(full)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				return cty.False, nil
			case err != nil:
				return cty.UnknownVal(cty.Bool), function.NewArgErrorf(0, "failed to stat %s: %s", full, unwrapPathError(err))
			case fi.Mode().IsRegular():
				return cty.True, nil
			case fi.IsDir():
				return cty.UnknownVal(cty.Bool), function.NewArgErrorf(0, "%s is a directory, not a file", full)
			default:
				return cty.UnknownVal(cty.Bool), function.NewArgErrorf(0, "%s is not a regular file", full)
			}
		},
	})
}

// AbsPathFunc is abspath(path): path made absolute against the current
// working directory, with forward slashes.
var AbsPathFunc = stringFunc("Returns an absolute form of a path.", "path", func(p string) (string, error) {
	abs, err := filepath.Abs(p)
	return filepath.ToSlash(abs), err
})

// BasenameFunc is basename(path): the last element of a path.
var BasenameFunc = stringFunc("Returns the last element of a path.", "path", func(p string) (string, error) {
	return filepath.Base(p), nil
})

// DirnameFunc is dirname(path): all but the last element of a path.
var DirnameFunc = stringFunc("Returns all but the last element of a path.", "path", func(p string) (string, error) {
	return filepath.Dir(p), nil
})

// PathExpandFunc is pathexpand(path): a leading ~ replaced by the current
// user's home directory.
var PathExpandFunc = stringFunc("Replaces a leading ~ in a path with the home directory.", "path", func(p string) (string, error) {
	if strings.HasPrefix(p, "~") {
		return expandHome(p)
	}
	return p, nil
})
