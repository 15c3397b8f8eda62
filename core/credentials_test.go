package core

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// A credential that arrives in the body is the route's secret: it never
// reaches the upstream, in any format (issue #11, point 13; design.md
// "Header hygiene").
func TestBodyCredentialsAreNotForwarded(t *testing.T) {
	cases := []struct {
		provider, secret, body string
	}{
		{"microsoft_graph", "graph-client-state-7Qz", `{"value":[{"subscriptionId":"s1","clientState":"graph-client-state-7Qz","changeType":"created",` +
			`"resource":"Users/1/Messages/2","resourceData":{"@odata.type":"#Microsoft.Graph.Message","id":"2"}},` +
			`{"subscriptionId":"s1","clientState":"graph-client-state-7Qz","changeType":"updated","resource":"Users/1/Messages/3"}]}`},
		{"figma", "figma-passcode-4Rt", `{"event_type":"FILE_UPDATE","passcode":"figma-passcode-4Rt","file_key":"k1","timestamp":"2026-01-01T00:00:00Z"}`},
	}
	for _, c := range cases {
		for _, format := range []string{FormatCloudEvents, FormatBinary, FormatRaw, FormatElements} {
			v, err := New(Config{Provider: c.provider, Secrets: []string{c.secret}, Format: format, Dedup: -1})
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("POST", "/hooks/x", strings.NewReader(c.body))
			r.Header.Set("Content-Type", "application/json")
			o, err := v.Inspect(r)
			if err != nil {
				t.Fatalf("%s %s: %v", c.provider, format, err)
			}
			o.Apply(r)
			var fwd strings.Builder
			fwd.Write(o.Body)
			for k, vs := range r.Header {
				fwd.WriteString(k + ": " + strings.Join(vs, ",") + "\n")
			}
			if strings.Contains(fwd.String(), c.secret) {
				t.Errorf("%s %s: the secret is forwarded: %s", c.provider, format, o.Body)
			}
			if !strings.Contains(string(o.Body), "subscriptionId") && !strings.Contains(string(o.Body), "file_key") {
				t.Errorf("%s %s: the payload is gone: %s", c.provider, format, o.Body)
			}
		}
	}
}
