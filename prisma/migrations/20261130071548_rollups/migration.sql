-- AlterTable
ALTER TABLE "application" ADD COLUMN     "decision_working_days" INTEGER;

-- AlterTable
ALTER TABLE "problem" ADD COLUMN     "resolution_department_code" VARCHAR(30);

-- AlterTable
ALTER TABLE "stat_aid_payment" DROP CONSTRAINT "stat_aid_payment_pkey",
ADD CONSTRAINT "stat_aid_payment_pkey" PRIMARY KEY ("month", "township_code", "fund_id");

-- AlterTable
ALTER TABLE "stat_resolution" DROP CONSTRAINT "stat_resolution_pkey",
ADD CONSTRAINT "stat_resolution_pkey" PRIMARY KEY ("month", "township_code", "tier", "department_code");

-- AlterTable
ALTER TABLE "visit" ADD COLUMN     "on_roster" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "stat_visit" (
    "month" DATE NOT NULL,
    "township_code" VARCHAR(9) NOT NULL,
    "visits" INTEGER NOT NULL DEFAULT 0,
    "questionnaires" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_visit_pkey" PRIMARY KEY ("month","township_code")
);

-- CreateTable
CREATE TABLE "stat_household_visited" (
    "month" DATE NOT NULL,
    "township_code" VARCHAR(9) NOT NULL,
    "prev_month" DATE NOT NULL,
    "on_roster" BOOLEAN NOT NULL,
    "households" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_household_visited_pkey" PRIMARY KEY ("month","township_code","prev_month","on_roster")
);

-- CreateTable
CREATE TABLE "stat_staff_active" (
    "month" DATE NOT NULL,
    "township_code" VARCHAR(9) NOT NULL,
    "prev_month" DATE NOT NULL,
    "staff" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_staff_active_pkey" PRIMARY KEY ("month","township_code","prev_month")
);

-- CreateTable
CREATE TABLE "stat_register" (
    "township_code" VARCHAR(9) NOT NULL,
    "category" "assistance_category" NOT NULL,
    "households" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_register_pkey" PRIMARY KEY ("township_code","category")
);

-- CreateTable
CREATE TABLE "stat_problem" (
    "month" DATE NOT NULL,
    "township_code" VARCHAR(9) NOT NULL,
    "found" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_problem_pkey" PRIMARY KEY ("month","township_code")
);

-- CreateTable
CREATE TABLE "stat_transfer" (
    "month" DATE NOT NULL,
    "township_code" VARCHAR(9) NOT NULL,
    "department_code" VARCHAR(30) NOT NULL,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "resolved" INTEGER NOT NULL DEFAULT 0,
    "returned" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_transfer_pkey" PRIMARY KEY ("month","township_code","department_code")
);

-- CreateTable
CREATE TABLE "stat_transfer_open" (
    "township_code" VARCHAR(9) NOT NULL,
    "department_code" VARCHAR(30) NOT NULL,
    "due_on" DATE NOT NULL,
    "open" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_transfer_open_pkey" PRIMARY KEY ("township_code","department_code","due_on")
);

-- CreateTable
CREATE TABLE "stat_application" (
    "month" DATE NOT NULL,
    "township_code" VARCHAR(9) NOT NULL,
    "type" "application_type" NOT NULL,
    "stage" "application_stage" NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_application_pkey" PRIMARY KEY ("month","township_code","type","stage")
);

-- CreateTable
CREATE TABLE "stat_application_decision" (
    "month" DATE NOT NULL,
    "township_code" VARCHAR(9) NOT NULL,
    "type" "application_type" NOT NULL,
    "stage" "application_stage" NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "working_days" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_application_decision_pkey" PRIMARY KEY ("month","township_code","type","stage")
);

-- CreateTable
CREATE TABLE "stat_publicity_open" (
    "township_code" VARCHAR(9) NOT NULL,
    "ends_on" DATE NOT NULL,
    "running" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_publicity_open_pkey" PRIMARY KEY ("township_code","ends_on")
);

-- CreateTable
CREATE TABLE "api_token" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "prefix" VARCHAR(12) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by_id" INTEGER,
    "last_used_at" TIMESTAMPTZ(3),
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_token_token_hash_key" ON "api_token"("token_hash");

