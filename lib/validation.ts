/** zod issues → `{ "members.0.idNumber": ["…"] }`, the field-error shape every form reads. */
import type { z } from "zod";

export function zodFieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
