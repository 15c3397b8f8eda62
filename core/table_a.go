package core

// groupA is one group of the provider table (see specs in provider.go).
var groupA = map[string]spec{}
