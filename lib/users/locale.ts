/**
 * The user's UI language (decision 030): stored on the user, so signing in on any device brings
 * it back (lib/auth/options.ts sets the browser's cookie from it). Audited like every write.
 */
import "server-only";
import { z } from "@/lib/validation";
import { db } from "@/lib/db/client";
import { withScope } from "@/lib/db/scope";
import { writeAudit } from "@/lib/audit/write";
import { LOCALES, msg, type Locale } from "@/lib/i18n";
import type { Actor } from "@/lib/auth/permissions";

export const chooseLocaleSchema = z.object({
  locale: z.enum(LOCALES, msg("validation.invalidChoice")),
  next: z.string().max(2000).optional(),
});

export async function setUserLocale(actor: Pick<Actor, "id" | "regionCode">, locale: Locale): Promise<void> {
  await withScope(actor.regionCode, () =>
    db.$transaction(async (tx) => {
      const before = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { locale: true } });
      if (before.locale === locale) return;
      await tx.user.update({ where: { id: actor.id }, data: { locale } });
      await writeAudit(tx, actor, {
        action: "user.locale",
        entity: "user",
        entityId: actor.id,
        regionCode: actor.regionCode,
        before: { locale: before.locale },
        after: { locale },
      });
    }),
  );
}
