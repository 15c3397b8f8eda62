package core

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"strings"
)

// parseQuery parses an application/x-www-form-urlencoded body.
func parseQuery(s string) (url.Values, error) {
	v, err := url.ParseQuery(s)
	if err != nil {
		return nil, fmt.Errorf("%w: form: %v", ErrMalformedPayload, err)
	}
	return v, nil
}

// formJSON turns form values into a JSON object (single values as strings,
// repeated values as arrays), for the CloudEvents data of form deliveries.
func formJSON(v url.Values) []byte {
	m := make(map[string]interface{}, len(v))
	for k, vs := range v {
		if len(vs) == 1 {
			m[k] = vs[0]
		} else {
			m[k] = vs
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil
	}
	return b
}

// maxFormParts bounds how many parts a multipart body may have.
const maxFormParts = 64

// multipartFields reads the text fields of a multipart/form-data body (already
// bounded in size). File parts are skipped. Malformed input is
// ErrMalformedPayload.
func multipartFields(contentType string, body []byte) (url.Values, error) {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["boundary"] == "" {
		return nil, fmt.Errorf("%w: multipart without boundary", ErrMalformedPayload)
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	out := url.Values{}
	for i := 0; ; i++ {
		if i >= maxFormParts {
			return nil, fmt.Errorf("%w: too many multipart parts", ErrMalformedPayload)
		}
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: multipart: %v", ErrMalformedPayload, err)
		}
		name := part.FormName()
		if name == "" || part.FileName() != "" {
			part.Close()
			continue
		}
		var sb strings.Builder
		if _, err := io.Copy(&sb, part); err != nil {
			return nil, fmt.Errorf("%w: multipart: %v", ErrMalformedPayload, err)
		}
		out.Add(name, sb.String())
	}
	return out, nil
}
