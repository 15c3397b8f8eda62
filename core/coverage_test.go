package core

import "testing"

// ngrokIDs are the 69 provider ids of ngrok's verify-webhook action
// (Appendix A of ../shared/providers.md, the project's research note on the
// schemes, not shipped). Every one is a provider name here, so a user can
// move a route over by keeping its provider id.
var ngrokIDs = []string{"aftership", "airship", "alchemy", "autodesk", "bitbucket", "bolt", "box", "brex", "buildkite", "calendly", "castle", "chargify", "circleci", "clearbit", "clerk", "coinbase", "contentful", "docusign", "dropbox", "facebook_graph_api", "facebook_messenger", "frameio", "github", "gitlab", "go1", "graphcms", "heroku", "hostedhooks", "hubspot", "instagram", "intercom", "jira", "launch_darkly", "linear", "mailchimp", "mailgun", "microsoft_teams", "modern_treasury", "mongodb", "mux", "orb", "orbit", "pagerduty", "pinwheel", "plivo", "pusher", "sendgrid", "sentry", "shopify", "signal_sciences", "slack", "sns", "sonatype", "square", "stripe", "svix", "terraform", "tiktok", "trendmicro_conformity", "twilio", "twitter", "typeform", "vmware", "webex", "whatsapp", "worldline", "xero", "zendesk", "zoom"}

func TestEveryNgrokProviderID(t *testing.T) {
	if len(ngrokIDs) != 69 {
		t.Fatalf("%d ngrok ids listed, want 69", len(ngrokIDs))
	}
	have := map[string]bool{}
	for _, p := range Providers() {
		have[p] = true
	}
	for _, id := range ngrokIDs {
		if !have[id] {
			t.Errorf("ngrok provider id %q is not a provider name", id)
		}
	}
	if n := len(Providers()); n < 75 {
		t.Errorf("%d providers, want at least 75", n)
	}
}

// TestHandshakesAnsweredAtTheEdge counts the providers whose handshake is
// answered by hookstile itself, from the vector files: a case that wants
// "handshake" proves it.
func TestHandshakesAnsweredAtTheEdge(t *testing.T) {
	answered := map[string]bool{}
	for _, f := range loadVectors(t) {
		for _, c := range f.Cases {
			if c.Want == "handshake" {
				answered[f.Provider] = true
			}
		}
	}
	if len(answered) < 15 {
		t.Errorf("%d providers have a handshake answered at the edge in their vectors, want at least 15: %v", len(answered), answered)
	}
	for p := range answered {
		if d, ok := Describe(p); !ok || d.Handshake == "" {
			t.Errorf("%s answers a handshake but its description does not say which", p)
		}
	}
}
