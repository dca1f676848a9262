package google

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"google.golang.org/protobuf/types/known/durationpb"
)

// resourcePath is projects/PROJECT/KIND/NAME, or name itself when it is
// already such a path (Terraform accepts either in name and topic).
func resourcePath(project, kind, name string) string {
	if strings.HasPrefix(name, "projects/") {
		return name
	}
	return "projects/" + project + "/" + kind + "/" + name
}

// splitPath splits projects/PROJECT/KIND/NAME; ok is false for another form.
func splitPath(path, kind string) (project, name string, ok bool) {
	parts := strings.Split(path, "/")
	if len(parts) != 4 || parts[0] != "projects" || parts[2] != kind || parts[1] == "" || parts[3] == "" {
		return "", "", false
	}
	return parts[1], parts[3], true
}

// sameResource reports whether two spellings (short name or full path)
// name the same resource, given the project short names belong to.
func sameResource(project, kind string) func(a, b string) bool {
	return func(a, b string) bool {
		return resourcePath(project, kind, a) == resourcePath(project, kind, b)
	}
}

// shortNamesEqual compares two names that may be short or full paths by
// their short names (the project is an attribute of its own).
func shortNamesEqual(kind string) func(a, b string) bool {
	return func(a, b string) bool {
		_, na, _ := splitOrShort(a, kind)
		_, nb, _ := splitOrShort(b, kind)
		return na == nb
	}
}

// sameResourceAnyProject compares a short name with a full path by short
// name, and two full paths exactly.
func sameResourceAnyProject(kind string) func(a, b string) bool {
	return func(a, b string) bool {
		pa, na, fa := splitOrShort(a, kind)
		pb, nb, fb := splitOrShort(b, kind)
		if fa && fb {
			return pa == pb && na == nb
		}
		return na == nb
	}
}

// splitOrShort splits a full path, or returns a short name as it is.
func splitOrShort(s, kind string) (project, name string, full bool) {
	if p, n, ok := splitPath(s, kind); ok {
		return p, n, true
	}
	return "", s, false
}

// parsePubsubImportID accepts Terraform's import IDs for Pub/Sub
// resources: projects/{{project}}/KIND/{{name}}, {{project}}/{{name}} or
// {{name}}.
func parsePubsubImportID(id, kind, defaultProject string) (project, name string, err error) {
	if p, n, ok := splitPath(id, kind); ok {
		return p, n, nil
	}
	parts := strings.Split(id, "/")
	switch {
	case len(parts) == 2 && parts[0] != "" && parts[1] != "":
		return parts[0], parts[1], nil
	case len(parts) == 1 && parts[0] != "":
		if defaultProject == "" {
			return "", "", fmt.Errorf("import ID %q names no project, and the provider has none", id)
		}
		return defaultProject, id, nil
	}
	return "", "", fmt.Errorf("import ID %q is not projects/{{project}}/%s/{{name}}, {{project}}/{{name}} or {{name}}", id, kind)
}

// parseDuration reads a duration as the Pub/Sub API writes it ("600s",
// "1.5s") or in Go's form ("10m").
func parseDuration(s string) (time.Duration, error) {
	if strings.HasSuffix(s, "s") {
		if f, err := strconv.ParseFloat(strings.TrimSuffix(s, "s"), 64); err == nil {
			return time.Duration(f * float64(time.Second)), nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration such as \"600s\"", s)
	}
	return d, nil
}

// sameDuration reports whether two duration strings mean the same.
func sameDuration(a, b string) bool {
	da, errA := parseDuration(a)
	db, errB := parseDuration(b)
	return errA == nil && errB == nil && da == db
}

// formatDuration writes d as the API does: seconds with an "s" suffix.
func formatDuration(d *durationpb.Duration) string {
	if d == nil {
		return ""
	}
	if d.Nanos == 0 {
		return strconv.FormatInt(d.Seconds, 10) + "s"
	}
	return strconv.FormatFloat(d.AsDuration().Seconds(), 'f', -1, 64) + "s"
}

// durationProto parses s for the API; nil for "".
func durationProto(s string) (*durationpb.Duration, error) {
	if s == "" {
		return nil, nil
	}
	d, err := parseDuration(s)
	if err != nil {
		return nil, err
	}
	return durationpb.New(d), nil
}
