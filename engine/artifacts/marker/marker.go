package marker

import (
	"regexp"
	"sync"

	"github.com/hashicorp/hcl/v2"
)

// Marker is one marked value in a configuration file.
type Marker struct {
	// Name is the artifact the value follows.
	Name string `json:"artifact"`
	// File is the file's path, slash-separated and relative to the
	// directory Find searched.
	File string `json:"file"`
	// Attribute is the attribute's name, and Block the blocks around it as
	// written (for example `variable "image"`); Block is "" at top level.
	Attribute string `json:"attribute"`
	Block     string `json:"block,omitempty"`
	// Value is the string the attribute holds now.
	Value string `json:"value"`
	// Range is the value expression's place in the file.
	Range hcl.Range `json:"-"`
	// path locates the attribute for hclwrite: the index of each enclosing
	// block among its body's blocks.
	path []int
}

// Line is the marker's line number, for listings.
func (m Marker) Line() int { return m.Range.Start.Line }

// markerComment matches a marker comment; the name is group 1.
var markerComment = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:#|//)\s*trueup:artifact(?:\s+(\S*))?\s*$`) })

// validName matches an artifact name: the same rule as HCL identifiers.
var validName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`) })
