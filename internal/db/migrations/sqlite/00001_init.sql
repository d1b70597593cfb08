-- +goose Up
-- The model of an innovation system: sources, indicator catalogue, structure,
-- organisations, published observations and plan targets.
-- Values are exact decimal strings in base units (yuan, count, ratio, km2, ...).
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT ''
);

CREATE TABLE systems (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL DEFAULT '',
    region_code TEXT NOT NULL,
    region_name TEXT NOT NULL,
    source_id INTEGER REFERENCES sources(id),
    quote TEXT NOT NULL DEFAULT ''
);

CREATE TABLE nodes (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    code TEXT NOT NULL,
    parent_id INTEGER REFERENCES nodes(id),
    part_of_id INTEGER REFERENCES nodes(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    full_name TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT '',
    numeral TEXT NOT NULL DEFAULT '',
    level TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    source_id INTEGER REFERENCES sources(id),
    quote TEXT NOT NULL DEFAULT '',
    sort INTEGER NOT NULL DEFAULT 0,
    UNIQUE (system_id, code)
);

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('flow', 'stock', 'ratio')),
    display_precision INTEGER NOT NULL DEFAULT -1,
    counter TEXT NOT NULL DEFAULT '',
    definition TEXT NOT NULL DEFAULT ''
);

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    in_district BOOLEAN NOT NULL DEFAULT TRUE,
    description TEXT NOT NULL DEFAULT '',
    source_id INTEGER REFERENCES sources(id),
    quote TEXT NOT NULL DEFAULT '',
    UNIQUE (system_id, code)
);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    node_id INTEGER NOT NULL REFERENCES nodes(id),
    valid_from TEXT,
    valid_to TEXT,
    as_of TEXT,
    source_id INTEGER REFERENCES sources(id),
    quote TEXT NOT NULL DEFAULT ''
);

CREATE TABLE recognitions (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    level TEXT NOT NULL DEFAULT '',
    granted TEXT NOT NULL DEFAULT '',
    valid_until TEXT NOT NULL DEFAULT '',
    certificate_no TEXT NOT NULL DEFAULT '',
    source_id INTEGER REFERENCES sources(id),
    quote TEXT NOT NULL DEFAULT ''
);

CREATE TABLE observations (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    node_id INTEGER REFERENCES nodes(id),
    org_id INTEGER REFERENCES organisations(id),
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    period TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    value TEXT NOT NULL,
    value_written TEXT NOT NULL DEFAULT '',
    qualifier TEXT NOT NULL DEFAULT '',
    yoy TEXT,
    status TEXT NOT NULL CHECK (status IN ('published', 'provisional', 'estimated')),
    source_id INTEGER REFERENCES sources(id),
    quote TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    CHECK ((node_id IS NULL) <> (org_id IS NULL))
);
CREATE INDEX observations_scope ON observations (system_id, node_id, org_id, indicator_id, period_end);
-- One figure per scope, indicator and period: a second one is a conflict to resolve, not a row to add.
CREATE UNIQUE INDEX observations_one_figure ON observations (system_id, COALESCE(node_id, 0), COALESCE(org_id, 0), indicator_id, period);

CREATE TABLE targets (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    node_id INTEGER REFERENCES nodes(id),
    org_id INTEGER REFERENCES organisations(id),
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    target_year INTEGER NOT NULL,
    horizon TEXT NOT NULL DEFAULT '',
    verb TEXT NOT NULL DEFAULT '力争',
    value TEXT NOT NULL,
    value_written TEXT NOT NULL DEFAULT '',
    qualifier TEXT NOT NULL DEFAULT '',
    plan_start TEXT,
    baseline_period TEXT,
    baseline_value TEXT,
    source_id INTEGER REFERENCES sources(id),
    quote TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    CHECK ((node_id IS NULL) <> (org_id IS NULL))
);

-- +goose Down
DROP TABLE targets;
DROP TABLE observations;
DROP TABLE recognitions;
DROP TABLE memberships;
DROP TABLE organisations;
DROP TABLE indicators;
DROP TABLE nodes;
DROP TABLE systems;
DROP TABLE sources;
