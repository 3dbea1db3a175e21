import { t } from "@/lib/i18n";
import type { AssistanceCategory } from "@/lib/generated/prisma/enums";

const CATEGORY_STYLE: Record<AssistanceCategory, string> = {
  NONE: "bg-stone-100 text-stone-600",
  DIBAO: "bg-brand-100 text-brand-700",
  TEKUN: "bg-purple-100 text-purple-800",
  DIBAO_EDGE: "bg-amber-100 text-amber-800",
  RIGID_EXPENSE: "bg-sky-100 text-sky-800",
};

export function CategoryBadge({ category }: { category: AssistanceCategory }) {
  return (
    <span className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${CATEGORY_STYLE[category]}`}>
      {t.enums.category[category]}
    </span>
  );
}

export function Tag({ children, tone = "stone" }: { children: React.ReactNode; tone?: "stone" | "red" | "amber" | "green" | "sky" }) {
  const tones = {
    stone: "bg-stone-100 text-stone-700",
    red: "bg-red-100 text-red-800",
    amber: "bg-amber-100 text-amber-800",
    green: "bg-green-100 text-green-800",
    sky: "bg-sky-100 text-sky-800",
  };
  return <span className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}
