package core

// extractFunc fills a verified delivery's event from the request: the one
// signature of every provider's event extraction. It may instead answer the
// request at the edge (a handshake that comes signed, such as HCP
// Terraform's verification notification), or refuse it with an error (a body
// the provider never sends).
type extractFunc func(r *Request, ev *Event) (*Reply, error)

// extracted runs extract on ev (nil: nothing to read) and returns the result.
func extracted(r *Request, ev *Event, extract extractFunc) (*Result, error) {
	if extract == nil {
		return &Result{Event: ev}, nil
	}
	reply, err := extract(r, ev)
	if err != nil {
		return nil, err
	}
	if reply != nil {
		return &Result{Reply: reply}, nil
	}
	return &Result{Event: ev}, nil
}

// jsonFields names where a provider's JSON body keeps the event's fields,
// as dotted paths (field's); "" reads nothing. Providers whose extraction
// is no more than that declare it as data: fromJSON(jsonFields{...}).
type jsonFields struct {
	id         string   // the delivery id (dedup key)
	typ        string   // the event type
	split      bool     // object type and action from the type ("customer.created")
	typeObject bool     // the type is also the object type
	object     string   // a fixed object type
	objectType string   // the object type, when the body has one
	objectID   string   // the object id
	subject    []string // the subject: the first of these that is set
	time       string   // when the event happened, when it parses
	action     string   // a fixed action
}

// fromJSON returns the extract reading f from a JSON object body; a body that
// is not one leaves the event as the signature check made it.
func fromJSON(f jsonFields) extractFunc {
	return func(r *Request, ev *Event) (*Reply, error) {
		if m := jsonBody(r, ev); m != nil {
			f.fill(m, ev)
		}
		return nil, nil
	}
}

// fill sets ev's fields from m.
func (f *jsonFields) fill(m map[string]interface{}, ev *Event) {
	if f.id != "" {
		ev.DeliveryID = field(m, f.id)
	}
	if f.typ != "" {
		ev.Type = field(m, f.typ)
	}
	if f.split {
		ev.ObjectType, ev.Action = splitType(ev.Type)
	}
	if f.typeObject {
		ev.ObjectType = ev.Type
	}
	if f.object != "" {
		ev.ObjectType = f.object
	}
	if f.objectType != "" {
		if v := field(m, f.objectType); v != "" {
			ev.ObjectType = v
		}
	}
	if f.objectID != "" {
		ev.ObjectID = field(m, f.objectID)
	}
	if len(f.subject) > 0 {
		ev.Subject = firstField(m, f.subject...)
	}
	if f.time != "" {
		if t := timeField(m, f.time); !t.IsZero() {
			ev.Time = t
		}
	}
	if f.action != "" {
		ev.Action = f.action
	}
}
