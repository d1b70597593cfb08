package web

import "net/http"

// ledgerRoutes are the pages and API of the ledgers (technology contracts,
// IP-value loans, incubation, talent): per ledger its page, hand entry
// (POST), file import (POST …/import) and xlsx export; and a carrier's
// national-incubator screening.
func (s *Server) ledgerRoutes() []route {
	var r []route
	for _, p := range ledgerPages {
		p := p
		r = append(r,
			route{"GET " + p.Path, func(w http.ResponseWriter, req *http.Request) error { return s.ledgerPage(w, req, p, nil, nil) }},
			route{"POST " + p.Path, func(w http.ResponseWriter, req *http.Request) error { return s.ledgerEntry(w, req, p) }},
			route{"POST " + p.Path + "/import", func(w http.ResponseWriter, req *http.Request) error { return s.ledgerUpload(w, req, p) }},
			route{"GET " + p.Path + ".xlsx", func(w http.ResponseWriter, req *http.Request) error { return s.ledgerXLSX(w, req, p) }},
		)
	}
	return append(r, route{"GET /incubation/screening", s.incubatorScreening})
}
