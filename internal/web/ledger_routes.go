package web

// ledgerRoutes are the pages and API of the ledgers (technology contracts,
// IP-value loans, incubation, talent).
func (s *Server) ledgerRoutes() []route { return nil }
