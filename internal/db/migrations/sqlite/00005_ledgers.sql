-- +goose Up
-- Ledgers (台账) of the technology market, IP-value loans, incubation and
-- talent (issue 5). Money is integer fen (hundredths of a yuan); NULL is
-- missing, never zero. Dates are YYYY-MM-DD. node_id is the node a record
-- belongs to (NULL: the district as a whole).

-- 技术合同认定登记: one registered technology contract.
CREATE TABLE tech_contracts (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    reg_no TEXT NOT NULL,                 -- 登记编号
    name TEXT NOT NULL DEFAULT '',        -- 合同名称
    kind TEXT NOT NULL,                   -- ledger.ContractKind
    seller_name TEXT NOT NULL,
    seller_uscc TEXT NOT NULL DEFAULT '',
    seller_in_district BOOLEAN NOT NULL,
    seller_region TEXT NOT NULL DEFAULT '',
    seller_node_id INTEGER REFERENCES nodes(id),
    buyer_name TEXT NOT NULL,
    buyer_uscc TEXT NOT NULL DEFAULT '',
    buyer_in_district BOOLEAN NOT NULL,
    buyer_region TEXT NOT NULL DEFAULT '',
    buyer_node_id INTEGER REFERENCES nodes(id),
    signed_on TEXT NOT NULL,
    registered_on TEXT NOT NULL,
    contract_fen BIGINT NOT NULL,         -- 合同成交额
    transaction_fen BIGINT NOT NULL,      -- 技术交易额 = 成交额 − Σ deducted_fen
    field TEXT NOT NULL DEFAULT '',       -- 技术领域
    import_id INTEGER REFERENCES imports(id),
    row_no INTEGER NOT NULL DEFAULT 0,
    UNIQUE (system_id, reg_no),
    CHECK (transaction_fen >= 0 AND transaction_fen <= contract_fen)
);
CREATE INDEX tech_contracts_registered ON tech_contracts (system_id, registered_on);

-- A named non-technical item deducted from a contract's value.
CREATE TABLE tech_contract_deductions (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES tech_contracts(id) ON DELETE CASCADE,
    item TEXT NOT NULL,
    quantity INTEGER,                     -- units (sets) when priced per unit
    unit_fen BIGINT,                      -- price per unit
    carrier_allowance INTEGER,            -- technology carrier: units not deducted (合理数量)
    amount_fen BIGINT NOT NULL,           -- the item's cost in the contract
    deducted_fen BIGINT NOT NULL          -- what is deducted (amount less the carrier allowance)
);
CREATE INDEX tech_contract_deductions_contract ON tech_contract_deductions (contract_id);

-- 知识价值信用贷款 / 知识产权质押融资: one loan.
CREATE TABLE ip_loans (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    loan_no TEXT NOT NULL,                -- 借款合同编号
    kind TEXT NOT NULL CHECK (kind IN ('knowledge_value', 'ip_pledge')),
    borrower_name TEXT NOT NULL,
    borrower_uscc TEXT NOT NULL DEFAULT '',
    borrower_node_id INTEGER REFERENCES nodes(id),
    bank TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    granted_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    credit_grade TEXT NOT NULL DEFAULT '',  -- A–E, knowledge-value loans
    pledged_ip TEXT NOT NULL DEFAULT '',    -- pledged patents/trademarks, one per line
    repaid_fen BIGINT NOT NULL DEFAULT 0,   -- principal repaid
    repaid_on TEXT,                         -- date of the last repayment
    overdue_fen BIGINT NOT NULL DEFAULT 0,  -- overdue principal
    overdue_on TEXT,                        -- day the principal fell overdue
    import_id INTEGER REFERENCES imports(id),
    row_no INTEGER NOT NULL DEFAULT 0,
    UNIQUE (system_id, loan_no),
    CHECK (amount_fen > 0 AND repaid_fen >= 0 AND overdue_fen >= 0 AND repaid_fen + overdue_fen <= amount_fen)
);
CREATE INDEX ip_loans_granted ON ip_loans (system_id, granted_on);

-- 孵化载体: incubators, maker spaces, accelerators, 双创载体, with the facts
-- the national-incubator screening needs (NULL: not supplied).
CREATE TABLE incubation_carriers (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,                   -- ledger.CarrierKind
    level TEXT NOT NULL,                  -- national | municipal | district
    recognitions TEXT NOT NULL DEFAULT '',
    recognised_on TEXT,
    operator_uscc TEXT NOT NULL DEFAULT '',
    node_id INTEGER REFERENCES nodes(id),
    independent_legal_person BOOLEAN,
    operating_since TEXT,
    stats_years INTEGER,                  -- consecutive years of statistics reported
    site_m2 TEXT,                         -- exact decimal m²
    incubation_m2 TEXT,                   -- used by incubated firms, public areas included
    seed_fund_fen BIGINT,
    fund_cases INTEGER,
    staff INTEGER,
    professional_staff INTEGER,
    mentors INTEGER,
    specialised_field TEXT NOT NULL DEFAULT '',  -- specialised incubator: its industry
    import_id INTEGER REFERENCES imports(id),
    row_no INTEGER NOT NULL DEFAULT 0,
    UNIQUE (system_id, name)
);

