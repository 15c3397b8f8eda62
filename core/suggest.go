package core

import "strings"

// SuggestProvider returns the provider name or alias nearest to name (by
// edit distance, ignoring case, "-" versus "_" and spaces), or "" when none
// is near enough to be a likely typo. Every adapter's "unknown provider"
// error uses it instead of listing all providers.
func SuggestProvider(name string) string {
	want := normalizeName(name)
	if want == "" {
		return ""
	}
	best, bestD := "", -1
	names := Providers() // sorted: ties go to the first name
	for i := 0; i < len(providerTable); i++ {
		e := providerTable[i]
		cands := append([]string{e.name}, e.spec.aliases...)
		for j := 0; j < len(cands); j++ {
			d := editDistance(want, normalizeName(cands[j]))
			if bestD < 0 || d < bestD {
				best, bestD = cands[j], d
			}
		}
	}
	// A typo is a few edits away; "nope" is not a misspelt "zoom".
	limit := len(want) / 3
	if limit < 1 {
		limit = 1
	}
	if limit > 3 {
		limit = 3
	}
	if bestD < 0 || bestD > limit {
		// A name that is a whole word of a provider ("sign" in
		// dropbox_sign) is still a good guess.
		for i := 0; i < len(names); i++ {
			if len(want) >= 4 && strings.Contains(normalizeName(names[i]), want) {
				return names[i]
			}
		}
		return ""
	}
	return best
}

// DidYouMean is the suffix adapters append to an unknown provider's error:
// ` (did you mean "github"?)`, or "" when no name is near.
func DidYouMean(name string) string {
	if s := SuggestProvider(name); s != "" {
		return " (did you mean " + quote(s) + "?)"
	}
	return ""
}

func quote(s string) string { return "\"" + s + "\"" }

func normalizeName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.Replace(s, "-", "_", -1)
	s = strings.Replace(s, " ", "_", -1)
	return s
}

// editDistance is the Levenshtein distance of two short names (config time
// only, never on the request path).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j] + 1
			if w := cur[j-1] + 1; w < v {
				v = w
			}
			if w := prev[j-1] + cost; w < v {
				v = w
			}
			cur[j] = v
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
