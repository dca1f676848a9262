package main

import "flag"

// parseInterspersed parses a subcommand's flags wherever they appear,
// before or after its positional arguments (`force-unlock ID -force`,
// `apply tfplan -no-color`), as users expect; "--" ends the flags. After
// it, fs.Args() holds the positional arguments in order.
func parseInterspersed(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		rest := fs.Args()
		consumed := args[:len(args)-len(rest)]
		if len(rest) == 0 || (len(consumed) > 0 && consumed[len(consumed)-1] == "--") {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	// A leading "--" makes the flag set record exactly these arguments.
	return fs.Parse(append([]string{"--"}, positional...))
}
