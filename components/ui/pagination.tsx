/** Previous / next links that keep the other search parameters. */
import Link from "next/link";
import { format, t } from "@/lib/i18n";
import { COUNT_CAP } from "@/lib/pagination";

export function Pagination(props: {
  page: number;
  pages: number;
  total: number;
  /** The total is a cap ("1,000+"): there are more, found by narrowing the list (lib/pagination.ts). */
  capped?: boolean;
  path: string;
  params: Record<string, string | undefined>;
}) {
  const href = (page: number) => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(props.params)) if (v) qs.set(k, v);
    qs.set("page", String(page));
    return `${props.path}?${qs}`;
  };
  return (
    <nav className="flex items-center justify-between gap-2 py-3 text-sm" aria-label="pagination">
      <span className="text-stone-600" data-testid="page-of">
        {format(t.common.pageOf, { page: props.page, pages: props.pages, total: props.capped ? `${props.total.toLocaleString("zh-CN")}+` : props.total })}
        {props.capped ? ` ${format(t.common.narrowToSeeMore, { cap: COUNT_CAP.toLocaleString("zh-CN") })}` : ""}
      </span>
      <span className="flex gap-2">
        {props.page > 1 ? (
          <Link className="btn-secondary" href={href(props.page - 1)} rel="prev">{t.common.previous}</Link>
        ) : null}
        {props.page < props.pages ? (
          <Link className="btn-secondary" href={href(props.page + 1)} rel="next">{t.common.next}</Link>
        ) : null}
      </span>
    </nav>
  );
}
