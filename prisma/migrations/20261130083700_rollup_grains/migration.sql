-- Emptied here, rebuilt at the end: the aid roll-up is keyed by fund kind from now on.
DROP VIEW raw_stat_aid_payment_county;
DROP VIEW raw_stat_aid_payment;
TRUNCATE stat_aid_payment, stat_aid_payment_county;

-- AlterTable
ALTER TABLE "stat_aid_payment" DROP CONSTRAINT "stat_aid_payment_pkey",
DROP COLUMN "fund_id",
ADD COLUMN     "fund_kind" "fund_kind" NOT NULL,
ADD CONSTRAINT "stat_aid_payment_pkey" PRIMARY KEY ("month", "township_code", "fund_kind");

-- AlterTable
ALTER TABLE "stat_aid_payment_county" DROP CONSTRAINT "stat_aid_payment_county_pkey",
DROP COLUMN "fund_id",
ADD COLUMN     "fund_kind" "fund_kind" NOT NULL,
ADD CONSTRAINT "stat_aid_payment_county_pkey" PRIMARY KEY ("month", "county_code", "fund_kind");

-- CreateTable
CREATE TABLE "stat_visit_city" (
    "month" DATE NOT NULL,
    "city_code" VARCHAR(4) NOT NULL,
    "visits" INTEGER NOT NULL DEFAULT 0,
    "questionnaires" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_visit_city_pkey" PRIMARY KEY ("month","city_code")
);

-- CreateTable
CREATE TABLE "stat_household_visited_city" (
    "month" DATE NOT NULL,
    "city_code" VARCHAR(4) NOT NULL,
    "prev_month" DATE NOT NULL,
    "on_roster" BOOLEAN NOT NULL,
    "households" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_household_visited_city_pkey" PRIMARY KEY ("month","city_code","prev_month","on_roster")
);

-- CreateTable
CREATE TABLE "stat_staff_active_city" (
    "month" DATE NOT NULL,
    "city_code" VARCHAR(4) NOT NULL,
    "prev_month" DATE NOT NULL,
    "staff" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_staff_active_city_pkey" PRIMARY KEY ("month","city_code","prev_month")
);

-- CreateTable
CREATE TABLE "stat_problem_city" (
    "month" DATE NOT NULL,
    "city_code" VARCHAR(4) NOT NULL,
    "found" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_problem_city_pkey" PRIMARY KEY ("month","city_code")
);

-- CreateTable
CREATE TABLE "stat_resolution_city" (
    "month" DATE NOT NULL,
    "city_code" VARCHAR(4) NOT NULL,
    "tier" "resolution_tier" NOT NULL,
    "department_code" VARCHAR(30) NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_resolution_city_pkey" PRIMARY KEY ("month","city_code","tier","department_code")
);

-- CreateTable
CREATE TABLE "stat_transfer_city" (
    "month" DATE NOT NULL,
    "city_code" VARCHAR(4) NOT NULL,
    "department_code" VARCHAR(30) NOT NULL,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "resolved" INTEGER NOT NULL DEFAULT 0,
    "returned" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_transfer_city_pkey" PRIMARY KEY ("month","city_code","department_code")
);

-- CreateTable
CREATE TABLE "stat_aid_payment_city" (
    "month" DATE NOT NULL,
    "city_code" VARCHAR(4) NOT NULL,
    "fund_kind" "fund_kind" NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "payments" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_aid_payment_city_pkey" PRIMARY KEY ("month","city_code","fund_kind")
);

-- CreateTable
CREATE TABLE "stat_application_city" (
    "month" DATE NOT NULL,
    "city_code" VARCHAR(4) NOT NULL,
    "type" "application_type" NOT NULL,
    "stage" "application_stage" NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_application_city_pkey" PRIMARY KEY ("month","city_code","type","stage")
);

-- CreateTable
CREATE TABLE "stat_application_decision_city" (
    "month" DATE NOT NULL,
    "city_code" VARCHAR(4) NOT NULL,
    "type" "application_type" NOT NULL,
    "stage" "application_stage" NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "working_days" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_application_decision_city_pkey" PRIMARY KEY ("month","city_code","type","stage")
);

-- CreateTable
CREATE TABLE "stat_register_county" (
    "county_code" VARCHAR(6) NOT NULL,
    "category" "assistance_category" NOT NULL,
    "households" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_register_county_pkey" PRIMARY KEY ("county_code","category")
);

