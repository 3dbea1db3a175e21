"use client";
/**
 * A failure the signed-in layout could not catch — its own session lookup, when the database is
 * down (issue 12) — or one of the login and print pages: in Chinese, with a retry. `(app)/error.tsx`
 * catches failures inside the app's pages, under the navigation.
 */
import { Fault } from "@/components/ui/fault";

export default function RootError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return <Fault error={error} retry={retry} framed />;
}
