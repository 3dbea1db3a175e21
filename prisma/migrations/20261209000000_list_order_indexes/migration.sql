-- Lists that cost O(page) at a province's scale (issue 14). Each index serves one list's order
-- within one kind of region, so a page reads its twenty rows in order instead of scanning a
-- region's rows and sorting them (docs/decisions/031).

-- The register, newest first, within a city, a county or a township: the id order inside the
-- level's own prefix. Without them a county's page walked the primary key backwards past every
-- newer household of the other counties (201,024 rows, 4.5 s cold, at 1,000,000 households).
-- The province needs none (every row is its own); a village is small enough to sort.
CREATE INDEX household_city_id_idx ON household ((left(region_code, 4)), id);
CREATE INDEX household_county_id_idx ON household ((left(region_code, 6)), id);
CREATE INDEX household_township_id_idx ON household ((left(region_code, 9)), id);

-- Problems: the open ones by due date (a province's open list read in order, its overdue count
-- bounded by region), the resolved ones latest first, all of them by due date. Partial indexes
-- on the literal status, so the list's SQL states it literally (lib/problems/queries.ts).
CREATE INDEX problem_open_due_idx ON problem (due_on, id) INCLUDE (region_code) WHERE status <> 'RESOLVED';
CREATE INDEX problem_open_region_idx ON problem (region_code, due_on) WHERE status <> 'RESOLVED';
CREATE INDEX problem_resolved_idx ON problem (resolved_on DESC, id DESC) INCLUDE (region_code) WHERE status = 'RESOLVED';
CREATE INDEX problem_due_idx ON problem (due_on, id) INCLUDE (region_code);

ANALYZE household;
ANALYZE problem;
