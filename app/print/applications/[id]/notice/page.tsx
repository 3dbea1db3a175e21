import { load, routeId } from "@/lib/page";
import { requireActor } from "@/lib/auth/session";
import { publicityNotice } from "@/lib/applications/queries";
import { format, formatDate, t } from "@/lib/i18n";
import { PrintButton } from "@/components/ui/print-button";

const m = t.applications;
export const generateMetadata = () => ({ title: m.noticeTitle });

/** The A4 publicity notice: head's name partly masked, ID number masked (never the full one). */
export default async function NoticePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const notice = await load(publicityNotice(actor, routeId((await params).id)));
  const p = notice.publicity;
  return (
    <article className="space-y-6 text-[15px] leading-7" data-testid="notice">
      <div className="flex justify-end"><PrintButton /></div>
      <h1 className="text-center text-2xl font-bold">{m.noticeTitle}</h1>
      <p className="text-center">{notice.village}</p>
      <p className="indent-8">{m.noticeIntro}</p>
      {/* Cells never wrap (a name broke one character a line beside the long ID column); on a
          narrow screen the table scrolls inside its box instead of the page. */}
      <div className="overflow-x-auto print:overflow-visible">
      <table className="w-full border-collapse text-center whitespace-nowrap">
        <thead>
          <tr>
            {[m.noticeName, m.noticeId, m.noticeMembers, m.noticeType, m.noticeAmount].map((h) => (
              <th key={h} className="border border-black px-2 py-1">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {notice.rows.map((r) => (
            <tr key={r.applicationId}>
              <td className="border border-black px-2 py-1">{r.name}</td>
              <td className="border border-black px-2 py-1 font-mono">{r.idNumber}</td>
              <td className="border border-black px-2 py-1">{r.members}</td>
              <td className="border border-black px-2 py-1">{m.types[r.type]}</td>
              <td className="border border-black px-2 py-1">{r.amount ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <p>{format(m.publicityPeriod, { from: formatDate(p.startsOn), to: formatDate(p.endsOn) })}</p>
      <p>{format(m.noticeObject, { township: notice.township, county: notice.county })}</p>
      <p className="text-right">{format(m.noticeFooter, { township: notice.township, date: formatDate(p.startsOn) })}</p>
    </article>
  );
}
