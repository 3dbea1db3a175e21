/**
 * 关于暖心: what the app is for and its version. Static text inside the signed-in layout, so it
 * costs what any signed-in page costs and nothing more (the dashboard benchmark times it as the
 * framework's floor).
 */
import packageJson from "@/package.json";
import { format, t } from "@/lib/i18n";

const m = t.about;
export const generateMetadata = () => ({ title: m.title });

export default function AboutPage() {
  return (
    <div className="max-w-3xl space-y-4">
      <div className="space-y-1">
        <h1 className="text-xl font-bold">{m.title}</h1>
        <p className="text-sm text-stone-600" data-testid="app-version">{format(m.version, { version: packageJson.version })}</p>
      </div>
      <p className="card p-4 leading-relaxed">{m.intro}</p>
      <section className="card space-y-2 p-4" aria-labelledby="about-features">
        <h2 id="about-features" className="font-bold">{m.featuresTitle}</h2>
        <ul className="list-disc space-y-1 pl-5">
          {m.features.map((f) => <li key={f}>{f}</li>)}
        </ul>
      </section>
      <section className="card space-y-2 p-4" aria-labelledby="about-privacy">
        <h2 id="about-privacy" className="font-bold">{m.privacyTitle}</h2>
        <p className="leading-relaxed">{m.privacy}</p>
      </section>
    </div>
  );
}
