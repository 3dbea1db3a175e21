-- CreateTable
CREATE TABLE "stat_visit_county" (
    "month" DATE NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "visits" INTEGER NOT NULL DEFAULT 0,
    "questionnaires" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_visit_county_pkey" PRIMARY KEY ("month","county_code")
);

-- CreateTable
CREATE TABLE "stat_household_visited_county" (
    "month" DATE NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "prev_month" DATE NOT NULL,
    "on_roster" BOOLEAN NOT NULL,
    "households" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_household_visited_county_pkey" PRIMARY KEY ("month","county_code","prev_month","on_roster")
);

-- CreateTable
CREATE TABLE "stat_staff_active_county" (
    "month" DATE NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "prev_month" DATE NOT NULL,
    "staff" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_staff_active_county_pkey" PRIMARY KEY ("month","county_code","prev_month")
);

-- CreateTable
CREATE TABLE "stat_problem_county" (
    "month" DATE NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "found" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_problem_county_pkey" PRIMARY KEY ("month","county_code")
);

-- CreateTable
CREATE TABLE "stat_resolution_county" (
    "month" DATE NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "tier" "resolution_tier" NOT NULL,
    "department_code" VARCHAR(30) NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_resolution_county_pkey" PRIMARY KEY ("month","county_code","tier","department_code")
);

-- CreateTable
CREATE TABLE "stat_transfer_county" (
    "month" DATE NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "department_code" VARCHAR(30) NOT NULL,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "resolved" INTEGER NOT NULL DEFAULT 0,
    "returned" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_transfer_county_pkey" PRIMARY KEY ("month","county_code","department_code")
);

-- CreateTable
CREATE TABLE "stat_aid_payment_county" (
    "month" DATE NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "fund_id" INTEGER NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "payments" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_aid_payment_county_pkey" PRIMARY KEY ("month","county_code","fund_id")
);

-- CreateTable
CREATE TABLE "stat_application_county" (
    "month" DATE NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "type" "application_type" NOT NULL,
    "stage" "application_stage" NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_application_county_pkey" PRIMARY KEY ("month","county_code","type","stage")
);

-- CreateTable
CREATE TABLE "stat_application_decision_county" (
    "month" DATE NOT NULL,
    "county_code" VARCHAR(6) NOT NULL,
    "type" "application_type" NOT NULL,
    "stage" "application_stage" NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "working_days" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "stat_application_decision_county_pkey" PRIMARY KEY ("month","county_code","type","stage")
);

-- ───────────────────────── Hand-written: county-level roll-ups ─────────────────────────
-- Each township-level change is passed on to its county row (the delta NEW − OLD), in the same
-- transaction. Arguments: the county table, the key columns besides the region, the value columns.
CREATE FUNCTION stat_to_county() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target text := TG_ARGV[0];
  keys text[] := string_to_array(TG_ARGV[1], ',');
  vals text[] := string_to_array(TG_ARGV[2], ',');
BEGIN
  -- $1 the new row (NULL on DELETE), $2 the old one (NULL on INSERT).
  EXECUTE format(
    'INSERT INTO %I AS x (county_code%s, %s) SELECT left(coalesce(($1).township_code, ($2).township_code), 6)%s, %s '
    'ON CONFLICT (county_code%s) DO UPDATE SET %s',
    target,
    (SELECT string_agg(', ' || quote_ident(k), '') FROM unnest(keys) k),
    (SELECT string_agg(quote_ident(v), ', ') FROM unnest(vals) v),
    (SELECT string_agg(format(', coalesce(($1).%1$I, ($2).%1$I)', k), '') FROM unnest(keys) k),
    (SELECT string_agg(format('coalesce(($1).%1$I, 0) - coalesce(($2).%1$I, 0)', v), ', ') FROM unnest(vals) v),
    (SELECT string_agg(', ' || quote_ident(k), '') FROM unnest(keys) k),
    (SELECT string_agg(format('%1$I = x.%1$I + EXCLUDED.%1$I', v), ', ') FROM unnest(vals) v))
  USING NEW, OLD;
  RETURN NULL;
END $$;

CREATE TRIGGER stat_visit_to_county AFTER INSERT OR UPDATE OR DELETE ON stat_visit FOR EACH ROW
  EXECUTE FUNCTION stat_to_county('stat_visit_county', 'month', 'visits,questionnaires');
CREATE TRIGGER stat_household_visited_to_county AFTER INSERT OR UPDATE OR DELETE ON stat_household_visited FOR EACH ROW
  EXECUTE FUNCTION stat_to_county('stat_household_visited_county', 'month,prev_month,on_roster', 'households');
CREATE TRIGGER stat_staff_active_to_county AFTER INSERT OR UPDATE OR DELETE ON stat_staff_active FOR EACH ROW
  EXECUTE FUNCTION stat_to_county('stat_staff_active_county', 'month,prev_month', 'staff');
CREATE TRIGGER stat_problem_to_county AFTER INSERT OR UPDATE OR DELETE ON stat_problem FOR EACH ROW
  EXECUTE FUNCTION stat_to_county('stat_problem_county', 'month', 'found');
