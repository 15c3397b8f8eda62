package core

import ()

// Helpers shared by the group-D providers (names end in D so the groups never collide) (ngrok ids that providers.md does
// not cover). Everything cryptographic goes through crypto.go (macOf, anyMAC,
// equalToken); these only describe presets and pick fields.
