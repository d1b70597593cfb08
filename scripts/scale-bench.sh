#!/usr/bin/env bash
# The hand-written aggregation of issue 9, run directly in the engine's own
# command-line tool: every indicator for every node of a system for one
# period — each firm counted once in each node its active memberships (and
# their ancestors) lead to, and in-district firms in the root — as ONE SQL
# query, the same sums store.AggregateReports computes (firms with a value,
# their sum; firms with both a value and a 同期数, the two sums; money in
# hundredths). It prints the time of each run and, given kechuang's CSV
# (BenchmarkScale with KECHUANG_SCALE_OUT), whether the results are equal.
# Two formulations (VARIANTS, default both): "direct" joins every report to
# every node of its firm and groups; "grouped" first sums the reports per
# distinct set of placements, then spreads those few sums over the nodes.
#
# Usage:
#   scripts/scale-bench.sh sqlite FILE.db     [KECHUANG_CSV] [YEAR MONTH] [RUNS]
#   scripts/scale-bench.sh pg     POSTGRES_URL [KECHUANG_CSV] [YEAR MONTH] [RUNS]
# Defaults: 2023 12, 3 runs. Env: SYSTEM (default fuling), PSQL (default
# /usr/lib/postgresql/15/bin/psql), SQLITE3 (default sqlite3), OUT (directory
# for the result CSVs, default a temp dir).
#
# SQLite gets the page cache kechuang's readers use (64 MiB); PostgreSQL its
# server defaults. Nothing is written to the database.
set -euo pipefail

engine=${1:?usage: scale-bench.sh sqlite|pg DB [KECHUANG_CSV] [YEAR MONTH] [RUNS]}
target=${2:?database}
want=${3:-}
year=${4:-2023}
month=${5:-12}
runs=${6:-3}
system=${SYSTEM:-fuling}
psql=${PSQL:-/usr/lib/postgresql/15/bin/psql}
sqlite3=${SQLITE3:-sqlite3}
out=${OUT:-$(mktemp -d)}
day=$(date -u -d "$year-$month-01 +1 month -1 day" +%F)

case $engine in
sqlite) concat="group_concat(m.node_id)" ;;
*) concat="string_agg(m.node_id::text, ',')" ;;
esac
common="WITH RECURSIVE
sys AS (SELECT id FROM systems WHERE code = '$system'),
anc(node_id, anc_id) AS (
	SELECT id, id FROM nodes WHERE system_id = (SELECT id FROM sys)
	UNION ALL
	SELECT anc.node_id, n.parent_id FROM anc JOIN nodes n ON n.id = anc.anc_id WHERE n.parent_id IS NOT NULL
),"
active="(m.valid_from IS NULL OR m.valid_from <= '$day') AND (m.valid_to IS NULL OR m.valid_to >= '$day')"
period="r.system_id = (SELECT id FROM sys) AND r.year = $year AND r.month = $month AND r.is_current AND r.value IS NOT NULL"

# direct: join every report to every node of its firm, then group.
direct="$common
firm_node(org_id, node_id) AS (
	SELECT m.org_id, anc.anc_id FROM memberships m
	JOIN anc ON anc.node_id = m.node_id
	JOIN organisations o ON o.id = m.org_id AND o.system_id = (SELECT id FROM sys)
	WHERE $active
	UNION
	SELECT o.id, n.id FROM organisations o JOIN nodes n ON n.system_id = o.system_id AND n.parent_id IS NULL
	WHERE o.system_id = (SELECT id FROM sys) AND o.in_district
)
SELECT n.code, i.code, COUNT(*), SUM(r.value),
	COUNT(r.prior), COALESCE(SUM(CASE WHEN r.prior IS NOT NULL THEN r.value END), 0), COALESCE(SUM(r.prior), 0)
FROM reports r
JOIN firm_node fn ON fn.org_id = r.org_id
JOIN nodes n ON n.id = fn.node_id
JOIN indicators i ON i.id = r.indicator_id
WHERE $period
GROUP BY n.code, i.code
ORDER BY n.code, i.code;"

