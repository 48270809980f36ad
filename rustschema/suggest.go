package rustschema

// Suggest returns the candidate closest to name by edit distance when it is
// close enough to be a plausible typo of name, else "". Tools built on the
// schema model (the vet pass's unknown cell and type names) use it so that
// every did-you-mean in cellvet follows the same rule. It sorts cands.
func Suggest(name string, cands []string) string { return suggest(name, cands) }
