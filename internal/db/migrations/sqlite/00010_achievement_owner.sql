-- +goose Up
-- Institution users post achievements under their own account (issue 6):
-- the owner's organisation (统一社会信用代码 or the registry's code) when an
-- organisation's account posted the record, so it can list and open its
-- own records and no others. NULL for records entered by staff or imported.
ALTER TABLE match_achievements ADD COLUMN owner_code TEXT;
CREATE INDEX match_achievements_owner ON match_achievements (system_id, owner_code);

-- +goose Down
DROP INDEX match_achievements_owner;
ALTER TABLE match_achievements DROP COLUMN owner_code;
