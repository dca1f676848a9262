package local

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/trueup/trueup/providers/internal/kit"
	"github.com/trueup/trueup/schema"
)

// createFile writes the planned content to filename, creating parent
// directories, and returns the planned value with its checksums.
func createFile(ctx context.Context, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	filename := kit.String(planned, "filename")
	content, err := plannedContent(planned)
	if err != nil {
		return cty.NilVal, schema.Errorf(nil, "Cannot create local file", fmt.Sprintf("%s: %s", filename, err))
	}
	if err := writeFile(filename, content, planned); err != nil {
		return cty.NilVal, schema.Errorf(cty.GetAttrPath("filename"), "Cannot create local file", err.Error())
	}
	return kit.SetAll(planned, checksums(content)), nil
}

// updateFile rewrites the file. Every configurable attribute forces
// replacement, so the engine only updates in place when nothing it can see
// changed; rewriting keeps the file and the state in step all the same.
func updateFile(ctx context.Context, prior, planned, config cty.Value) (cty.Value, schema.Diagnostics) {
	v, diags := createFile(ctx, planned, config)
	if diags.HasErrors() {
		return prior, diags
	}
	return v, diags
}

func writeFile(filename string, content []byte, planned cty.Value) error {
	filePerm, err := parseMode(kit.String(planned, "file_permission"))
	if err != nil {
		return err
	}
	dirPerm, err := parseMode(kit.String(planned, "directory_permission"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(filename), fs.FileMode(dirPerm)); err != nil {
		return err
	}
	return os.WriteFile(filename, content, fs.FileMode(filePerm))
}

// plannedContent returns the bytes the file must hold, from whichever
// content source is set. Errors never quote the content: it may be secret.
func plannedContent(v cty.Value) ([]byte, error) {
	switch {
	case kit.IsSet(v, "content"):
		return []byte(kit.String(v, "content")), nil
	case v.Type().HasAttribute("sensitive_content") && kit.IsSet(v, "sensitive_content"):
		return []byte(kit.String(v, "sensitive_content")), nil
	case kit.IsSet(v, "content_base64"):
		b, err := base64.StdEncoding.DecodeString(kit.String(v, "content_base64"))
		if err != nil {
			return nil, errors.New("content_base64 is not valid base64")
		}
		return b, nil
	case kit.IsSet(v, "source"):
		return os.ReadFile(kit.String(v, "source"))
	}
	return nil, errors.New("no content: set one of content, content_base64 or source")
}

// readFile returns null when the file is gone, prior when its content is
// unchanged, and otherwise the content it now holds (in the attribute that
// set it) with new checksums. A file copied from a source that has changed
// is reported gone, as Terraform does, since its content has no attribute.
func readFile(ctx context.Context, prior cty.Value) (cty.Value, schema.Diagnostics) {
	filename := kit.String(prior, "filename")
	data, err := os.ReadFile(filename)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return cty.NilVal, nil
	case err != nil:
		return prior, schema.Errorf(cty.GetAttrPath("filename"), "Cannot read local file", err.Error())
	case sha1Hex(data) == kit.String(prior, "id"):
		return prior, nil
	}
	text := cty.StringVal(strings.ToValidUTF8(string(data), "\uFFFD"))
	var changed cty.Value
	switch {
	case kit.IsSet(prior, "content"):
		changed = kit.Set(prior, "content", text)
	case prior.Type().HasAttribute("sensitive_content") && kit.IsSet(prior, "sensitive_content"):
		changed = kit.Set(prior, "sensitive_content", text)
	case kit.IsSet(prior, "content_base64"):
		changed = kit.Set(prior, "content_base64", cty.StringVal(base64.StdEncoding.EncodeToString(data)))
	default:
		return cty.NilVal, nil
	}
	return kit.SetAll(changed, checksums(data)), nil
}

// deleteFile removes the file; a file already gone is not an error.
func deleteFile(ctx context.Context, prior cty.Value) schema.Diagnostics {
	err := os.Remove(kit.String(prior, "filename"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return schema.Errorf(cty.GetAttrPath("filename"), "Cannot delete local file", err.Error())
	}
	return nil
}