-- 在孵企业: a firm's stay in a carrier.
CREATE TABLE incubated_firms (
    id INTEGER PRIMARY KEY,
    carrier_id INTEGER NOT NULL REFERENCES incubation_carriers(id) ON DELETE CASCADE,
    firm_name TEXT NOT NULL,
    uscc TEXT NOT NULL DEFAULT '',
    founded_on TEXT NOT NULL,             -- 成立（注册）日期
    entered_on TEXT NOT NULL,             -- 入孵日期
    graduated_on TEXT,                    -- 毕业日期
    left_on TEXT,                         -- 退出（未毕业）日期
    industry TEXT NOT NULL DEFAULT '',
    long_cycle BOOLEAN NOT NULL DEFAULT FALSE, -- biomedicine, modern agriculture, ICs (60-month stay [U])
    patent_applied BOOLEAN,
    holds_ip BOOLEAN,
    financed BOOLEAN,
    import_id INTEGER REFERENCES imports(id),
    row_no INTEGER NOT NULL DEFAULT 0,
    UNIQUE (carrier_id, firm_name, entered_on)
);

-- 人才团队 and 人才: introduced teams and people, and the programmes they won.
CREATE TABLE talent_teams (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    name TEXT NOT NULL,
    leader TEXT NOT NULL DEFAULT '',
    host_org TEXT NOT NULL DEFAULT '',
    host_uscc TEXT NOT NULL DEFAULT '',
    node_id INTEGER REFERENCES nodes(id),
    introduced_on TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    import_id INTEGER REFERENCES imports(id),
    row_no INTEGER NOT NULL DEFAULT 0,
    UNIQUE (system_id, name)
);

-- A person. id_number and phone are personal data (个人信息): CONFIDENTIAL,
-- never shown on list pages or public pages, masked in exports.
CREATE TABLE talent_people (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    name TEXT NOT NULL,
    id_number TEXT NOT NULL,              -- CONFIDENTIAL: identity document number (dedup key)
    phone TEXT NOT NULL DEFAULT '',       -- CONFIDENTIAL: contact
    team_id INTEGER REFERENCES talent_teams(id),
    host_org TEXT NOT NULL DEFAULT '',
    node_id INTEGER REFERENCES nodes(id),
    introduced_on TEXT NOT NULL,
    education TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL DEFAULT '',
    import_id INTEGER REFERENCES imports(id),
    row_no INTEGER NOT NULL DEFAULT 0,
    UNIQUE (system_id, id_number)
);

-- A programme won (e.g. 重庆英才计划 创业领军人才) by a person or a team.
CREATE TABLE talent_awards (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES systems(id),
    programme TEXT NOT NULL,
    category TEXT NOT NULL,
    year INTEGER NOT NULL,
    person_id INTEGER REFERENCES talent_people(id) ON DELETE CASCADE,
    team_id INTEGER REFERENCES talent_teams(id) ON DELETE CASCADE,
    import_id INTEGER REFERENCES imports(id),
    row_no INTEGER NOT NULL DEFAULT 0,
    CHECK ((person_id IS NULL) <> (team_id IS NULL))
);
CREATE UNIQUE INDEX talent_awards_one ON talent_awards (programme, category, year, COALESCE(person_id, 0), COALESCE(team_id, 0));

-- Ledger aggregates are observations too, beside the published ones: ledger
-- names the ledger that computed a figure ('' for published and imported
-- figures). One published figure per scope, indicator and period, and one
-- ledger figure.
ALTER TABLE observations ADD COLUMN ledger TEXT NOT NULL DEFAULT '';
DROP INDEX observations_one_figure;
CREATE UNIQUE INDEX observations_one_figure ON observations (system_id, COALESCE(node_id, 0), COALESCE(org_id, 0), indicator_id, period) WHERE ledger = '';
CREATE UNIQUE INDEX observations_one_ledger_figure ON observations (system_id, COALESCE(node_id, 0), COALESCE(org_id, 0), indicator_id, period) WHERE ledger <> '';

-- +goose Down
DROP INDEX observations_one_ledger_figure;
DELETE FROM observations WHERE ledger <> '';
DROP INDEX observations_one_figure;
CREATE UNIQUE INDEX observations_one_figure ON observations (system_id, COALESCE(node_id, 0), COALESCE(org_id, 0), indicator_id, period);
ALTER TABLE observations DROP COLUMN ledger;
DROP TABLE talent_awards;
DROP TABLE talent_people;
DROP TABLE talent_teams;
DROP TABLE incubated_firms;
DROP TABLE incubation_carriers;
DROP TABLE ip_loans;
DROP TABLE tech_contract_deductions;
DROP TABLE tech_contracts;
