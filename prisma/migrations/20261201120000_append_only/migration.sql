-- Append-only, tamper-evident history (issue 11, finding 3; docs/decisions/014).
--
-- audit_log and fund_entry are only ever added to. The app role has no UPDATE, DELETE or TRUNCATE
-- on them (lib/db/roles.ts grants); the triggers below refuse those for every role, the owner
-- included. A superuser can still drop a trigger: that is what the audit log's hash chain is for —
-- each row carries sha256(previous row's hash || its own content), and `npm run audit:verify`
-- names the first row where the chain breaks.

-- AlterTable
ALTER TABLE "audit_log" ADD COLUMN "prev_hash" BYTEA,
ADD COLUMN "hash" BYTEA;

-- CreateTable
CREATE TABLE "audit_chain_head" (
    "singleton" BOOLEAN NOT NULL DEFAULT true,
    "last_id" BIGINT NOT NULL,
    "hash" BYTEA,

    CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("singleton")
);
ALTER TABLE "audit_chain_head" ADD CONSTRAINT "audit_chain_head_one_row" CHECK ("singleton");

-- The content a row's hash covers, in a form that does not depend on the session: jsonb's text
-- is canonical (keys sorted, no whitespace choices), the time is epoch milliseconds (not a
-- rendering in the session's time zone), NULL stays distinct from ''.
CREATE FUNCTION audit_row_hash(prev bytea, r audit_log) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, public AS $$
  SELECT sha256(coalesce(prev, ''::bytea) || convert_to(jsonb_build_array(
    r.id, (extract(epoch FROM r.at) * 1000)::bigint, r.actor_id, r.action, r.entity, r.entity_id,
    r.region_code, r.before, r.after)::text, 'UTF8'))
$$;

-- The existing rows, chained in id order (once; a loop, since each hash needs the one before).
DO $$
DECLARE r audit_log; prev bytea; last bigint := 0;
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    UPDATE audit_log SET prev_hash = prev, hash = audit_row_hash(prev, r) WHERE id = r.id RETURNING hash INTO prev;
    last := r.id;
  END LOOP;
  INSERT INTO audit_chain_head (singleton, last_id, hash) VALUES (true, last, prev);
END $$;

-- Every new row: take the chain's tip, locked until this transaction ends, so concurrent writers
-- queue here and the rows are numbered and chained in one order (commit order) — the id is drawn
-- under the lock for that reason, overriding the column default drawn before the trigger. A
-- transaction that rolls back takes its tip update with it; its id stays a harmless gap.
-- SECURITY DEFINER: the head belongs to the owner; the app role can neither read nor move it.
CREATE FUNCTION audit_log_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE prev bytea;
BEGIN
  SELECT hash INTO prev FROM audit_chain_head WHERE singleton FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'audit_chain_head is missing its row'; END IF;
  NEW.id := nextval('audit_log_id_seq'::regclass);
  NEW.prev_hash := prev;
  NEW.hash := audit_row_hash(prev, NEW);
  UPDATE audit_chain_head SET last_id = NEW.id, hash = NEW.hash WHERE singleton;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

-- The refusal, for every role: row changes and TRUNCATE (also when cascaded from another table).
-- A foreign key's ON DELETE SET NULL pointing here is refused too: history keeps its references.
CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% 只能追加，不能修改或删除（%: % is append-only）', TG_TABLE_NAME, TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER fund_entry_append_only BEFORE UPDATE OR DELETE ON fund_entry
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
CREATE TRIGGER fund_entry_no_truncate BEFORE TRUNCATE ON fund_entry
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
-- The chain's tip moves only through audit_log_chain.
CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE OR DELETE ON audit_chain_head
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();

-- The ledger's roll-up no longer needs to undo updates and deletes: there are none.
DROP TRIGGER fund_entry_rollup ON fund_entry;
CREATE OR REPLACE FUNCTION fund_entry_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nx_upsert_payment_stats(NEW, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER fund_entry_rollup AFTER INSERT ON fund_entry FOR EACH ROW EXECUTE FUNCTION fund_entry_rollup();
