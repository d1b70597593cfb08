// Package datasets embeds the built-in district datasets (docs/dataset.md).
// Fuling's "1+2+3" innovation system, transcribed from published sources, is
// in fuling/ and is loaded into a fresh database on first start.
package datasets

import "embed"

// FS holds the built-in datasets, one directory each.
//
//go:embed fuling catalogue
var FS embed.FS

// Fuling is the directory of the Fuling dataset in FS.
const Fuling = "fuling"

// ReportCatalogue is the built-in catalogue of the indicators firms report
// monthly (营业收入, 研发投入, 从业人员 …), loaded into every database.
const ReportCatalogue = "catalogue/reports.yaml"
