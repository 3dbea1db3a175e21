"use client";
/**
 * Registers the service worker (public/sw.js) on every page, so the offline visit app's shell is
 * on the phone from the first sign-in. Production builds only: in development every file changes
 * on each edit and a cached shell would only confuse.
 */
import { useEffect } from "react";

export function ServiceWorkerRegistration() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  }, []);
  return null;
}
