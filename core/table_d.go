package core

// groupD is one group of the provider table (see specs in provider.go).
var groupD = map[string]spec{}
