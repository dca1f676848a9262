package config

import (
	"bytes"
	"runtime"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/trueup/trueup/internal/workers"
)

// pieceSize is about how many bytes of a native-syntax file parseNative
// parses at a time.
var pieceSize = 64 << 10

// parseNative parses a native-syntax file in pieces of whole top-level
// blocks, each with its own position in the file, and returns one parsed
// file per piece. hclsyntax lexes a whole file into tokens (about 3 KB for
// a 150-byte resource block) before it parses: for a file of 10,000
// resources the tokens (35 MB) and the syntax tree were live at once, the
// largest heap of a plan's loading. Pieces end where a line holding only
// "}" is followed by a line that starts a new block; a split that falls
// inside a heredoc, a comment or a nested block leaves a piece that does
// not parse, and so does anything that makes the file invalid: then, and
// for a small file, the file is parsed whole, as hcl would, so that its
// diagnostics are hcl's own.
func parseNative(src []byte, filename string) ([]*hcl.File, hcl.Diagnostics) {
	if len(src) > pieceSize {
		if pieces := parsePieces(src, filename); pieces != nil {
			return pieces, nil
		}
	}
	file, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if file == nil {
		return nil, diags
	}
	return []*hcl.File{file}, diags
}

// parsePieces parses src in pieces, or returns nil when a piece has any
// diagnostic, including one of its top-level content (an argument, an
// unknown block type): those are left to a parse of the whole file. The
// pieces are parsed GOMAXPROCS at a time (hcl's lexer was a quarter of a
// 10,000-resource apply, all of it on one core); each holds only its own
// tokens while it is parsed.
func parsePieces(src []byte, filename string) []*hcl.File {
	type piece struct {
		start hcl.Pos
		end   int
	}
	var pieces []piece
	for start := hcl.InitialPos; start.Byte < len(src); {
		end := pieceEnd(src, start.Byte+pieceSize)
		pieces = append(pieces, piece{start, end})
		start = hcl.Pos{Line: start.Line + bytes.Count(src[start.Byte:end], []byte("\n")), Column: 1, Byte: end}
	}
	files := make([]*hcl.File, len(pieces))
	parsed := workers.Each(len(pieces), runtime.GOMAXPROCS(0), func(i int) bool {
		p := pieces[i]
		file, diags := hclsyntax.ParseConfig(src[p.start.Byte:p.end], filename, p.start)
		if diags == nil && file != nil {
			_, diags = file.Body.Content(fileSchema)
		}
		files[i] = file
		return diags == nil && file != nil
	})
	if !parsed {
		return nil
	}
	return files
}

// pieceEnd returns the offset after the first line at or after from that
// holds only "}" and is followed by a line starting with a letter (a block
// type), or len(src).
func pieceEnd(src []byte, from int) int {
	for from < len(src) {
		i := bytes.Index(src[from:], []byte("\n}"))
		if i < 0 {
			break
		}
		at := from + i + 2 // after the "}"
		if at < len(src) && src[at] == '\r' {
			at++
		}
		if at+1 < len(src) && src[at] == '\n' && isLetter(src[at+1]) {
			return at + 1
		}
		from = at
	}
	return len(src)
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
