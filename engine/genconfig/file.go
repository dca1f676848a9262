package genconfig

import (
	"fmt"
	"strings"
)

// Header opens every generated file. It keeps Terraform's
// "__generated__" marker and names trueup as the writer (see
// docs/generate-config.md).
const Header = "# __generated__ by trueup\n# Please review these resources and move them into your main configuration files.\n"

// Entry is one generated resource block and the import ID it came from.
type Entry struct {
	ImportID string
	Block    string
}

// File returns the text of a generated file holding entries in order:
// the header, then each block after a blank line and a comment naming
// its import ID, laid out as Terraform lays out its generated files.
func File(entries []Entry) string {
	var b strings.Builder
	b.WriteString(Header)
	for _, e := range entries {
		b.WriteString("\n# __generated__ by trueup")
		if e.ImportID != "" {
			fmt.Fprintf(&b, " from %q", e.ImportID)
		}
		b.WriteString("\n" + e.Block + "\n")
	}
	return b.String()
}
