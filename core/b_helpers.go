package core

import ()

// Helpers shared by the providers of group B (table_b.go).
