/**
 * The web app manifest (/manifest.webmanifest): 暖心 installs on a caseworker's phone and opens
 * at the offline visit app, which works with no network (decision 021).
 */
import type { MetadataRoute } from "next";
import { t } from "@/lib/i18n";

export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/field",
    name: `${t.app.name} · ${t.field.title}`,
    short_name: t.app.name,
    description: t.app.tagline,
    lang: "zh-CN",
    start_url: "/field",
    scope: "/",
    display: "standalone",
    orientation: "portrait",
    background_color: "#fafaf9",
    theme_color: "#c94e2a",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
