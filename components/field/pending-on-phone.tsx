"use client";
/**
 * On every signed-in page: visits this user logged on this phone that still wait to be sent (the
 * online form keeps one on the phone when the network drops at submit). A link to the offline
 * app, which sends them as soon as it opens online.
 */
import { useEffect, useState } from "react";
import { format, t } from "@/lib/i18n";
import { onStoreChange, outboxOf } from "@/lib/field/store";

export function PendingOnPhone({ userId }: { userId: number }) {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (typeof indexedDB === "undefined") return;
    const load = () => void outboxOf(userId).then((items) => setCount(items.length), () => setCount(0));
    load();
    return onStoreChange(load);
  }, [userId]);
  if (count === 0) return null;
  return (
    <a href="/field?outbox=1" className="block bg-amber-100 px-4 py-2 text-center text-sm font-medium text-amber-900" data-testid="pending-on-phone">
      {format(t.field.pendingOnPhone, { count })}
    </a>
  );
}
