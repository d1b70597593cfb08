-- +goose Up
-- Every district table carries its district (issue 9, docs/scaling.md
-- "Designed: distribution by region", item 1): the tables that reached
-- their system only through a parent row get system_id, filled from the
-- parent, so that a distributed PostgreSQL (Citus) can place each row on
-- its district's shard and route a district's queries to one shard.
ALTER TABLE memberships ADD COLUMN system_id BIGINT;
UPDATE memberships SET system_id = (SELECT p.system_id FROM organisations p WHERE p.id = memberships.org_id);
ALTER TABLE memberships ALTER COLUMN system_id SET NOT NULL;
ALTER TABLE memberships ADD FOREIGN KEY (system_id) REFERENCES systems(id);
ALTER TABLE recognitions ADD COLUMN system_id BIGINT;
UPDATE recognitions SET system_id = (SELECT p.system_id FROM organisations p WHERE p.id = recognitions.org_id);
ALTER TABLE recognitions ALTER COLUMN system_id SET NOT NULL;
ALTER TABLE recognitions ADD FOREIGN KEY (system_id) REFERENCES systems(id);
ALTER TABLE organisation_names ADD COLUMN system_id BIGINT;
UPDATE organisation_names SET system_id = (SELECT p.system_id FROM organisations p WHERE p.id = organisation_names.org_id);
ALTER TABLE organisation_names ALTER COLUMN system_id SET NOT NULL;
ALTER TABLE organisation_names ADD FOREIGN KEY (system_id) REFERENCES systems(id);
ALTER TABLE import_errors ADD COLUMN system_id BIGINT;
UPDATE import_errors SET system_id = (SELECT p.system_id FROM imports p WHERE p.id = import_errors.import_id);
ALTER TABLE import_errors ALTER COLUMN system_id SET NOT NULL;
ALTER TABLE import_errors ADD FOREIGN KEY (system_id) REFERENCES systems(id);
ALTER TABLE tech_contract_deductions ADD COLUMN system_id BIGINT;
UPDATE tech_contract_deductions SET system_id = (SELECT p.system_id FROM tech_contracts p WHERE p.id = tech_contract_deductions.contract_id);
ALTER TABLE tech_contract_deductions ALTER COLUMN system_id SET NOT NULL;
ALTER TABLE tech_contract_deductions ADD FOREIGN KEY (system_id) REFERENCES systems(id);
ALTER TABLE incubated_firms ADD COLUMN system_id BIGINT;
UPDATE incubated_firms SET system_id = (SELECT p.system_id FROM incubation_carriers p WHERE p.id = incubated_firms.carrier_id);
ALTER TABLE incubated_firms ALTER COLUMN system_id SET NOT NULL;
ALTER TABLE incubated_firms ADD FOREIGN KEY (system_id) REFERENCES systems(id);

-- +goose Down
ALTER TABLE memberships DROP COLUMN system_id;
ALTER TABLE recognitions DROP COLUMN system_id;
ALTER TABLE organisation_names DROP COLUMN system_id;
ALTER TABLE import_errors DROP COLUMN system_id;
ALTER TABLE tech_contract_deductions DROP COLUMN system_id;
ALTER TABLE incubated_firms DROP COLUMN system_id;
