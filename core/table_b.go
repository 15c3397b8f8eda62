package core

// groupB is one group of the provider table (see specs in provider.go).
var groupB = map[string]spec{}