-- CreateIndex
CREATE INDEX "api_token_region_code_idx" ON "api_token"("region_code");

-- CreateIndex
CREATE INDEX "visit_recorded_by_id_visited_on_idx" ON "visit"("recorded_by_id", "visited_on");

-- ───────────────────────── Hand-written: exact roll-ups kept by triggers ─────────────────────────
-- docs/decisions/010-rollups.md. Each stat_* table has a view raw_stat_* that is its definition as
-- a GROUP BY over the raw tables: the migration (and `rebuild_rollups()`) fills the tables from
-- the views, the triggers keep them equal to the views one write at a time, in the writing
-- transaction, and lib/stats/rollups.ts compares the two to prove it.

-- Data the roll-ups need on the raw rows.
UPDATE "problem" p SET "resolution_department_code" = t."department_code"
  FROM "transfer" t
  WHERE t."problem_id" = p."id" AND t."status" = 'RESOLVED' AND p."tier" = 'TRANSFER';
UPDATE "visit" v SET "on_roster" = (h."category" <> 'NONE') FROM "household" h WHERE h."id" = v."household_id";
ALTER TABLE "problem" ADD CONSTRAINT "problem_resolved_on_when_resolved"
  CHECK ("status" <> 'RESOLVED' OR "resolved_on" IS NOT NULL);

