-- +goose Up
-- Enterprise registry (统一社会信用代码, attributes, name history), import
-- jobs with their rejected rows, and firms' periodic reports with revisions.

ALTER TABLE organisations ADD COLUMN uscc TEXT;
ALTER TABLE organisations ADD COLUMN registered_on TEXT;
ALTER TABLE organisations ADD COLUMN legal_form TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN industry_code TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN above_scale BOOLEAN;
ALTER TABLE organisations ADD COLUMN size_class TEXT NOT NULL DEFAULT '';
ALTER TABLE nodes ADD COLUMN aliases TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX organisations_uscc ON organisations (system_id, uscc) WHERE uscc IS NOT NULL;

-- An import: a file read as a job with status and counters.
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'done', 'rejected', 'failed')),
    started_at TEXT NOT NULL,
    finished_at TEXT,
    rows_read INTEGER NOT NULL DEFAULT 0,
    rows_written INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT ''
);

CREATE TABLE import_errors (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    sheet TEXT NOT NULL DEFAULT '',
    row_no INTEGER NOT NULL,
    col TEXT NOT NULL DEFAULT '',
    value TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL
);

-- Names an organisation has been known by (the current one included).
CREATE TABLE organisation_names (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    import_id INTEGER REFERENCES imports(id),
    UNIQUE (org_id, name)
);

-- Memberships and recognitions written by a registry import name it.
ALTER TABLE memberships ADD COLUMN import_id INTEGER REFERENCES imports(id);
CREATE INDEX memberships_org ON memberships (org_id);
CREATE INDEX memberships_node ON memberships (node_id);
CREATE INDEX recognitions_org ON recognitions (org_id, name);
ALTER TABLE recognitions ADD COLUMN import_id INTEGER REFERENCES imports(id);

-- A firm's year-to-date (1–N月) report of one indicator: the cumulative value
-- and the same period of last year as re-reported this year (同期数), both in
-- hundredths of the indicator's base unit (fen for yuan); NULL is missing.
-- Every correction is a new revision; is_current marks the latest.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    org_id INTEGER NOT NULL REFERENCES organisations(id),
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    year INTEGER NOT NULL,
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    value BIGINT,
    prior BIGINT,
    revision INTEGER NOT NULL,
    is_current BOOLEAN NOT NULL,
    import_id INTEGER REFERENCES imports(id),
    UNIQUE (org_id, indicator_id, year, month, revision)
);
CREATE UNIQUE INDEX reports_current ON reports (org_id, indicator_id, year, month) WHERE is_current;
-- Covering index of a period's current figures: aggregation reads only it.
CREATE INDEX reports_period ON reports (system_id, year, month, org_id, indicator_id, value, prior) WHERE is_current;

-- +goose Down
DROP TABLE reports;
DROP TABLE organisation_names;
DROP TABLE import_errors;
DROP TABLE imports;
DROP INDEX recognitions_org;
DROP INDEX memberships_node;
DROP INDEX memberships_org;
ALTER TABLE recognitions DROP COLUMN import_id;
ALTER TABLE memberships DROP COLUMN import_id;
DROP INDEX organisations_uscc;
ALTER TABLE nodes DROP COLUMN aliases;
ALTER TABLE organisations DROP COLUMN size_class;
ALTER TABLE organisations DROP COLUMN above_scale;
ALTER TABLE organisations DROP COLUMN industry_code;
ALTER TABLE organisations DROP COLUMN legal_form;
ALTER TABLE organisations DROP COLUMN registered_on;
ALTER TABLE organisations DROP COLUMN uscc;
