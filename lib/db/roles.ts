/**
 * The two database roles of Nuanxin (issue 11, finding 2; docs/decisions/014):
 *
 * - the owner (`nuanxin_owner`) owns the database, its schema and every table, and runs the
 *   migrations, the seed and the bulk generator;
 * - the app (`nuanxin_app`), the role the web app connects as, may only SELECT / INSERT / UPDATE /
 *   DELETE the app's tables (INSERT and SELECT only on the append-only ones), use the sequences and
 *   call the functions: no DDL, no TRUNCATE, no temporary tables, no superuser, no CREATEROLE, no
 *   membership in pg_execute_server_program / pg_read_server_files (so no COPY … PROGRAM and no
 *   reading the server's files).
 *
 * On the embedded cluster the command-line tools create both roles as the superuser, with
 * passwords derived from the superuser's (so one secret file, `.data/<cluster>.superuser.json`,
 * is all there is to keep). On an external PostgreSQL an operator creates them once (README,
 * "最小权限数据库角色") and gives the tools DATABASE_URL (app) and MIGRATION_DATABASE_URL (owner);
 * `grantAppRole` then runs after every migration, as the owner.
 *
 * Command-line only (pg, no server-only): never imported by the web app.
 */
import { withClient } from "./migration-status";
import { createHmac } from "node:crypto";
import pg from "pg";

export const OWNER_ROLE = "nuanxin_owner";
export const APP_ROLE = "nuanxin_app";

/**
 * History that is only ever added to (docs/decisions/014): the app may read and append, never
 * change or remove. Triggers in migration 20261201120000_append_only refuse it for every role.
 */
export const APPEND_ONLY_TABLES = ["audit_log", "fund_entry", "household_move", "questionnaire_template"];

/** Tables the app has no business with at all. */
const PRIVATE_TABLES = ["_prisma_migrations", "audit_chain_head"];

export type RoleUrls = { app: string; owner: string };

/** A role's password on a cluster whose superuser password we hold: HMAC, so neither reveals it. */
export function derivedPassword(superuserPassword: string, role: string): string {
  return createHmac("sha256", superuserPassword).update(`nuanxin-role:${role}`).digest("base64url");
}

/** The same server and database as `url`, as another role. */
export function asRole(url: string, role: string, password: string, database?: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(role);
  u.password = encodeURIComponent(password);
  if (database) u.pathname = `/${database}`;
  return u.toString();
}

/** The user name in a connection URL. */
export const roleOf = (url: string) => decodeURIComponent(new URL(url).username);


/**
 * As a superuser: both roles exist, can log in with these passwords, and hold nothing more than
 * LOGIN. Idempotent, and it takes away any stronger attribute someone may have given them.
 */
export async function ensureRoles(superuserUrl: string, superuserPassword: string): Promise<void> {
  await withClient(superuserUrl, async (c) => {
    for (const role of [OWNER_ROLE, APP_ROLE]) {
      const password = c.escapeLiteral(derivedPassword(superuserPassword, role));
      const exists = (await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role])).rowCount === 1;
      const attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
      // Two tools starting at once may both see the role missing: the loser's error is harmless.
      await c.query(`${exists ? "ALTER" : "CREATE"} ROLE ${c.escapeIdentifier(role)} ${attributes} PASSWORD ${password}`)
        .catch(async (e) => {
          if ((e as { code?: string }).code !== "42710") throw e; // duplicate_object
          await c.query(`ALTER ROLE ${c.escapeIdentifier(role)} ${attributes} PASSWORD ${password}`);
        });
    }
  });
}

/**
 * As a superuser: `database` exists and belongs to the owner role, and so does everything in its
 * public schema. A database made before issue 11 (every object owned by the superuser) is handed
 * over here; on a database already in order this changes nothing. `template` copies one.
 */
export async function ensureOwnedDatabase(superuserUrl: string, database: string, opts: { template?: string } = {}) {
  await withClient(superuserUrl, async (c) => {
    const found = (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [database])).rowCount === 1;
    const name = c.escapeIdentifier(database);
    if (!found) {
      const template = opts.template ? ` TEMPLATE ${c.escapeIdentifier(opts.template)}` : "";
      await c.query(`CREATE DATABASE ${name}${template} OWNER ${OWNER_ROLE}`).catch((e) => {
        if ((e as { code?: string }).code !== "42P04") throw e; // duplicate_database: someone was faster
      });
    } else {
      await c.query(`ALTER DATABASE ${name} OWNER TO ${OWNER_ROLE}`);
    }
  });
  // A copy of a template already belongs to the owner; an older database may not.
  if (!opts.template) await handOverObjects(sameServer(superuserUrl, database));
}