-- CreateTable
CREATE TABLE "stat_register_city" (
    "city_code" VARCHAR(4) NOT NULL,
    "category" "assistance_category" NOT NULL,
    "households" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_register_city_pkey" PRIMARY KEY ("city_code","category")
);

-- CreateIndex
CREATE INDEX "stat_aid_payment_township_code_month_idx" ON "stat_aid_payment"("township_code", "month");

-- CreateIndex
CREATE INDEX "stat_aid_payment_county_county_code_month_idx" ON "stat_aid_payment_county"("county_code", "month");

-- CreateIndex
CREATE INDEX "stat_application_township_code_month_idx" ON "stat_application"("township_code", "month");

-- CreateIndex
CREATE INDEX "stat_application_county_county_code_month_idx" ON "stat_application_county"("county_code", "month");

-- CreateIndex
CREATE INDEX "stat_application_decision_township_code_month_idx" ON "stat_application_decision"("township_code", "month");

-- CreateIndex
CREATE INDEX "stat_application_decision_county_county_code_month_idx" ON "stat_application_decision_county"("county_code", "month");

-- CreateIndex
CREATE INDEX "stat_household_visited_township_code_month_idx" ON "stat_household_visited"("township_code", "month");

-- CreateIndex
CREATE INDEX "stat_household_visited_county_county_code_month_idx" ON "stat_household_visited_county"("county_code", "month");

-- CreateIndex
CREATE INDEX "stat_problem_township_code_month_idx" ON "stat_problem"("township_code", "month");

-- CreateIndex
CREATE INDEX "stat_problem_county_county_code_month_idx" ON "stat_problem_county"("county_code", "month");

-- CreateIndex
CREATE INDEX "stat_resolution_township_code_month_idx" ON "stat_resolution"("township_code", "month");

-- CreateIndex
CREATE INDEX "stat_resolution_county_county_code_month_idx" ON "stat_resolution_county"("county_code", "month");

-- CreateIndex
CREATE INDEX "stat_staff_active_township_code_month_idx" ON "stat_staff_active"("township_code", "month");

-- CreateIndex
CREATE INDEX "stat_staff_active_county_county_code_month_idx" ON "stat_staff_active_county"("county_code", "month");

-- CreateIndex
CREATE INDEX "stat_transfer_township_code_month_idx" ON "stat_transfer"("township_code", "month");

-- CreateIndex
CREATE INDEX "stat_transfer_county_county_code_month_idx" ON "stat_transfer_county"("county_code", "month");

-- CreateIndex
CREATE INDEX "stat_visit_township_code_month_idx" ON "stat_visit"("township_code", "month");

-- CreateIndex
CREATE INDEX "stat_visit_county_county_code_month_idx" ON "stat_visit_county"("county_code", "month");

-- ───────────────────────── Hand-written: three grains ─────────────────────────
-- Township rows → county copies → city copies, each level passing the delta of every change up
-- to its parent's row in the same transaction (decision 010). One function for every table and
-- level: the target table, the source and target code columns, the target code's length, the
-- key columns besides the code, the value columns.
DROP TRIGGER stat_visit_to_county ON stat_visit;
DROP TRIGGER stat_household_visited_to_county ON stat_household_visited;
DROP TRIGGER stat_staff_active_to_county ON stat_staff_active;
DROP TRIGGER stat_problem_to_county ON stat_problem;
DROP TRIGGER stat_resolution_to_county ON stat_resolution;
DROP TRIGGER stat_transfer_to_county ON stat_transfer;
DROP TRIGGER stat_aid_payment_to_county ON stat_aid_payment;
DROP TRIGGER stat_application_to_county ON stat_application;
DROP TRIGGER stat_application_decision_to_county ON stat_application_decision;
DROP FUNCTION stat_to_county();

CREATE FUNCTION stat_roll_up() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target text := TG_ARGV[0];
  src text := TG_ARGV[1];
  dst text := TG_ARGV[2];
  len int := TG_ARGV[3]::int;
  keys text[] := string_to_array(TG_ARGV[4], ',');
  vals text[] := string_to_array(TG_ARGV[5], ',');
