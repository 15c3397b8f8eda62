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
// is not one leaves the event as the signature check made it. The paths are
// listed once, here, and each delivery reads only them (pickJSON: one
// validating pass compiled, encoding/json under Yaegi), never building the
// whole payload.
func fromJSON(f jsonFields) extractFunc {
	pl := planJSON(f)
	return func(r *Request, ev *Event) (*Reply, error) {
		if vals := pickJSON(r.Body, pl.paths); vals != nil {
			ev.isJSON = true
			pl.fill(vals, ev)
		}
		return nil, nil
	}
}

// jsonPlan is jsonFields as a path list and, for each field, its index in
// it (-1: not read).
type jsonPlan struct {
	f                                   jsonFields
	paths                               []string
	id, typ, objectType, objectID, time int
	subject                             int // the first of len(f.subject) paths
}

func planJSON(f jsonFields) *jsonPlan {
	pl := &jsonPlan{f: f}
	add := func(path string) int {
		if path == "" {
			return -1
		}
		pl.paths = append(pl.paths, path)
		return len(pl.paths) - 1
	}
	pl.id = add(f.id)
	pl.typ = add(f.typ)
	pl.objectType = add(f.objectType)
	pl.objectID = add(f.objectID)
	pl.time = add(f.time)
	pl.subject = len(pl.paths)
	for i := 0; i < len(f.subject); i++ {
		pl.paths = append(pl.paths, f.subject[i])
	}
	return pl
}

// fill sets ev's fields from the values read at pl.paths.
func (pl *jsonPlan) fill(vals [][]byte, ev *Event) {
	f := &pl.f
	if pl.id >= 0 {
		ev.DeliveryID = jsonString(vals[pl.id])
	}
	if pl.typ >= 0 {
		ev.Type = jsonString(vals[pl.typ])
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
	if pl.objectType >= 0 {
		if v := jsonString(vals[pl.objectType]); v != "" {
			ev.ObjectType = v
		}
	}
	if pl.objectID >= 0 {
		ev.ObjectID = jsonString(vals[pl.objectID])
	}
	if len(f.subject) > 0 {
		ev.Subject = ""
		for i := pl.subject; i < pl.subject+len(f.subject); i++ {
			if v := jsonString(vals[i]); v != "" {
				ev.Subject = v
				break
			}
		}
	}
	if pl.time >= 0 {
		if t := timeValue(jsonString(vals[pl.time])); !t.IsZero() {
			ev.Time = t
		}
	}
	if f.action != "" {
		ev.Action = f.action
	}
}