const sameServer = (url: string, database: string) => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/**
 * As a superuser, in one database: every table, view, sequence, function and type of the public
 * schema that is not the owner's (a database migrated as the superuser before issue 11) becomes
 * the owner's. REASSIGN OWNED cannot do it: it refuses objects of the bootstrap superuser.
 */
export async function handOverObjects(superuserDbUrl: string) {
  await withClient(superuserDbUrl, (c) =>
    c.query(`DO $$
DECLARE r record; owner oid := '${OWNER_ROLE}'::regrole;
BEGIN
  -- Tables first: their sequences and row types follow them.
  FOR r IN SELECT c.oid::regclass AS obj, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relowner <> owner AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') LOOP
    EXECUTE format('ALTER %s %s OWNER TO ${OWNER_ROLE}',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.obj);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS obj FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relowner <> owner AND c.relkind = 'S'
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('e', 'a', 'i')) LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO ${OWNER_ROLE}', r.obj);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS obj, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'public' AND p.proowner <> owner
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') LOOP
    EXECUTE format('ALTER %s %s OWNER TO ${OWNER_ROLE}', CASE r.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, r.obj);
  END LOOP;
  FOR r IN SELECT t.oid::regtype AS obj, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typowner <> owner AND t.typtype IN ('e', 'd', 'c', 'r') AND t.typrelid = 0
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e') LOOP
    EXECUTE format('ALTER %s %s OWNER TO ${OWNER_ROLE}', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.obj);
  END LOOP;
END $$`),
  );
}

/**
 * As the owner, after every migration (idempotent, one transaction): the app role gets exactly
 * its grants on what exists now, and — through default privileges — on what later migrations
 * create. Append-only tables lose UPDATE, DELETE and TRUNCATE; the migrations table and the audit
 * chain's head are the owner's alone.
 */
export async function grantAppRole(ownerUrl: string, appRole: string): Promise<void> {
  await withClient(ownerUrl, async (c) => {
    const owner = c.escapeIdentifier(roleOf(ownerUrl));
    const app = c.escapeIdentifier(appRole);
    const list = (names: string[]) => names.map((n) => c.escapeLiteral(n)).join(", ");
    await c.query("BEGIN");
    try {
      // Only the roles named here may connect; nobody but the owner creates temporary tables.
      await c.query(`DO $$ BEGIN
        EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO ${app}', current_database());
      END $$`);
      // PostgreSQL < 15 lets PUBLIC create in schema public; 15+ does not. Harmless either way.
      await c.query("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      await c.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
      await c.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app}`);
      await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
      await c.query(`DO $$ DECLARE t text; BEGIN
        FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename IN (${list(APPEND_ONLY_TABLES)}) LOOP
          EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM ${app}', t);
        END LOOP;
        FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename IN (${list(PRIVATE_TABLES)}) LOOP
          EXECUTE format('REVOKE ALL ON %I FROM ${app}', t);
        END LOOP;
      END $$`);
      await c.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${app}`);
      await c.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
      await c.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${app}`);
      // What later migrations create (as this owner) comes with the same grants.
      await c.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`);
      await c.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`);
      await c.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO ${app}`);
      // The job queue's schema (pg-boss, migration 20261205100000): the app sends, fetches and
      // completes jobs (rows), never changes the schema; its queues are created by migrations.
      await c.query(`DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'pgboss') THEN
          GRANT USAGE ON SCHEMA pgboss TO ${app};
          GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO ${app};
          GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgboss TO ${app};
        END IF;
      END $$`);
      await c.query("COMMIT");
    } catch (error) {
      await c.query("ROLLBACK").catch(() => {});
      throw error;
    }
  });
}

/** What a role may do that the app role must not: for the start command's warning. */
export async function privilegeProblems(url: string): Promise<string[]> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ super: boolean; createrole: boolean; program: boolean; owns: boolean }>(`
      SELECT r.rolsuper AS super, r.rolcreaterole AS createrole,
             pg_has_role(current_user, 'pg_execute_server_program', 'USAGE') AS program,
             EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user) AS owns
      FROM pg_roles r WHERE r.rolname = current_user`);
    const r = rows[0];
    return [
      r.super && "超级用户 (superuser)",
      r.createrole && "CREATEROLE",
      r.program && "pg_execute_server_program (COPY … PROGRAM)",
      r.owns && "表的所有者 (owns the tables: DDL, TRUNCATE)",
    ].filter((x): x is string => typeof x === "string");
  });
}
