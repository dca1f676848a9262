package artifacts

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// placeholders are the names a Template may use.
var placeholders = map[string]string{
	"location": `.*`,
	"tag":      `[^@]+?`,
	"version":  `[^@]+?`,
	"digest":   `\S*?`,
}

var placeholder = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{([a-z]+)\}`) })

// Template is how a candidate is written into a marked value, for example
// "{location}:{tag}" or "{location}@{digest}".
type Template struct {
	text  string
	parse *regexp.Regexp
}

// ParseTemplate checks a template's placeholders.
func ParseTemplate(text string) (*Template, error) {
	var bad []string
	var re strings.Builder
	re.WriteString("^")
	last, seen := 0, map[string]bool{}
	for _, m := range placeholder().FindAllStringSubmatchIndex(text, -1) {
		name := text[m[2]:m[3]]
		pat, ok := placeholders[name]
		if !ok {
			bad = append(bad, "{"+name+"}")
			continue
		}
		re.WriteString(regexp.QuoteMeta(text[last:m[0]]))
		if seen[name] {
			re.WriteString("(?:" + pat + ")")
		} else {
			re.WriteString("(?P<" + name + ">" + pat + ")")
		}
		seen[name] = true
		last = m[1]
	}
	re.WriteString(regexp.QuoteMeta(text[last:]) + "$")
	if len(bad) > 0 {
		return nil, fmt.Errorf("unknown placeholder %s: use {location}, {tag}, {version} and {digest}", strings.Join(bad, ", "))
	}
	if !seen["tag"] && !seen["version"] && !seen["digest"] {
		return nil, fmt.Errorf("the template %q names no build: use {tag}, {version} or {digest}", text)
	}
	return &Template{text: text, parse: regexp.MustCompile(re.String())}, nil
}

// String returns the template as written.
func (t *Template) String() string { return t.text }

// Format writes c into the template.
func (t *Template) Format(c Candidate) string {
	return placeholder().ReplaceAllStringFunc(t.text, func(p string) string {
		switch p {
		case "{location}":
			return c.Location
		case "{tag}":
			return c.Tag
		case "{version}":
			return c.Version
		case "{digest}":
			return c.Digest
		}
		return p
	})
}

// Parse reads a marked value back: the tag (or version) and digest it
// names, as far as the template holds them. ok is false when the value
// does not have the template's shape.
func (t *Template) Parse(value string) (tag, digest string, ok bool) {
	m := t.parse.FindStringSubmatch(value)
	if m == nil {
		return "", "", false
	}
	get := func(name string) string {
		if i := t.parse.SubexpIndex(name); i > 0 {
			return m[i]
		}
		return ""
	}
	tag = get("tag")
	if tag == "" {
		tag = get("version")
	}
	return tag, get("digest"), true
}
