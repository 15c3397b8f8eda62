//go:build !gc
// +build !gc

package core

// Under Yaegi (which never sets the gc tag) the stdlib does the byte work:
// a hand-written parser would run ~90x slower interpreted. See
// fastpath_gc.go for the compiled path.

func decodeObject(body []byte) (map[string]interface{}, int) {
	return decodeJSONObjectStd(body)
}

func encodeCloudEvent(env *ceEnvelope, data []byte) ([]byte, error) {
	return encodeCloudEventStd(env, data)
}
