package web

import (
	_ "embed"
	"net/http"
)

// openAPI is the OpenAPI 3.1 description of /api/v1 (a test checks it
// against the router's routes).
//
//go:embed openapi/openapi.json
var openAPI []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(openAPI)
	return err
}