# grouped: sum the reports once per distinct set of placements (in the
# district or not, active membership nodes: a handful of sets), then add
# each set's sums to the nodes one of its firms belongs to.
grouped="$common
sig(org_id, k) AS (
	SELECT o.id, CASE WHEN o.in_district THEN 'd:' ELSE 'o:' END || COALESCE($concat, '')
	FROM organisations o LEFT JOIN memberships m ON m.org_id = o.id AND $active
	WHERE o.system_id = (SELECT id FROM sys)
	GROUP BY o.id, o.in_district
),
g(k, indicator_id, firms, value, paired, pv, pp, one_org) AS (
	SELECT sig.k, r.indicator_id, COUNT(*), SUM(r.value), COUNT(r.prior), SUM(CASE WHEN r.prior IS NOT NULL THEN r.value END), SUM(r.prior),
		MIN(r.org_id)
	FROM reports r JOIN sig ON sig.org_id = r.org_id
	WHERE $period
	GROUP BY sig.k, r.indicator_id
),
-- one firm of each placement stands for it (sig is read once: a CTE read
-- twice is materialised by PostgreSQL, which loses the parallel plan)
rep(k, org_id) AS (SELECT k, MIN(one_org) FROM g GROUP BY k),
key_node(k, node_id) AS (
	SELECT rep.k, anc.anc_id FROM rep JOIN memberships m ON m.org_id = rep.org_id AND $active JOIN anc ON anc.node_id = m.node_id
	UNION
	SELECT rep.k, n.id FROM rep JOIN organisations o ON o.id = rep.org_id AND o.in_district
	JOIN nodes n ON n.system_id = o.system_id AND n.parent_id IS NULL
)
SELECT n.code, i.code, SUM(g.firms), SUM(g.value), SUM(g.paired), COALESCE(SUM(g.pv), 0), COALESCE(SUM(g.pp), 0)
FROM g JOIN key_node kn ON kn.k = g.k JOIN nodes n ON n.id = kn.node_id JOIN indicators i ON i.id = g.indicator_id
GROUP BY n.code, i.code
ORDER BY n.code, i.code;"

echo "scale-bench: $engine $target, $system $year-$(printf %02d "$month") (memberships on $day), $runs runs; results in $out" >&2
status=0
for variant in ${VARIANTS:-direct grouped}; do
query=${!variant}
printf '%s\n' "$query" >"$out/handmade-$engine-$variant.sql"
res=$out/handmade-$engine-$variant.csv
for ((i = 1; i <= runs; i++)); do
	case $engine in
	sqlite)
		# .timer prints "Run Time: real S user S sys S" after the query.
		t=$(printf '.bail on\nPRAGMA cache_size=-65536;\n.mode list\n.separator , "\\n"\n.headers off\n.output %s\n.timer on\n%s\n' "$res" "$query" |
			"$sqlite3" -readonly "$target" 2>&1 | grep 'Run Time' | tail -1 | awk '{print $4}')
		;;
	pg)
		t=$(printf '\\pset format unaligned\n\\pset fieldsep ,\n\\pset tuples_only on\n\\o %s\n\\timing on\n%s\n' "$res" "$query" |
			"$psql" -X -q -v ON_ERROR_STOP=1 "$target" 2>&1 | grep '^Time:' | tail -1 | awk '{printf "%.3f", $2/1000}')
		;;
	*)
		echo "engine: sqlite or pg" >&2
		exit 2
		;;
	esac
	echo "handmade $engine $variant run $i: ${t} s"
done
echo "handmade $engine $variant: $(wc -l <"$res") node×indicator rows"
if [[ -n $want ]]; then
	if diff <(LC_ALL=C sort "$want") <(LC_ALL=C sort "$res") >"$out/diff-$engine-$variant.txt"; then
		echo "handmade $engine $variant: results EQUAL to kechuang's ($want)"
	else
		echo "handmade $engine $variant: results DIFFER from kechuang's ($want); see $out/diff-$engine-$variant.txt"
		head -20 "$out/diff-$engine-$variant.txt"
		status=1
	fi
fi
done
exit $status
