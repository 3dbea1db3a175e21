"use client";
import { t } from "@/lib/i18n";

export function PrintButton() {
  return (
    <button type="button" className="btn-primary print:hidden" onClick={() => window.print()}>{t.common.print}</button>
  );
}
