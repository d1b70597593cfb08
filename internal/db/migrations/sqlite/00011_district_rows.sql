-- +goose Up
-- Every district table carries its district (issue 9, docs/scaling.md
-- "Designed: distribution by region", item 1): the tables that reached
-- their system only through a parent row get system_id, filled from the
-- parent, so that a distributed PostgreSQL (Citus) can place each row on
-- its district's shard and route a district's queries to one shard.
-- SQLite cannot add a NOT NULL column without a default to a table, so a
-- trigger per table refuses a row without its district.
ALTER TABLE memberships ADD COLUMN system_id INTEGER REFERENCES systems(id);
UPDATE memberships SET system_id = (SELECT p.system_id FROM organisations p WHERE p.id = memberships.org_id);
-- +goose StatementBegin
CREATE TRIGGER memberships_district BEFORE INSERT ON memberships WHEN NEW.system_id IS NULL
BEGIN SELECT RAISE(ABORT, 'memberships.system_id is required'); END;
-- +goose StatementEnd
ALTER TABLE recognitions ADD COLUMN system_id INTEGER REFERENCES systems(id);
UPDATE recognitions SET system_id = (SELECT p.system_id FROM organisations p WHERE p.id = recognitions.org_id);
-- +goose StatementBegin
CREATE TRIGGER recognitions_district BEFORE INSERT ON recognitions WHEN NEW.system_id IS NULL
BEGIN SELECT RAISE(ABORT, 'recognitions.system_id is required'); END;
-- +goose StatementEnd
ALTER TABLE organisation_names ADD COLUMN system_id INTEGER REFERENCES systems(id);
UPDATE organisation_names SET system_id = (SELECT p.system_id FROM organisations p WHERE p.id = organisation_names.org_id);
-- +goose StatementBegin
CREATE TRIGGER organisation_names_district BEFORE INSERT ON organisation_names WHEN NEW.system_id IS NULL
BEGIN SELECT RAISE(ABORT, 'organisation_names.system_id is required'); END;
-- +goose StatementEnd
ALTER TABLE import_errors ADD COLUMN system_id INTEGER REFERENCES systems(id);
UPDATE import_errors SET system_id = (SELECT p.system_id FROM imports p WHERE p.id = import_errors.import_id);
-- +goose StatementBegin
CREATE TRIGGER import_errors_district BEFORE INSERT ON import_errors WHEN NEW.system_id IS NULL
BEGIN SELECT RAISE(ABORT, 'import_errors.system_id is required'); END;
-- +goose StatementEnd
ALTER TABLE tech_contract_deductions ADD COLUMN system_id INTEGER REFERENCES systems(id);
UPDATE tech_contract_deductions SET system_id = (SELECT p.system_id FROM tech_contracts p WHERE p.id = tech_contract_deductions.contract_id);
-- +goose StatementBegin
CREATE TRIGGER tech_contract_deductions_district BEFORE INSERT ON tech_contract_deductions WHEN NEW.system_id IS NULL
BEGIN SELECT RAISE(ABORT, 'tech_contract_deductions.system_id is required'); END;
-- +goose StatementEnd
ALTER TABLE incubated_firms ADD COLUMN system_id INTEGER REFERENCES systems(id);
UPDATE incubated_firms SET system_id = (SELECT p.system_id FROM incubation_carriers p WHERE p.id = incubated_firms.carrier_id);
-- +goose StatementBegin
CREATE TRIGGER incubated_firms_district BEFORE INSERT ON incubated_firms WHEN NEW.system_id IS NULL
BEGIN SELECT RAISE(ABORT, 'incubated_firms.system_id is required'); END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER memberships_district;
ALTER TABLE memberships DROP COLUMN system_id;
DROP TRIGGER recognitions_district;
ALTER TABLE recognitions DROP COLUMN system_id;
DROP TRIGGER organisation_names_district;
ALTER TABLE organisation_names DROP COLUMN system_id;
DROP TRIGGER import_errors_district;
ALTER TABLE import_errors DROP COLUMN system_id;
DROP TRIGGER tech_contract_deductions_district;
ALTER TABLE tech_contract_deductions DROP COLUMN system_id;
DROP TRIGGER incubated_firms_district;
ALTER TABLE incubated_firms DROP COLUMN system_id;
