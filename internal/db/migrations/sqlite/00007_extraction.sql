-- +goose Up
-- Figures read from published text (issue 8: kechuang extract, 文本摘录).
-- Each pasted or uploaded text is a source (sources.body holds the text);
-- each indicator statement read from it is one extracted figure, status
-- 'extracted' (unconfirmed) until a person confirms it (possibly with
-- corrections) or rejects it. They are kept apart from observations: an
-- observation's scope must be a node or an organisation of the system and its
-- status one of three published kinds, while extracted figures are mostly
-- about other districts (regions, by 行政区划代码), may repeat or contradict
-- each other, and may name no catalogue indicator or no period.
-- Values are exact decimal strings in base units (yuan, count, ratio).

-- 行政区划 named by extracted text (GB/T 2260 codes): the peers of the district.
CREATE TABLE regions (
    code TEXT PRIMARY KEY,                 -- 行政区划代码, e.g. 330212
    name TEXT NOT NULL,                    -- 鄞州区
    level TEXT NOT NULL,                   -- province | prefecture | county
    parent_code TEXT NOT NULL DEFAULT ''
);

CREATE TABLE extracted_figures (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,                  -- 1, 2, … in text order
    scope_written TEXT NOT NULL DEFAULT '',
    scope_name TEXT NOT NULL DEFAULT '',
    scope_kind TEXT NOT NULL DEFAULT '',   -- node | org | region | project | ''
    node_id INTEGER REFERENCES nodes(id),
    region_code TEXT REFERENCES regions(code),
    scope_part TEXT NOT NULL DEFAULT '',   -- 区本级 …
    period TEXT NOT NULL DEFAULT '',       -- canonical period code, annual_capacity, or '' unknown
    period_written TEXT NOT NULL DEFAULT '',
    period_note TEXT NOT NULL DEFAULT '',
    indicator_written TEXT NOT NULL DEFAULT '',
    indicator_key TEXT NOT NULL,           -- extraction lexicon key (= catalogue code when mapped)
    indicator_name TEXT NOT NULL,
    indicator_id INTEGER REFERENCES indicators(id),
    value TEXT,                            -- NULL: a growth- or rank-only statement
    value_high TEXT,
    parts TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    value_written TEXT NOT NULL DEFAULT '',
    qualifier TEXT NOT NULL DEFAULT '',
    target BOOLEAN NOT NULL DEFAULT FALSE,
    yoy TEXT,
    cagr TEXT,
    pp_change TEXT,
    vs_average TEXT,
    growth_text TEXT NOT NULL DEFAULT '',  -- growth, points and ranks as written
    flags TEXT NOT NULL DEFAULT '',        -- space-separated
    note TEXT NOT NULL DEFAULT '',
    quote TEXT NOT NULL DEFAULT '',
    quote_start INTEGER NOT NULL DEFAULT 0, -- byte offsets of quote in sources.body
    quote_end INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'extracted' CHECK (status IN ('extracted', 'confirmed', 'rejected')),
    corrected BOOLEAN NOT NULL DEFAULT FALSE,
    reviewed_at TEXT NOT NULL DEFAULT '',
    review_note TEXT NOT NULL DEFAULT '',
    UNIQUE (source_id, seq)
);
CREATE INDEX extracted_figures_peer ON extracted_figures (system_id, status, indicator_key, region_code);

-- +goose Down
DROP TABLE extracted_figures;
DROP TABLE regions;
