/**
 * /field — the offline visit app (components/field/field-app.tsx). The page itself carries no
 * personal data: it is the shell the service worker keeps; what it shows comes from the phone's
 * IndexedDB, filled from /api/sync/v1/snapshot while online.
 */
import { t } from "@/lib/i18n";
import { FieldApp } from "@/components/field/field-app";

export const generateMetadata = () => ({ title: t.field.title });

export default function FieldPage() {
  return <FieldApp />;
}
