package web

// matchRoutes are the pages and API of industry–academia–research matching
// (handlers in match.go).
func (s *Server) matchRoutes() []route {
	return []route{
		{"GET /match", s.matchPage},
		{"GET /api/v1/match", s.apiMatch},
		{"GET /demands", s.demandsPage},
		{"POST /demands", s.demandPost},
		{"GET /demands.xlsx", s.demandsXLSX},
		{"GET /demands/{id}", s.demandPage},
		{"POST /demands/{id}/feedback", s.demandFeedback},
		{"GET /achievements", s.achievementsPage},
		{"POST /achievements", s.achievementPost},
		{"GET /achievements.xlsx", s.achievementsXLSX},
		{"GET /achievements/{id}", s.achievementPage},
		{"POST /match/import", s.matchImport},
		{"GET /match/template/{kind}", s.matchTemplate},
	}
}
