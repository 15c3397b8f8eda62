package provsign

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Providers that carry their signature (or a credential) inside the body
// need the body edited: jobj is a JSON object that keeps its members' order
// and their values' bytes, so an edit changes only what it sets.

type jobj struct {
	keys []string
	vals map[string]json.RawMessage
}

func parseObj(b []byte) (*jobj, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("body: %v", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errors.New("body: want a JSON object")
	}
	o := &jobj{vals: map[string]json.RawMessage{}}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("body: %v", err)
		}
		k, _ := kt.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("body: %v", err)
		}
		if _, dup := o.vals[k]; !dup {
			o.keys = append(o.keys, k)
		}
		o.vals[k] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("body: %v", err)
	}
	return o, nil
}

func (o *jobj) bytes() []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(o.vals[k])
	}
	b.WriteByte('}')
	return b.Bytes()
}

// set sets key to v (marshalled, or raw when v is a json.RawMessage).
func (o *jobj) set(key string, v interface{}) error {
	raw, ok := v.(json.RawMessage)
	if !ok {
		b, err := marshal(v)
		if err != nil {
			return err
		}
		raw = b
	}
	if _, ok := o.vals[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.vals[key] = raw
	return nil
}

// str returns the string member key, or "".
func (o *jobj) str(key string) string {
	var s string
	if json.Unmarshal(o.vals[key], &s) == nil {
		return s
	}
	return string(o.vals[key])
}

// obj returns member key as an object (a new empty one when absent).
func (o *jobj) obj(key string) (*jobj, error) {
	raw, ok := o.vals[key]
	if !ok || string(raw) == "null" {
		return &jobj{vals: map[string]json.RawMessage{}}, nil
	}
	return parseObj(raw)
}

// edit applies f to member key (an object) and stores the result.
func (o *jobj) edit(key string, f func(*jobj) error) error {
	sub, err := o.obj(key)
	if err != nil {
		return fmt.Errorf("%s: %v", key, err)
	}
	if err := f(sub); err != nil {
		return err
	}
	return o.set(key, json.RawMessage(sub.bytes()))
}

// each applies f to every element (an object) of the array member key.
func (o *jobj) each(key string, f func(*jobj) error) error {
	var arr []json.RawMessage
	if err := json.Unmarshal(o.vals[key], &arr); err != nil {
		return fmt.Errorf("body: %s: want an array of objects", key)
	}
	var b bytes.Buffer
	b.WriteByte('[')
	for i, el := range arr {
		e, err := parseObj(el)
		if err != nil {
			return fmt.Errorf("%s[%d]: %v", key, i, err)
		}
		if err := f(e); err != nil {
			return err
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(e.bytes())
	}
	b.WriteByte(']')
	return o.set(key, json.RawMessage(b.Bytes()))
}

// marshal is json.Marshal without HTML escaping.
func marshal(v interface{}) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// editBody parses the body as an object, applies f and stores it back.
func (c *ctx) editBody(f func(*jobj) error) error {
	o, err := parseObj(c.body)
	if err != nil {
		return err
	}
	if err := f(o); err != nil {
		return err
	}
	c.body = o.bytes()
	return nil
}
