-- +goose Up
-- Industry–academia–research matching (产学研对接, issue 6): firms' technology
-- demands, achievements and capabilities, the inverted index of both (tokens
-- produced in Go by internal/textseg, so both engines index the same words),
-- the recommendations made, staff feedback on them and the technology
-- contract an agreed match led to (by its registration number only: the
-- contract ledger is another module's).
-- Money is an exact decimal string in yuan; NULL is "not given", never 0.
CREATE TABLE match_demands (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    code TEXT NOT NULL,
    firm TEXT NOT NULL,
    uscc TEXT,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL DEFAULT '',
    industry TEXT NOT NULL DEFAULT '',
    budget_min TEXT,
    budget_max TEXT,
    modes TEXT NOT NULL DEFAULT '',
    deadline TEXT,
    status TEXT NOT NULL DEFAULT 'open',
    region TEXT NOT NULL DEFAULT '',
    carrier TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    created_on TEXT NOT NULL,
    terms BLOB,
    import_id INTEGER REFERENCES imports(id),
    row_no INTEGER NOT NULL DEFAULT 0,
    UNIQUE (system_id, code)
);

CREATE TABLE match_achievements (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    code TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'achievement',
    owner TEXT NOT NULL,
    title TEXT NOT NULL,
    abstract TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL DEFAULT '',
    trl INTEGER,
    stage TEXT NOT NULL DEFAULT '',
    patents TEXT NOT NULL DEFAULT '',
    modes TEXT NOT NULL DEFAULT '',
    price_min TEXT,
    price_max TEXT,
    region TEXT NOT NULL DEFAULT '',
    carrier TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    created_on TEXT NOT NULL,
    terms BLOB,
    import_id INTEGER REFERENCES imports(id),
    row_no INTEGER NOT NULL DEFAULT 0,
    UNIQUE (system_id, code)
);

-- Every token ever indexed, once.
CREATE TABLE match_terms (
    id INTEGER PRIMARY KEY,
    term TEXT NOT NULL UNIQUE
);

-- Posting lists: per system, corpus ('a' achievements, 'd' demands) and
-- term, blocks of at most 4096 postings, each a zig-zag varint id difference
-- and an impact byte (internal/match/postings.go). last_doc is the block's
-- last id (appends continue from it).
CREATE TABLE match_postings (
    system_id INTEGER NOT NULL,
    corpus TEXT NOT NULL,
    term_id INTEGER NOT NULL,
    block INTEGER NOT NULL,
    n INTEGER NOT NULL,
    last_doc INTEGER NOT NULL,
    docs BLOB NOT NULL,
    PRIMARY KEY (system_id, corpus, term_id, block)
);

-- A demand's recommendations as first shown (rank and score then).
CREATE TABLE match_recommendations (
    system_id INTEGER NOT NULL REFERENCES systems(id),
    demand_id INTEGER NOT NULL REFERENCES match_demands(id) ON DELETE CASCADE,
    achievement_id INTEGER NOT NULL REFERENCES match_achievements(id) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    score TEXT NOT NULL,
    recommended_on TEXT NOT NULL,
    PRIMARY KEY (demand_id, achievement_id)
);
CREATE INDEX match_recommendations_on ON match_recommendations (system_id, recommended_on);

-- Staff feedback on a recommendation, every event kept: contacted,
-- declined (reason: too_early, benefit_unclear, price, not_our_field,
-- other) or agreed.
CREATE TABLE match_feedback (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    demand_id INTEGER NOT NULL REFERENCES match_demands(id) ON DELETE CASCADE,
    achievement_id INTEGER NOT NULL REFERENCES match_achievements(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    on_day TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX match_feedback_pair ON match_feedback (demand_id, achievement_id, id);
CREATE INDEX match_feedback_day ON match_feedback (system_id, on_day);

-- The technology contract an agreed match led to, by its registration
-- number (登记编号) in the contract ledger.
CREATE TABLE match_contracts (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    demand_id INTEGER NOT NULL REFERENCES match_demands(id) ON DELETE CASCADE,
    achievement_id INTEGER NOT NULL REFERENCES match_achievements(id) ON DELETE CASCADE,
    registration_no TEXT NOT NULL,
    linked_on TEXT NOT NULL,
    UNIQUE (system_id, registration_no)
);

-- +goose Down
DROP TABLE match_contracts;
DROP TABLE match_feedback;
DROP TABLE match_recommendations;
DROP TABLE match_postings;
DROP TABLE match_terms;
DROP TABLE match_achievements;
DROP TABLE match_demands;
