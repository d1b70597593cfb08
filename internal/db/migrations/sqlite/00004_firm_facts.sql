-- +goose Up
-- Screening facts a firm supplies that the registry and the monthly reports
-- do not hold (IP counts, the 高企 R&D breakdown, expert-judged items …), as
-- a JSON object in the shape of the facts file (docs/screening.md) with only
-- the facts given. Every supply is kept; the latest per firm is used.
CREATE TABLE firm_facts (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    supplied_on TEXT NOT NULL,
    facts TEXT NOT NULL,
    import_id INTEGER REFERENCES imports(id),
    row_no INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX firm_facts_org ON firm_facts (org_id, id);

-- +goose Down
DROP TABLE firm_facts;
