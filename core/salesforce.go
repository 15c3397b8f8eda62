package core

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// SalesforceAck is the SOAP acknowledgement Salesforce outbound messaging
// requires; without it the message is sent again.
const SalesforceAck = `<?xml version="1.0" encoding="UTF-8"?>` +
	`<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">` +
	`<soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">` +
	`<Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>`

var salesforceSpec = spec{
	builder: newSalesforce,
	scheme:  "none (SOAP outbound message): notifications/OrganizationId must match; answered with the SOAP <Ack>true</Ack>",
	secret:  "Organization ID(s), 15 or 18 characters (or option organization_id)",
	ack:     SalesforceAck,
	ackType: "text/xml; charset=utf-8",
	aliases: []string{"salesforce_outbound"},
	options: []OptionInfo{
		{"organization_id", OptionList, "the Organization ID(s) accepted (or give them as secrets)"},
	},
}

// Salesforce outbound messages (workflow / flow) are SOAP 1.1 and carry no
// signature. What authenticates them is the sending organization:
// notifications/OrganizationId must be one of the configured Organization
// IDs (18 characters, or the 15-character form, compared in constant time).
// They are given as secrets or as the comma-separated option
// "organization_id" (both are accepted; at least one is required). Restrict
// the route to Salesforce's IP ranges, or require its client certificate,
// for more.
//
// A message holds up to 100 Notification elements; the notification Id is
// the delivery id (for a batch, one derived from all its ids). The forwarded
// data is a JSON rendering of the notifications; the answer is the SOAP Ack.
type salesforce struct {
	orgs []string
}

func newSalesforce(c *Config) (Provider, error) {
	orgs, err := secretsOrOption(c, "organization_id")
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		if len(o) != 15 && len(o) != 18 {
			return nil, fmt.Errorf("salesforce: organization_id: %w: an Organization ID has 15 or 18 characters", ErrBadConfig)
		}
	}
	return &salesforce{orgs: orgs}, nil
}

// Plain structs for encoding/xml (no custom unmarshalers).
type sfEnvelope struct {
	Body struct {
		Notifications struct {
			OrganizationID string           `xml:"OrganizationId"`
			ActionID       string           `xml:"ActionId"`
			Notification   []sfNotification `xml:"Notification"`
		} `xml:"notifications"`
	} `xml:"Body"`
}

type sfNotification struct {
	ID      string `xml:"Id"`
	SObject struct {
		Type   string    `xml:"http://www.w3.org/2001/XMLSchema-instance type,attr"`
		Fields []sfField `xml:",any"`
	} `xml:"sObject"`
}

type sfField struct {
	XMLName xml.Name
	Value   string `xml:",chardata"`
}

func (p *salesforce) Verify(r *Request) (*Result, error) {
	if err := wantMethod(r, http.MethodPost); err != nil {
		return nil, err
	}
	var env sfEnvelope
	d := xml.NewDecoder(bytes.NewReader(r.Body))
	if err := d.Decode(&env); err != nil {
		return nil, fmt.Errorf("%w: not a SOAP outbound message", ErrMalformedPayload)
	}
	n := env.Body.Notifications
	org := strings.TrimSpace(n.OrganizationID)
	if org == "" {
		return nil, ErrMissingSignature
	}
	ok := false
	for _, want := range p.orgs {
		got := org
		if len(want) == 15 && len(got) == 18 {
			got = got[:15]
		}
		if equalToken(got, want) {
			ok = true
		}
	}
	if !ok {
		return nil, fmt.Errorf("%w: organization id", ErrSignatureMismatch)
	}
	if len(n.Notification) == 0 {
		return nil, fmt.Errorf("%w: no notifications", ErrMalformedPayload)
	}
	ids := make([]string, 0, len(n.Notification))
	items := make([]map[string]interface{}, 0, len(n.Notification))
	for _, no := range n.Notification {
		fields := map[string]string{}
		for _, f := range no.SObject.Fields {
			fields[f.XMLName.Local] = strings.TrimSpace(f.Value)
		}
		items = append(items, map[string]interface{}{
			"id":         strings.TrimSpace(no.ID),
			"objectType": sfType(no.SObject.Type),
			"fields":     fields,
		})
		ids = append(ids, strings.TrimSpace(no.ID))
	}
	first := n.Notification[0]
	ev := &Event{
		Type:       "outbound_message",
		Subject:    org,
		ObjectType: sfType(first.SObject.Type),
		Action:     ActionUpdated,
	}
	for _, f := range first.SObject.Fields {
		if f.XMLName.Local == "Id" {
			ev.ObjectID = strings.TrimSpace(f.Value)
		}
	}
	if ev.ObjectType != "" {
		ev.Type = "outbound_message." + ev.ObjectType
	}
	if len(ids) == 1 {
		ev.DeliveryID = ids[0]
	} else {
		sorted := append([]string{}, ids...)
		sort.Strings(sorted)
		sum := sha256.Sum256([]byte(strings.Join(sorted, ",")))
		ev.DeliveryID = "sf_" + hex.EncodeToString(sum[:16])
	}
	data, err := json.Marshal(map[string]interface{}{
		"organizationId": org,
		"actionId":       strings.TrimSpace(n.ActionID),
		"notifications":  items,
	})
	if err == nil {
		ev.Data = data
	}
	ev.bodyKey(r.Body)
	return &Result{Event: ev}, nil
}

// sfType turns xsi:type "sf:Account" into "Account".
func sfType(t string) string {
	if i := strings.LastIndex(t, ":"); i >= 0 {
		return t[i+1:]
	}
	return t
}
