"use client";
/** A failure while rendering a page under the navigation: say so plainly, offer a retry, show no internals. */
import { Fault } from "@/components/ui/fault";

export default function AppError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return <Fault error={error} retry={retry} />;
}
