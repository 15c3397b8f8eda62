package core

import (
	"reflect"
	"strings"
	"testing"
)

// pickCorpus: objects with the paths the hot providers read, nested,
// repeated, escaped, of every type, and inputs that are not one object.
var pickCorpus = []string{
	`{}`, `{"action":"opened","repository":{"full_name":"o/r","id":42},"issue":{"id":7}}`,
	`{"action":1.5e3,"repository":{"full_name":true},"organization":{"login":false}}`,
	`{"action":null,"repository":null,"issue":[1,2],"pull_request":"x"}`,
	`{"repository":{"full_name":"a"},"repository":{"id":1}}`, `{"action":"a","action":"b"}`,
	`{"repository":{"full_name":"a"},"repository":"flat"}`, `{"a\u0063tion":"esc","repo\\":1}`,
	`{"action":"h\u00e9llo \"q\" \\ \/ \ud83d\ude00","repository":{"full_name":"caf` + "\xc3\xa9" + `"}}`,
	`{"action":"bad` + "\xff" + `utf8"}`, `{"action" : "spaced" , "issue" : { "id" : -0 } }`,
	`{"list_folder":{"accounts":["dbid:a","dbid:b",3,true,null,{"x":1},[2]]},"delta":{"users":[12345678901234567890,-1.5]}}`,
	`{"list_folder":{"accounts":[]},"delta":{"users":[1]}}`, `{"list_folder":{"accounts":"no"}}`,
	`{"trigger":"FILE.UPLOADED","source":{"id":"42","type":"file"},"created_at":"2024-01-02T03:04:05Z"}`,
	`{"data":{"object":{"object":"customer","id":"cus_1"}},"data":{"object":{"id":"cus_2"}}}`,
	`{"a":{"b":{"c":{"d":"deep"}}},"a.b":"dotted"}`, `{"action":"x"}x`, `{"action":"x"} `, `{"action":"x",}`,
	`{"action":"x" "y"}`, `[]`, `null`, `"s"`, ``, `{`, `{"action":`, `{"action":"unterminated}`,
	`{"action":"ctl` + "\x01" + `"}`, `{"action":01}`, `{"issue":{"id":1.}}`, `{"issue":{"id":tru}}`,
	`{"issue":{"id":[1,]}}`, `{"issue":{"id":"\x"}}`, `{"issue":{"id":"\u12"}}`,
	`{"pad":"` + strings.Repeat("abcdefgh", 40) + `\"` + strings.Repeat("z", 13) + `","action":"after"}`,
	strings.Repeat(`{"a":`, maxJSONDepth) + `1` + strings.Repeat(`}`, maxJSONDepth),
	strings.Repeat(`{"a":`, maxJSONDepth+1) + `1` + strings.Repeat(`}`, maxJSONDepth+1),
	`{"a":` + strings.Repeat(`[`, maxJSONDepth) + strings.Repeat(`]`, maxJSONDepth) + `}`,
}

var pickPaths = []string{
	"action", "repository.full_name", "organization.login", "issue.id", "pull_request.id",
	"list_folder.accounts", "delta.users", "trigger", "source.type", "source.id", "created_at",
	"data.object.object", "data.object.id", "data.object", "a.b.c.d", "a.b", "a\\", "repo\\",
}

// TestPickJSON: reading only some fields gives what decoding the whole
// object into a map and walking it gives (field, fieldList), and fails
// where that fails. Runs compiled and under Yaegi (TestCoreUnderYaegi),
// so both implementations are held to the same reference.
func TestPickJSON(t *testing.T) {
	corpus := append([]string{}, pickCorpus...)
	corpus = append(corpus, string(benchBody(1<<10)), string(benchBody(64<<10)))
	for i := 0; i < len(jsonCorpus); i++ {
		corpus = append(corpus, jsonCorpus[i])
	}
	for i := 0; i < len(corpus); i++ {
		checkPick(t, []byte(corpus[i]), pickPaths)
	}
}

func checkPick(t *testing.T, in []byte, paths []string) {
	t.Helper()
	m, code := decodeJSONObjectStd(in)
	vals := pickJSON(in, paths)
	if (code == jsonOK) != (vals != nil) {
		t.Fatalf("%.80q: map decode code %d, pickJSON %v", in, code, vals != nil)
	}
	if vals == nil {
		return
	}
	if len(vals) != len(paths) {
		t.Fatalf("%.80q: %d values for %d paths", in, len(vals), len(paths))
	}
	for i := 0; i < len(paths); i++ {
		if got, want := jsonString(vals[i]), field(m, paths[i]); got != want {
			t.Fatalf("%.80q: %s = %q, map walk gives %q", in, paths[i], got, want)
		}
		got, want := jsonStrings(vals[i]), fieldList(m, paths[i])
		if len(got) != 0 || len(want) != 0 {
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%.80q: list %s = %q, map walk gives %q", in, paths[i], got, want)
			}
		}
	}
}

// FuzzPickJSON holds pickJSON to the map decode on any input.
func FuzzPickJSON(f *testing.F) {
	for i := 0; i < len(pickCorpus); i++ {
		if len(pickCorpus[i]) < 1000 {
			f.Add([]byte(pickCorpus[i]))
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkPick(t, in, pickPaths)
	})
}
