package random

import (
	"strings"
	"testing"
)

func TestGenerateString(t *testing.T) {
	all := stringParams{Upper: true, Lower: true, Numeric: true, Special: true}
	with := func(p stringParams, f func(*stringParams)) stringParams { f(&p); return p }
	tests := []struct {
		name string
		p    stringParams
		// allowed is every character the result may hold; atLeast maps a
		// class to the least number of its characters the result must hold.
		allowed string
		atLeast map[string]int
	}{
		{name: "defaults use all four classes", p: with(all, func(p *stringParams) { p.Length = 64 }),
			allowed: upperChars + lowerChars + numericChars + specialChars},
		{name: "lower only yields only lower case", p: stringParams{Length: 40, Lower: true}, allowed: lowerChars},
		{name: "numeric only yields only digits", p: stringParams{Length: 40, Numeric: true}, allowed: numericChars},
		{name: "override_special replaces the special characters",
			p:       stringParams{Length: 40, Special: true, OverrideSpecial: "_%@"},
			allowed: "_%@"},
		{name: "min_* guarantee characters of each class",
			p: with(all, func(p *stringParams) {
				p.Length, p.MinUpper, p.MinLower, p.MinNumeric, p.MinSpecial = 8, 2, 2, 2, 2
			}),
			allowed: upperChars + lowerChars + numericChars + specialChars,
			atLeast: map[string]int{upperChars: 2, lowerChars: 2, numericChars: 2, specialChars: 2}},
		{name: "min_numeric draws digits even when numeric is off",
			p:       stringParams{Length: 10, Lower: true, MinNumeric: 3},
			allowed: lowerChars + numericChars, atLeast: map[string]int{numericChars: 3}},
		{name: "minimums may fill the whole length",
			p:       stringParams{Length: 3, MinUpper: 3},
			allowed: upperChars, atLeast: map[string]int{upperChars: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 50 {
				got, err := generateString(tt.p)
				if err != nil {
					t.Fatal(err)
				}
				if n := len([]rune(got)); n != tt.p.Length {
					t.Fatalf("%q has %d characters, want %d", got, n, tt.p.Length)
				}
				for _, r := range got {
					if !strings.ContainsRune(tt.allowed, r) {
						t.Fatalf("%q holds %q, outside the allowed characters", got, r)
					}
				}
				for class, n := range tt.atLeast {
					if c := countIn(got, class); c < n {
						t.Fatalf("%q holds %d characters of %q, want at least %d", got, c, class, n)
					}
				}
			}
		})
	}
}

func TestGenerateStringRefusesImpossibleParameters(t *testing.T) {
	tests := []struct {
		name string
		p    stringParams
	}{
		{name: "minimums longer than length", p: stringParams{Length: 3, Lower: true, MinUpper: 2, MinLower: 2}},
		{name: "no class enabled and length to fill", p: stringParams{Length: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := generateString(tt.p); err == nil {
				t.Fatalf("generated %q, want an error", got)
			}
		})
	}
}

func TestGenerateStringUsesEveryEnabledCharacter(t *testing.T) {
	seen := map[rune]bool{}
	for range 200 {
		s, err := generateString(stringParams{Length: 32, Numeric: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range s {
			seen[r] = true
		}
	}
	if len(seen) != len(numericChars) {
		t.Errorf("6400 digits drawn cover %d of the 10 digits", len(seen))
	}
}

func TestPetWords(t *testing.T) {
	for n := 1; n <= 5; n++ {
		words, err := petWords(n)
		if err != nil {
			t.Fatal(err)
		}
		if len(words) != n {
			t.Fatalf("petWords(%d) = %v", n, words)
		}
		if !contains(petNames, words[n-1]) {
			t.Errorf("petWords(%d) = %v: the last word is not a name", n, words)
		}
		if n >= 2 && !contains(petAdjectives, words[n-2]) {
			t.Errorf("petWords(%d) = %v: the word before the name is not an adjective", n, words)
		}
		for _, w := range words[:max(0, n-2)] {
			if !contains(petAdverbs, w) {
				t.Errorf("petWords(%d) = %v: %q is not an adverb", n, words, w)
			}
		}
	}
}

func TestSeededIntegerIsReproducible(t *testing.T) {
	a, err := randomInt(1, 1000000, "seed-a")
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if b, _ := randomInt(1, 1000000, "seed-a"); b != a {
			t.Fatalf("same seed gave %d and %d", a, b)
		}
	}
	if got, _ := randomInt(7, 7, ""); got != 7 {
		t.Errorf("randomInt(7, 7) = %d, want 7", got)
	}
}

func countIn(s, class string) int {
	n := 0
	for _, r := range s {
		if strings.ContainsRune(class, r) {
			n++
		}
	}
	return n
}

func contains(list []string, w string) bool {
	for _, x := range list {
		if x == w {
			return true
		}
	}
	return false
}