CREATE TRIGGER stat_resolution_to_county AFTER INSERT OR UPDATE OR DELETE ON stat_resolution FOR EACH ROW
  EXECUTE FUNCTION stat_to_county('stat_resolution_county', 'month,tier,department_code', 'count');
CREATE TRIGGER stat_transfer_to_county AFTER INSERT OR UPDATE OR DELETE ON stat_transfer FOR EACH ROW
  EXECUTE FUNCTION stat_to_county('stat_transfer_county', 'month,department_code', 'sent,resolved,returned');
CREATE TRIGGER stat_aid_payment_to_county AFTER INSERT OR UPDATE OR DELETE ON stat_aid_payment FOR EACH ROW
  EXECUTE FUNCTION stat_to_county('stat_aid_payment_county', 'month,fund_id', 'amount,payments');
CREATE TRIGGER stat_application_to_county AFTER INSERT OR UPDATE OR DELETE ON stat_application FOR EACH ROW
  EXECUTE FUNCTION stat_to_county('stat_application_county', 'month,type,stage', 'count');
CREATE TRIGGER stat_application_decision_to_county AFTER INSERT OR UPDATE OR DELETE ON stat_application_decision FOR EACH ROW
  EXECUTE FUNCTION stat_to_county('stat_application_decision_county', 'month,type,stage', 'count,working_days');

-- Their definitions: the township definitions summed by county.
CREATE VIEW raw_stat_visit_county AS
  SELECT month, left(township_code, 6)::varchar(6) AS county_code, sum(visits)::int AS visits, sum(questionnaires)::int AS questionnaires
  FROM raw_stat_visit GROUP BY 1, 2;
CREATE VIEW raw_stat_household_visited_county AS
  SELECT month, left(township_code, 6)::varchar(6) AS county_code, prev_month, on_roster, sum(households)::int AS households
  FROM raw_stat_household_visited GROUP BY 1, 2, 3, 4;
CREATE VIEW raw_stat_staff_active_county AS
  SELECT month, left(township_code, 6)::varchar(6) AS county_code, prev_month, sum(staff)::int AS staff
  FROM raw_stat_staff_active GROUP BY 1, 2, 3;
CREATE VIEW raw_stat_problem_county AS
  SELECT month, left(township_code, 6)::varchar(6) AS county_code, sum(found)::int AS found FROM raw_stat_problem GROUP BY 1, 2;
CREATE VIEW raw_stat_resolution_county AS
  SELECT month, left(township_code, 6)::varchar(6) AS county_code, tier, department_code, sum(count)::int AS count
  FROM raw_stat_resolution GROUP BY 1, 2, 3, 4;
CREATE VIEW raw_stat_transfer_county AS
  SELECT month, left(township_code, 6)::varchar(6) AS county_code, department_code,
         sum(sent)::int AS sent, sum(resolved)::int AS resolved, sum(returned)::int AS returned
  FROM raw_stat_transfer GROUP BY 1, 2, 3;
CREATE VIEW raw_stat_aid_payment_county AS
  SELECT month, left(township_code, 6)::varchar(6) AS county_code, fund_id, sum(amount)::numeric(14, 2) AS amount, sum(payments)::int AS payments
  FROM raw_stat_aid_payment GROUP BY 1, 2, 3;
CREATE VIEW raw_stat_application_county AS
  SELECT month, left(township_code, 6)::varchar(6) AS county_code, type, stage, sum(count)::int AS count
  FROM raw_stat_application GROUP BY 1, 2, 3, 4;
CREATE VIEW raw_stat_application_decision_county AS
  SELECT month, left(township_code, 6)::varchar(6) AS county_code, type, stage, sum(count)::int AS count, sum(working_days)::int AS working_days
  FROM raw_stat_application_decision GROUP BY 1, 2, 3, 4;

-- Rebuild fills the township tables with their triggers off (the county ones are filled from
-- their own definitions right after), then the county tables.
CREATE OR REPLACE FUNCTION rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
DECLARE t text; cols text;
BEGIN
  FOREACH t IN ARRAY ARRAY['stat_visit', 'stat_household_visited', 'stat_staff_active', 'stat_register',
    'stat_problem', 'stat_resolution', 'stat_transfer', 'stat_transfer_open', 'stat_aid_payment',
    'stat_application', 'stat_application_decision', 'stat_publicity_open',
    'stat_visit_county', 'stat_household_visited_county', 'stat_staff_active_county', 'stat_problem_county',
    'stat_resolution_county', 'stat_transfer_county', 'stat_aid_payment_county', 'stat_application_county',
    'stat_application_decision_county'] LOOP
    EXECUTE format('ALTER TABLE %I DISABLE TRIGGER USER', t);
    EXECUTE format('TRUNCATE %I', t);
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
      FROM pg_attribute WHERE attrelid = ('raw_' || t)::regclass AND attnum > 0 AND NOT attisdropped;
    EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM %I', t, cols, cols, 'raw_' || t);
    EXECUTE format('ALTER TABLE %I ENABLE TRIGGER USER', t);
  END LOOP;
END $$;

SELECT rebuild_rollups();
