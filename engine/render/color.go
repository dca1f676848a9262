package render

// Colors holds the escape sequences used by the human renderer; the zero
// value renders without colour.
type Colors struct {
	Green, Yellow, Red, Cyan, Bold, Reset string
}

// ANSI is the colour palette for terminals.
var ANSI = Colors{Green: "\x1b[32m", Yellow: "\x1b[33m", Red: "\x1b[31m", Cyan: "\x1b[36m", Bold: "\x1b[1m", Reset: "\x1b[0m"}

// NoColor renders plain text.
var NoColor = Colors{}

func (c Colors) wrap(color, s string) string {
	if color == "" {
		return s
	}
	return color + s + c.Reset
}
