package core

// groupC is one group of the provider table (see specs in provider.go).
var groupC = map[string]spec{}