BEGIN
  -- $1 the new row (NULL on DELETE), $2 the old one (NULL on INSERT).
  EXECUTE format(
    'INSERT INTO %I AS x (%I%s, %s) SELECT left(coalesce(($1).%I, ($2).%I), %s)%s, %s '
    'ON CONFLICT (%I%s) DO UPDATE SET %s',
    target, dst,
    (SELECT string_agg(', ' || quote_ident(k), '') FROM unnest(keys) k),
    (SELECT string_agg(quote_ident(v), ', ') FROM unnest(vals) v),
    src, src, len,
    (SELECT string_agg(format(', coalesce(($1).%1$I, ($2).%1$I)', k), '') FROM unnest(keys) k),
    (SELECT string_agg(format('coalesce(($1).%1$I, 0) - coalesce(($2).%1$I, 0)', v), ', ') FROM unnest(vals) v),
    dst,
    (SELECT string_agg(', ' || quote_ident(k), '') FROM unnest(keys) k),
    (SELECT string_agg(format('%1$I = x.%1$I + EXCLUDED.%1$I', v), ', ') FROM unnest(vals) v))
  USING NEW, OLD;
  RETURN NULL;
END $$;

-- Aid by fund kind.
CREATE OR REPLACE FUNCTION nx_upsert_payment_stats(r fund_entry, s int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE paid_entry fund_entry; township text; kind fund_kind;
BEGIN
  IF r.kind = 'PAYMENT' THEN
    paid_entry := r;
  ELSIF r.kind = 'REVERSAL' THEN
    SELECT * INTO paid_entry FROM fund_entry WHERE id = r.reverses_entry_id AND fund_entry.kind = 'PAYMENT';
  END IF;
  IF paid_entry.id IS NULL OR paid_entry.problem_id IS NULL THEN RETURN; END IF;
  SELECT left(region_code, 9) INTO township FROM problem WHERE id = paid_entry.problem_id;
  SELECT f.kind INTO kind FROM fund f WHERE f.id = paid_entry.fund_id;
  INSERT INTO stat_aid_payment AS x (month, township_code, fund_kind, amount, payments)
  VALUES (nx_month(nx_china_day(paid_entry.created_at)), township, kind, s * -r.amount,
          CASE WHEN r.kind = 'PAYMENT' THEN s ELSE -s END)
  ON CONFLICT (month, township_code, fund_kind)
    DO UPDATE SET amount = x.amount + EXCLUDED.amount, payments = x.payments + EXCLUDED.payments;
END $$;

CREATE VIEW raw_stat_aid_payment AS
  SELECT month, township_code::varchar(9) AS township_code, fund_kind, sum(amount)::numeric(14, 2) AS amount, sum(payments)::int AS payments
  FROM (
    SELECT nx_month(nx_china_day(e.created_at)) AS month, left(p.region_code, 9) AS township_code, f.kind AS fund_kind,
           -e.amount AS amount, 1 AS payments
    FROM fund_entry e JOIN problem p ON p.id = e.problem_id JOIN fund f ON f.id = e.fund_id
    WHERE e.kind = 'PAYMENT'
    UNION ALL
    SELECT nx_month(nx_china_day(o.created_at)), left(p.region_code, 9), f.kind, -r.amount, -1
    FROM fund_entry r JOIN fund_entry o ON o.id = r.reverses_entry_id JOIN problem p ON p.id = o.problem_id
         JOIN fund f ON f.id = o.fund_id
    WHERE r.kind = 'REVERSAL' AND o.kind = 'PAYMENT'
  ) x GROUP BY 1, 2, 3;
CREATE VIEW raw_stat_aid_payment_county AS
  SELECT month, left(township_code, 6)::varchar(6) AS county_code, fund_kind, sum(amount)::numeric(14, 2) AS amount, sum(payments)::int AS payments
  FROM raw_stat_aid_payment GROUP BY 1, 2, 3;
CREATE VIEW raw_stat_register_county AS
  SELECT left(township_code, 6)::varchar(6) AS county_code, category, sum(households)::int AS households
  FROM raw_stat_register GROUP BY 1, 2;

-- The levels: (township table, its key columns besides the code, its value columns).
DO $$
DECLARE
  r record;
  levels text[][] := ARRAY[
    ['stat_visit', 'month', 'visits,questionnaires'],
    ['stat_household_visited', 'month,prev_month,on_roster', 'households'],
    ['stat_staff_active', 'month,prev_month', 'staff'],
    ['stat_register', 'category', 'households'],
    ['stat_problem', 'month', 'found'],
    ['stat_resolution', 'month,tier,department_code', 'count'],
    ['stat_transfer', 'month,department_code', 'sent,resolved,returned'],
    ['stat_aid_payment', 'month,fund_kind', 'amount,payments'],
    ['stat_application', 'month,type,stage', 'count'],
    ['stat_application_decision', 'month,type,stage', 'count,working_days']];
  i int;
  t text; keys text; vals text; cols text;
BEGIN
  FOR i IN 1 .. array_length(levels, 1) LOOP
    t := levels[i][1]; keys := levels[i][2]; vals := levels[i][3];
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION stat_roll_up(%L, %L, %L, %L, %L, %L)',
      t || '_to_county', t, t || '_county', 'township_code', 'county_code', '6', keys, vals);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION stat_roll_up(%L, %L, %L, %L, %L, %L)',
      t || '_county_to_city', t || '_county', t || '_city', 'county_code', 'city_code', '4', keys, vals);
    -- The city definition: the county definition summed by city.
    cols := (SELECT string_agg(quote_ident(k), ', ') FROM unnest(string_to_array(keys, ',')) k);
    EXECUTE format('CREATE VIEW %I AS SELECT left(county_code, 4)::varchar(4) AS city_code, %s, %s FROM %I GROUP BY 1, %s',
      'raw_' || t || '_city', cols,
      (SELECT string_agg(format('sum(%1$I)::%2$s AS %1$I', v, CASE WHEN v = 'amount' THEN 'numeric(14, 2)' ELSE 'int' END), ', ')
         FROM unnest(string_to_array(vals, ',')) v),
      'raw_' || t || '_county', cols);
  END LOOP;
