// Package htmlpage renders the agent's HTML pages (the dashboard and the
// sign-in page) from templates written in the html/template language,
// escaping what they print as html/template does: HTML text, quoted
// attribute values, and URL attributes (unsafe schemes filtered, the path
// normalised, the query escaped).
//
// It exists for the size of the trueup binary: executing a text/template
// (which html/template does) calls reflect.Value.MethodByName with a name
// read at run time, and a binary that can do that makes the Go linker keep
// every exported method of every type that may sit in an interface — about
// 85 MB of the 200 MB binary (docs/binary-size.md). htmlpage parses with
// text/template/parse, which does not reflect, and evaluates the subset of
// the language the pages use: fields, map keys, variables, functions,
// pipelines, if/else, range/else, with/else, template and define. The only
// methods a template may call are the fixed ones in methods.go.
//
// escape.go follows the template's text with html/template's HTML states
// and rewrites it as html/template does (HTML comments dropped, a "<" that
// starts no tag escaped; malformed tags, unquoted values holding quotes and
// a template ending inside a tag, comment, title or textarea are errors).
// A value where html/template would escape for JavaScript, CSS or a srcset
// (script and style elements, event handler, style, srcset and meta content
// attributes), in an unquoted attribute value or where an attribute or its
// name belongs is an error, and so is script or style text that could
// change html/template's JavaScript or CSS state (quotes, comments, ...).
// The contexts follow the template as it runs, where html/template reads
// every branch: a template whose branches end in different contexts, or
// print in a refused one on a branch not taken, renders with htmlpage.
// FuzzRendersAsHTMLTemplate compares the two on fuzzed data and text.
//
// It imports only the standard library and must not import the engine.
package htmlpage
