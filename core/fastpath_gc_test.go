//go:build gc
// +build gc

package core

import (
	"reflect"
	"testing"
)

// TestFastJSONMatchesStdlib: the compiled parser gives what encoding/json
// gives, value for value, and fails where it fails.
func TestFastJSONMatchesStdlib(t *testing.T) {
	corpus := append([]string{}, jsonCorpus...)
	corpus = append(corpus, string(benchBody(1<<10)), string(benchBody(64<<10)))
	for _, in := range corpus {
		checkFastJSON(t, []byte(in))
	}
}

func checkFastJSON(t *testing.T, in []byte) {
	t.Helper()
	want, wcode := decodeJSONObjectStd(in)
	got, gcode := decodeObject(in)
	if (wcode == jsonOK) != (gcode == jsonOK) {
		t.Fatalf("%.80q: stdlib code %d, fast code %d", in, wcode, gcode)
	}
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("%.80q:\nstdlib %#v\nfast   %#v", in, want, got)
	}
}

func FuzzFastJSON(f *testing.F) {
	for _, in := range jsonCorpus {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkFastJSON(t, in)
	})
}

// TestFastCloudEventMatchesStdlib: the hand-built envelope is byte for
// byte what json.Marshal gives.
func TestFastCloudEventMatchesStdlib(t *testing.T) {
	odd := "a\"b\\c<d>e&f\x01\n\t\u2028é\xff"
	envs := []ceEnvelope{
		{SpecVersion: "1.0", ID: "x", Source: "/s", Type: "t", Time: "2023-11-14T22:13:20Z", Provider: "p"},
		{SpecVersion: "1.0", ID: "evt_1", Source: "/hookstile/stripe", Type: "stripe.customer.updated", Subject: "acct",
			Time: "2023-11-14T22:13:20.5Z", DataContentType: "application/json", Provider: "stripe",
			ObjectType: "customer", ObjectID: "cus_1", Action: "updated"},
		{SpecVersion: odd, ID: odd, Source: odd, Type: odd, Subject: odd, Time: odd, DataContentType: odd,
			DataBase64: odd, Provider: odd, ObjectType: odd, ObjectID: odd, Action: odd},
	}
	for _, env := range envs {
		env := env
		for _, data := range [][]byte{nil, []byte(`{"a":1}`)} {
			want, err := encodeCloudEventStd(&env, data)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := encodeCloudEvent(&env, data)
			if string(got) != string(want) {
				t.Fatalf("\nstdlib %s\nfast   %s", want, got)
			}
		}
	}
}
