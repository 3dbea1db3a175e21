-- GET /api/ready (issue 12) asks whether this database has every migration the app was built
-- with. The app role may not read _prisma_migrations (decision 014: the app has no business with
-- it), so this function, owned by the migration owner, answers just that: the name and checksum
-- of each migration in force and whether it finished. Nothing else of the table, no writes.
-- PL/pgSQL so the body is resolved when called: _prisma_migrations exists by then.
CREATE FUNCTION app_migration_status()
RETURNS TABLE (migration_name text, checksum text, finished boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
BEGIN
  RETURN QUERY
    SELECT m.migration_name::text, m.checksum::text, m.finished_at IS NOT NULL
    FROM _prisma_migrations m
    WHERE m.rolled_back_at IS NULL
    ORDER BY m.started_at;
END
$$;

REVOKE ALL ON FUNCTION app_migration_status() FROM PUBLIC;