-- The calendar month of a day, and the day in China of an instant.
CREATE FUNCTION nx_month(d date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT date_trunc('month', d)::date $$;
CREATE FUNCTION nx_china_day(t timestamptz) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (t AT TIME ZONE 'Asia/Shanghai')::date $$;
-- A visit "with a questionnaire": at least one answer recorded.
CREATE FUNCTION nx_has_answers(a jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT a IS NOT NULL AND jsonb_typeof(a) = 'object' AND a <> '{}'::jsonb $$;

-- Working days after `a` up to and including `b` (the same rule as lib/calendar/working-days.ts:
-- Monday–Friday, minus weekday holidays, plus weekend make-up days from work_calendar_day).
CREATE FUNCTION working_days_between(a date, b date) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN b <= a THEN 0 ELSE
    (SELECT count(*) FROM generate_series(a + 1, b, interval '1 day') d WHERE extract(isodow FROM d) < 6)::int
    - (SELECT count(*) FROM work_calendar_day w
        WHERE w.day > a AND w.day <= b AND w.kind = 'HOLIDAY' AND extract(isodow FROM w.day) < 6)::int
    + (SELECT count(*) FROM work_calendar_day w
        WHERE w.day > a AND w.day <= b AND w.kind = 'WORKDAY' AND extract(isodow FROM w.day) >= 6)::int
  END $$;

UPDATE "application" SET "decision_working_days" = working_days_between("accepted_on", "decided_on")
  WHERE "decided_on" IS NOT NULL;

-- ── The definitions ──
CREATE VIEW raw_stat_visit AS
  SELECT nx_month(visited_on) AS month, left(region_code, 9)::varchar(9) AS township_code,
         count(*)::int AS visits, (count(*) FILTER (WHERE nx_has_answers(answers)))::int AS questionnaires
  FROM visit GROUP BY 1, 2;

CREATE VIEW raw_stat_household_visited AS
  WITH hm AS (
    SELECT DISTINCT ON (household_id, nx_month(visited_on))
           household_id, nx_month(visited_on) AS month, left(region_code, 9) AS township_code, on_roster
    FROM visit ORDER BY household_id, nx_month(visited_on), visited_on, id
  )
  SELECT month, township_code::varchar(9) AS township_code, prev_month, on_roster, count(*)::int AS households
  FROM (SELECT hm.*, coalesce(lag(month) OVER (PARTITION BY household_id ORDER BY month), date '0001-01-01') AS prev_month
        FROM hm) x
  GROUP BY 1, 2, 3, 4;

CREATE VIEW raw_stat_staff_active AS
  WITH um AS (
    SELECT DISTINCT ON (recorded_by_id, nx_month(visited_on))
           recorded_by_id, nx_month(visited_on) AS month, left(region_code, 9) AS township_code
    FROM visit ORDER BY recorded_by_id, nx_month(visited_on), visited_on, id
  )
  SELECT month, township_code::varchar(9) AS township_code, prev_month, count(*)::int AS staff
  FROM (SELECT um.*, coalesce(lag(month) OVER (PARTITION BY recorded_by_id ORDER BY month), date '0001-01-01') AS prev_month
        FROM um) x
  GROUP BY 1, 2, 3;

CREATE VIEW raw_stat_register AS
  SELECT left(region_code, 9)::varchar(9) AS township_code, category, count(*)::int AS households
  FROM household GROUP BY 1, 2;

CREATE VIEW raw_stat_problem AS
  SELECT nx_month(found_on) AS month, left(region_code, 9)::varchar(9) AS township_code, count(*)::int AS found
  FROM problem GROUP BY 1, 2;

CREATE VIEW raw_stat_resolution AS
  SELECT nx_month(resolved_on) AS month, left(region_code, 9)::varchar(9) AS township_code, tier,
         coalesce(resolution_department_code, '')::varchar(30) AS department_code, count(*)::int AS count
  FROM problem WHERE status = 'RESOLVED' GROUP BY 1, 2, 3, 4;

CREATE VIEW raw_stat_transfer AS
  SELECT month, township_code::varchar(9) AS township_code, department_code,
         sum(sent)::int AS sent, sum(resolved)::int AS resolved, sum(returned)::int AS returned
  FROM (
    SELECT nx_month(nx_china_day(created_at)) AS month, left(region_code, 9) AS township_code, department_code,
           1 AS sent, 0 AS resolved, 0 AS returned
    FROM transfer
    UNION ALL
    SELECT nx_month(nx_china_day(coalesce(answered_at, created_at))), left(region_code, 9), department_code,
           0, (status = 'RESOLVED')::int, (status = 'RETURNED')::int
    FROM transfer WHERE status IN ('RESOLVED', 'RETURNED')
  ) x GROUP BY 1, 2, 3;

CREATE VIEW raw_stat_transfer_open AS
  SELECT left(region_code, 9)::varchar(9) AS township_code, department_code, due_on, count(*)::int AS open
  FROM transfer WHERE status IN ('SENT', 'ACCEPTED') GROUP BY 1, 2, 3;

CREATE VIEW raw_stat_aid_payment AS
  SELECT month, township_code::varchar(9) AS township_code, fund_id, sum(amount)::numeric(14, 2) AS amount, sum(payments)::int AS payments
  FROM (
    SELECT nx_month(nx_china_day(e.created_at)) AS month, left(p.region_code, 9) AS township_code, e.fund_id,
           -e.amount AS amount, 1 AS payments
    FROM fund_entry e JOIN problem p ON p.id = e.problem_id
    WHERE e.kind = 'PAYMENT'
    UNION ALL
    SELECT nx_month(nx_china_day(o.created_at)), left(p.region_code, 9), o.fund_id, -r.amount, -1
    FROM fund_entry r JOIN fund_entry o ON o.id = r.reverses_entry_id JOIN problem p ON p.id = o.problem_id
    WHERE r.kind = 'REVERSAL' AND o.kind = 'PAYMENT'
  ) x GROUP BY 1, 2, 3;

CREATE VIEW raw_stat_application AS
  SELECT nx_month(accepted_on) AS month, left(region_code, 9)::varchar(9) AS township_code, type, stage, count(*)::int AS count
  FROM application GROUP BY 1, 2, 3, 4;

CREATE VIEW raw_stat_application_decision AS
  SELECT nx_month(decided_on) AS month, left(region_code, 9)::varchar(9) AS township_code, type, stage,
         count(*)::int AS count, coalesce(sum(decision_working_days), 0)::int AS working_days
  FROM application WHERE stage IN ('APPROVED', 'REFUSED') AND decided_on IS NOT NULL GROUP BY 1, 2, 3, 4;

CREATE VIEW raw_stat_publicity_open AS
  SELECT left(region_code, 9)::varchar(9) AS township_code, ends_on, count(*)::int AS running
  FROM publicity WHERE outcome = 'RUNNING' GROUP BY 1, 2;

-- Refill every roll-up from its definition (after a bulk load with the triggers off).
CREATE FUNCTION rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
DECLARE t text; cols text;
BEGIN
  FOREACH t IN ARRAY ARRAY['stat_visit', 'stat_household_visited', 'stat_staff_active', 'stat_register',
    'stat_problem', 'stat_resolution', 'stat_transfer', 'stat_transfer_open', 'stat_aid_payment',
    'stat_application', 'stat_application_decision', 'stat_publicity_open'] LOOP
    EXECUTE format('TRUNCATE %I', t);
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
      FROM pg_attribute WHERE attrelid = ('raw_' || t)::regclass AND attnum > 0 AND NOT attisdropped;
    EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM %I', t, cols, cols, 'raw_' || t);
  END LOOP;
END $$;

-- ── The triggers ──
-- Row-local roll-ups: subtract what the old row contributed, add what the new one does. Tables
-- that count "open now" delete a row that reaches zero, so "overdue" sums only live rows.

CREATE FUNCTION nx_upsert_problem_stats(r problem, s int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_problem AS x (month, township_code, found) VALUES (nx_month(r.found_on), left(r.region_code, 9), s)
  ON CONFLICT (month, township_code) DO UPDATE SET found = x.found + EXCLUDED.found;
  IF r.status = 'RESOLVED' THEN
    INSERT INTO stat_resolution AS x (month, township_code, tier, department_code, count)
    VALUES (nx_month(r.resolved_on), left(r.region_code, 9), r.tier, coalesce(r.resolution_department_code, ''), s)
    ON CONFLICT (month, township_code, tier, department_code) DO UPDATE SET count = x.count + EXCLUDED.count;
  END IF;
END $$;

CREATE FUNCTION problem_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM nx_upsert_problem_stats(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM nx_upsert_problem_stats(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER problem_rollup AFTER INSERT OR DELETE ON problem FOR EACH ROW EXECUTE FUNCTION problem_rollup();
CREATE TRIGGER problem_rollup_update AFTER UPDATE ON problem FOR EACH ROW
  WHEN (OLD.found_on IS DISTINCT FROM NEW.found_on OR OLD.region_code IS DISTINCT FROM NEW.region_code
     OR OLD.status IS DISTINCT FROM NEW.status OR OLD.tier IS DISTINCT FROM NEW.tier
     OR OLD.resolved_on IS DISTINCT FROM NEW.resolved_on
     OR OLD.resolution_department_code IS DISTINCT FROM NEW.resolution_department_code)
  EXECUTE FUNCTION problem_rollup();

CREATE FUNCTION nx_upsert_transfer_stats(r transfer, s int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_transfer AS x (month, township_code, department_code, sent)
  VALUES (nx_month(nx_china_day(r.created_at)), left(r.region_code, 9), r.department_code, s)
  ON CONFLICT (month, township_code, department_code) DO UPDATE SET sent = x.sent + EXCLUDED.sent;
  IF r.status IN ('RESOLVED', 'RETURNED') THEN
    INSERT INTO stat_transfer AS x (month, township_code, department_code, resolved, returned)
    VALUES (nx_month(nx_china_day(coalesce(r.answered_at, r.created_at))), left(r.region_code, 9), r.department_code,
            CASE WHEN r.status = 'RESOLVED' THEN s ELSE 0 END, CASE WHEN r.status = 'RETURNED' THEN s ELSE 0 END)
    ON CONFLICT (month, township_code, department_code)
      DO UPDATE SET resolved = x.resolved + EXCLUDED.resolved, returned = x.returned + EXCLUDED.returned;
  ELSE
    INSERT INTO stat_transfer_open AS x (township_code, department_code, due_on, open)
    VALUES (left(r.region_code, 9), r.department_code, r.due_on, s)
    ON CONFLICT (township_code, department_code, due_on) DO UPDATE SET open = x.open + EXCLUDED.open;
    DELETE FROM stat_transfer_open
      WHERE township_code = left(r.region_code, 9) AND department_code = r.department_code AND due_on = r.due_on AND open = 0;
  END IF;
END $$;

CREATE FUNCTION transfer_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM nx_upsert_transfer_stats(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM nx_upsert_transfer_stats(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER transfer_rollup AFTER INSERT OR DELETE ON transfer FOR EACH ROW EXECUTE FUNCTION transfer_rollup();
CREATE TRIGGER transfer_rollup_update AFTER UPDATE ON transfer FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.region_code IS DISTINCT FROM NEW.region_code
     OR OLD.department_code IS DISTINCT FROM NEW.department_code OR OLD.due_on IS DISTINCT FROM NEW.due_on
     OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.answered_at IS DISTINCT FROM NEW.answered_at)
  EXECUTE FUNCTION transfer_rollup();

CREATE FUNCTION nx_upsert_payment_stats(r fund_entry, s int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE paid_entry fund_entry; township text;
BEGIN
  IF r.kind = 'PAYMENT' THEN
    paid_entry := r;
  ELSIF r.kind = 'REVERSAL' THEN
    SELECT * INTO paid_entry FROM fund_entry WHERE id = r.reverses_entry_id AND kind = 'PAYMENT';
  END IF;
  IF paid_entry.id IS NULL OR paid_entry.problem_id IS NULL THEN RETURN; END IF;
  SELECT left(region_code, 9) INTO township FROM problem WHERE id = paid_entry.problem_id;
  INSERT INTO stat_aid_payment AS x (month, township_code, fund_id, amount, payments)
  VALUES (nx_month(nx_china_day(paid_entry.created_at)), township, paid_entry.fund_id, s * -r.amount,
          CASE WHEN r.kind = 'PAYMENT' THEN s ELSE -s END)
  ON CONFLICT (month, township_code, fund_id)
    DO UPDATE SET amount = x.amount + EXCLUDED.amount, payments = x.payments + EXCLUDED.payments;
END $$;

CREATE FUNCTION fund_entry_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM nx_upsert_payment_stats(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM nx_upsert_payment_stats(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER fund_entry_rollup AFTER INSERT OR UPDATE OR DELETE ON fund_entry FOR EACH ROW EXECUTE FUNCTION fund_entry_rollup();

CREATE FUNCTION nx_upsert_register_stats(r household, s int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_register AS x (township_code, category, households) VALUES (left(r.region_code, 9), r.category, s)
  ON CONFLICT (township_code, category) DO UPDATE SET households = x.households + EXCLUDED.households;
END $$;

CREATE FUNCTION household_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM nx_upsert_register_stats(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM nx_upsert_register_stats(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER household_rollup AFTER INSERT OR DELETE ON household FOR EACH ROW EXECUTE FUNCTION household_rollup();
CREATE TRIGGER household_rollup_update AFTER UPDATE ON household FOR EACH ROW
  WHEN (OLD.category IS DISTINCT FROM NEW.category OR OLD.region_code IS DISTINCT FROM NEW.region_code)
  EXECUTE FUNCTION household_rollup();

CREATE FUNCTION application_working_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.decided_on IS NULL THEN
    NEW.decision_working_days := NULL;
  ELSIF TG_OP = 'INSERT' OR OLD.decided_on IS DISTINCT FROM NEW.decided_on
     OR OLD.accepted_on IS DISTINCT FROM NEW.accepted_on OR NEW.decision_working_days IS NULL THEN
    NEW.decision_working_days := working_days_between(NEW.accepted_on, NEW.decided_on);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER application_working_days BEFORE INSERT OR UPDATE ON application FOR EACH ROW
  EXECUTE FUNCTION application_working_days();

CREATE FUNCTION nx_upsert_application_stats(r application, s int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stat_application AS x (month, township_code, type, stage, count)
  VALUES (nx_month(r.accepted_on), left(r.region_code, 9), r.type, r.stage, s)
  ON CONFLICT (month, township_code, type, stage) DO UPDATE SET count = x.count + EXCLUDED.count;
  IF r.stage IN ('APPROVED', 'REFUSED') AND r.decided_on IS NOT NULL THEN
    INSERT INTO stat_application_decision AS x (month, township_code, type, stage, count, working_days)
    VALUES (nx_month(r.decided_on), left(r.region_code, 9), r.type, r.stage, s, s * coalesce(r.decision_working_days, 0))
    ON CONFLICT (month, township_code, type, stage)
      DO UPDATE SET count = x.count + EXCLUDED.count, working_days = x.working_days + EXCLUDED.working_days;
  END IF;
END $$;

CREATE FUNCTION application_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM nx_upsert_application_stats(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM nx_upsert_application_stats(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER application_rollup AFTER INSERT OR DELETE ON application FOR EACH ROW EXECUTE FUNCTION application_rollup();
CREATE TRIGGER application_rollup_update AFTER UPDATE ON application FOR EACH ROW
  WHEN (OLD.stage IS DISTINCT FROM NEW.stage OR OLD.region_code IS DISTINCT FROM NEW.region_code
     OR OLD.type IS DISTINCT FROM NEW.type OR OLD.accepted_on IS DISTINCT FROM NEW.accepted_on
     OR OLD.decided_on IS DISTINCT FROM NEW.decided_on
     OR OLD.decision_working_days IS DISTINCT FROM NEW.decision_working_days)
  EXECUTE FUNCTION application_rollup();

CREATE FUNCTION nx_upsert_publicity_stats(r publicity, s int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF r.outcome <> 'RUNNING' THEN RETURN; END IF;
  INSERT INTO stat_publicity_open AS x (township_code, ends_on, running) VALUES (left(r.region_code, 9), r.ends_on, s)
  ON CONFLICT (township_code, ends_on) DO UPDATE SET running = x.running + EXCLUDED.running;
  DELETE FROM stat_publicity_open WHERE township_code = left(r.region_code, 9) AND ends_on = r.ends_on AND running = 0;
END $$;

CREATE FUNCTION publicity_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM nx_upsert_publicity_stats(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM nx_upsert_publicity_stats(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER publicity_rollup AFTER INSERT OR DELETE ON publicity FOR EACH ROW EXECUTE FUNCTION publicity_rollup();
CREATE TRIGGER publicity_rollup_update AFTER UPDATE ON publicity FOR EACH ROW
  WHEN (OLD.outcome IS DISTINCT FROM NEW.outcome OR OLD.region_code IS DISTINCT FROM NEW.region_code
     OR OLD.ends_on IS DISTINCT FROM NEW.ends_on)
  EXECUTE FUNCTION publicity_rollup();

-- Visits. A visit is a record: its household, day, place, recorder and answers do not change
-- (a wrong one is deleted and recorded again), which keeps the distinct counts below simple.
CREATE FUNCTION visit_snapshot() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.on_roster := coalesce((SELECT category <> 'NONE' FROM household WHERE id = NEW.household_id), false);
  RETURN NEW;
END $$;
CREATE TRIGGER visit_snapshot BEFORE INSERT ON visit FOR EACH ROW EXECUTE FUNCTION visit_snapshot();

CREATE FUNCTION visit_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'visit % is a record: delete it and record it again instead of changing it', OLD.id;
END $$;
CREATE TRIGGER visit_immutable BEFORE UPDATE ON visit FOR EACH ROW
  WHEN (OLD.household_id IS DISTINCT FROM NEW.household_id OR OLD.visited_on IS DISTINCT FROM NEW.visited_on
     OR OLD.region_code IS DISTINCT FROM NEW.region_code OR OLD.recorded_by_id IS DISTINCT FROM NEW.recorded_by_id
     OR OLD.answers IS DISTINCT FROM NEW.answers OR OLD.on_roster IS DISTINCT FROM NEW.on_roster)
  EXECUTE FUNCTION visit_immutable();

-- What household `h`'s visits in month `m` contribute to stat_household_visited (× s), ignoring
-- visit `skip` (the row being inserted, to see the table as it was before).
CREATE FUNCTION nx_household_month(h int, m date, s int, skip int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t text; r boolean; p date;
BEGIN
  IF m IS NULL THEN RETURN; END IF;
  SELECT left(v.region_code, 9), v.on_roster INTO t, r FROM visit v
    WHERE v.household_id = h AND v.visited_on >= m AND v.visited_on < (m + interval '1 month')::date
      AND v.id IS DISTINCT FROM skip
    ORDER BY v.visited_on, v.id LIMIT 1;
  IF NOT FOUND THEN RETURN; END IF;
  SELECT nx_month(max(v.visited_on)) INTO p FROM visit v
    WHERE v.household_id = h AND v.visited_on < m AND v.id IS DISTINCT FROM skip;
  INSERT INTO stat_household_visited AS x (month, township_code, prev_month, on_roster, households)
  VALUES (m, t, coalesce(p, date '0001-01-01'), r, s)
  ON CONFLICT (month, township_code, prev_month, on_roster) DO UPDATE SET households = x.households + EXCLUDED.households;
END $$;

CREATE FUNCTION nx_staff_month(u int, m date, s int, skip int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t text; p date;
BEGIN
  IF m IS NULL THEN RETURN; END IF;
  SELECT left(v.region_code, 9) INTO t FROM visit v
    WHERE v.recorded_by_id = u AND v.visited_on >= m AND v.visited_on < (m + interval '1 month')::date
      AND v.id IS DISTINCT FROM skip
    ORDER BY v.visited_on, v.id LIMIT 1;
  IF NOT FOUND THEN RETURN; END IF;
  SELECT nx_month(max(v.visited_on)) INTO p FROM visit v
    WHERE v.recorded_by_id = u AND v.visited_on < m AND v.id IS DISTINCT FROM skip;
  INSERT INTO stat_staff_active AS x (month, township_code, prev_month, staff)
  VALUES (m, t, coalesce(p, date '0001-01-01'), s)
  ON CONFLICT (month, township_code, prev_month) DO UPDATE SET staff = x.staff + EXCLUDED.staff;
END $$;

-- A visit in month m changes what months m and the next month with visits contribute (the next
-- one's "previous month" may now be m). The per-household and per-recorder locks make two
-- visits of one household (or one recorder) recorded at the same moment take turns.
CREATE FUNCTION nx_visit_months(r visit, skip int, s int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE m date := nx_month(r.visited_on); hn date; un date;
BEGIN
  SELECT nx_month(min(visited_on)) INTO hn FROM visit
    WHERE household_id = r.household_id AND visited_on >= (m + interval '1 month')::date;
  SELECT nx_month(min(visited_on)) INTO un FROM visit
    WHERE recorded_by_id = r.recorded_by_id AND visited_on >= (m + interval '1 month')::date;
  PERFORM nx_household_month(r.household_id, m, s, skip);
  PERFORM nx_household_month(r.household_id, hn, s, skip);
  PERFORM nx_staff_month(r.recorded_by_id, m, s, skip);
  PERFORM nx_staff_month(r.recorded_by_id, un, s, skip);
END $$;

CREATE FUNCTION visit_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r visit;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('visit.household'), r.household_id);
  PERFORM pg_advisory_xact_lock(hashtext('visit.recorder'), r.recorded_by_id);
  IF TG_WHEN = 'AFTER' AND TG_OP = 'INSERT' THEN
    -- As the table was without the new row, then as it is.
    PERFORM nx_visit_months(r, r.id, -1);
    PERFORM nx_visit_months(r, NULL, 1);
    INSERT INTO stat_visit AS x (month, township_code, visits, questionnaires)
    VALUES (nx_month(r.visited_on), left(r.region_code, 9), 1, nx_has_answers(r.answers)::int)
    ON CONFLICT (month, township_code)
      DO UPDATE SET visits = x.visits + 1, questionnaires = x.questionnaires + EXCLUDED.questionnaires;
  ELSIF TG_WHEN = 'BEFORE' AND TG_OP = 'DELETE' THEN
    PERFORM nx_visit_months(r, NULL, -1);  -- with the row, before it goes
    UPDATE stat_visit SET visits = visits - 1, questionnaires = questionnaires - nx_has_answers(r.answers)::int
      WHERE month = nx_month(r.visited_on) AND township_code = left(r.region_code, 9);
  ELSIF TG_WHEN = 'AFTER' AND TG_OP = 'DELETE' THEN
    PERFORM nx_visit_months(r, NULL, 1);   -- without it
  END IF;
  RETURN CASE WHEN TG_WHEN = 'BEFORE' THEN OLD ELSE NULL END;
END $$;
CREATE TRIGGER visit_rollup AFTER INSERT OR DELETE ON visit FOR EACH ROW EXECUTE FUNCTION visit_rollup();
CREATE TRIGGER visit_rollup_before_delete BEFORE DELETE ON visit FOR EACH ROW EXECUTE FUNCTION visit_rollup();

SELECT rebuild_rollups();
