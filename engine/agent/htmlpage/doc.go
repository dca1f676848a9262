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
// methods a template may call are the fixed ones in methods.go. A value
// where html/template would escape for JavaScript or CSS (script and style
// elements, event handler and style attributes) is an error.
//
// It imports only the standard library and must not import the engine.
package htmlpage
