/**
 * FormData → plain object, with dotted names for nesting: `members.0.name` becomes
 * `{ members: [{ name }] }`. Files are ignored (no uploads yet). Pure, shared by client and server.
 */
export type FormValues = { [key: string]: string | FormValues | FormValues[] | string[] };

export function formDataToObject(form: FormData): FormValues {
  const root: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string" || name.startsWith("$ACTION")) continue;
    const parts = name.split(".");
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]);
      if (last) {
        const existing = node[part];
        if (existing === undefined) node[part] = value;
        else node[part] = Array.isArray(existing) ? [...existing, value] : [existing, value];
      } else {
        node[part] ??= nextIsIndex ? [] : {};
        node = node[part] as Record<string, unknown>;
      }
    });
  }
  // Sparse arrays (a removed row 1 of 0..2) become dense.
  const compact = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.filter((x) => x !== undefined).map(compact)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, compact(x)]))
        : v;
  return compact(root) as FormValues;
}
