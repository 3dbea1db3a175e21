-- Login throttling, server-side sessions, API rate limits and the forced change of seeded
-- passwords (issue 11, findings 4, 5 and the API's rate limit; decision 013).

-- Every existing account got its password from the seed or the generator: flagged.
ALTER TABLE "app_user" ADD COLUMN "must_change_password" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN "password_changed_at" TIMESTAMPTZ(3);

CREATE TABLE "user_session" (
    "id" VARCHAR(64) NOT NULL,
    "user_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoke_reason" VARCHAR(30),

    CONSTRAINT "user_session_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "user_session_user_id_idx" ON "user_session"("user_id");

CREATE TABLE "login_throttle" (
    "key" VARCHAR(120) NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "last_failure_at" TIMESTAMPTZ(3),
    "locked_until" TIMESTAMPTZ(3),

    CONSTRAINT "login_throttle_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "rate_limit" (
    "key" VARCHAR(120) NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("key")
);

-- A change to who a user is or what they may do ends every session of theirs at once, whichever
-- code path (or hand-written SQL) made it: deactivation, role, region, department, or a new
-- password (password_changed_at; a silent rehash on login does not touch it).
CREATE OR REPLACE FUNCTION nx_revoke_sessions_on_user_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE user_session
     SET revoked_at = now(),
         revoke_reason = CASE WHEN NEW.password_changed_at IS DISTINCT FROM OLD.password_changed_at THEN 'password' ELSE 'account' END
   WHERE user_id = NEW.id AND revoked_at IS NULL;
  RETURN NEW;
END $$;

CREATE TRIGGER app_user_revoke_sessions
AFTER UPDATE ON "app_user"
FOR EACH ROW
WHEN (OLD.active IS DISTINCT FROM NEW.active
   OR OLD.role IS DISTINCT FROM NEW.role
   OR OLD.region_code IS DISTINCT FROM NEW.region_code
   OR OLD.department_code IS DISTINCT FROM NEW.department_code
   OR OLD.password_changed_at IS DISTINCT FROM NEW.password_changed_at)
EXECUTE FUNCTION nx_revoke_sessions_on_user_change();

ALTER TABLE "user_session" ADD CONSTRAINT "user_session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
