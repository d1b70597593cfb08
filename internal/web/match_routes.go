package web

// matchRoutes are the pages and API of industry–academia–research matching.
func (s *Server) matchRoutes() []route { return nil }
