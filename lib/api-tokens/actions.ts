"use server";
/**
 * Server actions of the API tokens: thin, through the one wrapper (lib/action.ts). Issuing answers
 * in the action state, not with a redirect: the secret is shown once, on the page that asked for
 * it, and never travels in a URL (history, proxy logs). Revoking redirects to the refreshed list.
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/action";
import { format, t } from "@/lib/i18n";
import { issueApiTokenSchema, revokeApiTokenSchema } from "./schema";
import { issueApiToken, revokeApiToken } from "./commands";

const PAGE = "/admin/api-tokens";

export const issueApiTokenAction = defineAction(
  { permission: "manage:api_token", schema: issueApiTokenSchema },
  async (input, actor) => {
    const issued = await issueApiToken(actor, input);
    revalidatePath(PAGE);
    return {
      message: format(t.api.issued, { name: issued.name, region: issued.regionName, expires: issued.expiresOn }),
      data: { id: issued.id, prefix: issued.prefix, secret: issued.secret },
    };
  },
);

export const revokeApiTokenAction = defineAction(
  { permission: "manage:api_token", schema: revokeApiTokenSchema },
  async (input, actor) => {
    const revoked = await revokeApiToken(actor, input);
    revalidatePath(PAGE);
    redirect(`${PAGE}?revoked=${revoked.id}`);
  },
);
