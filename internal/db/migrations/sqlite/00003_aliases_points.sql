-- +goose Up
-- Other names tables use for an indicator ('|'-separated), and the
-- percentage-point change published with a ratio figure (a ratio, 0.003 =
-- 0.3个百分点), which is never a growth rate.
ALTER TABLE indicators ADD COLUMN aliases TEXT NOT NULL DEFAULT '';
ALTER TABLE observations ADD COLUMN pp_change TEXT;

-- +goose Down
ALTER TABLE observations DROP COLUMN pp_change;
ALTER TABLE indicators DROP COLUMN aliases;
