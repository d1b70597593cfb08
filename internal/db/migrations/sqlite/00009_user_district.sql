-- +goose Up
-- Many districts in one installation (issue 9): an account belongs to one
-- district's system, or to none (installation level: a city or province
-- bureau, which chooses the district it looks at). Officers, reporters and
-- institution users belong to the district of their node or organisation.
ALTER TABLE users ADD COLUMN system_id INTEGER REFERENCES systems(id);
UPDATE users SET system_id = (SELECT n.system_id FROM nodes n WHERE n.id = users.node_id) WHERE node_id IS NOT NULL;
UPDATE users SET system_id = (SELECT o.system_id FROM organisations o WHERE o.id = users.org_id) WHERE org_id IS NOT NULL;
CREATE INDEX users_system ON users (system_id);

-- +goose Down
DROP INDEX users_system;
ALTER TABLE users DROP COLUMN system_id;