END $$;

-- Rebuild: the township tables from their definitions, then each county and city table from the
-- level below (the same sums the triggers keep), all with their triggers off.
CREATE OR REPLACE FUNCTION rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t text; cols text; keys text; vals text;
  base text[] := ARRAY['stat_visit', 'stat_household_visited', 'stat_staff_active', 'stat_register',
    'stat_problem', 'stat_resolution', 'stat_transfer', 'stat_aid_payment', 'stat_application',
    'stat_application_decision'];
BEGIN
  FOREACH t IN ARRAY base || ARRAY['stat_transfer_open', 'stat_publicity_open'] LOOP
    EXECUTE format('ALTER TABLE %I DISABLE TRIGGER USER', t);
    EXECUTE format('TRUNCATE %I', t);
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
      FROM pg_attribute WHERE attrelid = ('raw_' || t)::regclass AND attnum > 0 AND NOT attisdropped;
    EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM %I', t, cols, cols, 'raw_' || t);
    EXECUTE format('ALTER TABLE %I ENABLE TRIGGER USER', t);
  END LOOP;
  FOREACH t IN ARRAY base LOOP
    -- Key columns: the primary key's, less the code; values: the rest.
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FILTER (WHERE a.attnum = ANY(i.indkey) AND a.attname <> 'township_code'),
           string_agg(format('sum(%1$I)', a.attname), ', ' ORDER BY a.attnum) FILTER (WHERE NOT a.attnum = ANY(i.indkey)),
           string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FILTER (WHERE NOT a.attnum = ANY(i.indkey))
      INTO keys, cols, vals
      FROM pg_attribute a JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
      WHERE a.attrelid = t::regclass AND a.attnum > 0 AND NOT a.attisdropped;
    EXECUTE format('ALTER TABLE %I DISABLE TRIGGER USER', t || '_county');
    EXECUTE format('TRUNCATE %I', t || '_county');
    EXECUTE format('INSERT INTO %I (county_code, %s, %s) SELECT left(township_code, 6), %s, %s FROM %I GROUP BY 1, %s',
      t || '_county', keys, vals, keys, cols, t, keys);
    EXECUTE format('ALTER TABLE %I ENABLE TRIGGER USER', t || '_county');
    EXECUTE format('TRUNCATE %I', t || '_city');
    EXECUTE format('INSERT INTO %I (city_code, %s, %s) SELECT left(county_code, 4), %s, %s FROM %I GROUP BY 1, %s',
      t || '_city', keys, vals, keys, cols, t || '_county', keys);
  END LOOP;
END $$;

SELECT rebuild_rollups();
