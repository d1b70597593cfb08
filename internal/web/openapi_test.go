package web_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func init() {
	samples["GET /api/v1/openapi.json"] = sample{"/api/v1/openapi.json", []string{`"openapi": "3.1.0"`, `"/api/v1/firms/{uscc}/screening"`}}
}

// The OpenAPI description lists exactly the router's /api/ routes, with
// their path parameters, and is a well-formed OpenAPI 3.1 document.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	ts, srv := newServer(t)
	_, _, body := get(t, ts, "/api/v1/openapi.json")
	var doc struct {
		OpenAPI string `json:"openapi"`
		Info    struct {
			Title, Version string
		} `json:"info"`
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
			Parameters  []struct {
				Name, In string
				Required bool
			} `json:"parameters"`
			Responses map[string]any `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" || doc.Info.Title == "" || doc.Info.Version == "" {
		t.Fatalf("header %+v", doc)
	}
	var routes []string
	for _, r := range srv.Routes() {
		method, path, _ := strings.Cut(r, " ")
		if strings.HasPrefix(path, "/api/") {
			routes = append(routes, strings.ToLower(method)+" "+path)
		}
	}
	var described []string
	ids := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			described = append(described, method+" "+path)
			if op.OperationID == "" || ids[op.OperationID] || len(op.Responses) == 0 {
				t.Errorf("%s %s: operationId %q, %d responses", method, path, op.OperationID, len(op.Responses))
			}
			ids[op.OperationID] = true
			for _, seg := range strings.Split(path, "/") {
				if strings.HasPrefix(seg, "{") {
					name := strings.Trim(seg, "{}")
					if !slices.ContainsFunc(op.Parameters, func(p struct {
						Name, In string
						Required bool
					}) bool {
						return p.Name == name && p.In == "path" && p.Required
					}) {
						t.Errorf("%s %s: no required path parameter %s", method, path, name)
					}
				}
			}
		}
	}
	slices.Sort(routes)
	slices.Sort(described)
	if !slices.Equal(routes, described) {
		t.Errorf("routes and description differ:\nroutes    %v\ndescribed %v", routes, described)
	}
}
