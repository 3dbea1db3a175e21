/**
 * FormData → plain object, with dotted names for nesting: `members.0.name` becomes
 * `{ members: [{ name }] }`. Files are ignored (no uploads yet). Pure, shared by client and server.
 *
 * Field names come from whoever sends the POST, signed in or not, so they are data, not paths
 * into our objects: every object built here has no prototype (`Object.create(null)`), and a name
 * with a `__proto__`, `constructor` or `prototype` segment refuses the whole submission — one
 * anonymous POST of `__proto__.toString` once broke every later request of the process (issue 11,
 * finding 1).
 */
export type FormValues = { [key: string]: string | FormValues | FormValues[] | string[] };

/** Keys that reach into an object's prototype chain when assigned. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** A submission carrying a prototype key anywhere: refused whole, nothing of it is used. */
export class UnsafeFieldNameError extends Error {
  constructor(readonly fieldName: string) {
    super("unsafe field name");
    this.name = "UnsafeFieldNameError";
  }
}

/** Most segments a dotted name may have: the deepest form (members.0.name) uses three. */
const MAX_DEPTH = 8;

type Node = Record<string, unknown> | unknown[];

export function formDataToObject(form: FormData): FormValues {
  const root: Record<string, unknown> = Object.create(null);
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string" || name.startsWith("$ACTION")) continue;
    const parts = name.split(".");
    if (parts.some((part) => UNSAFE_KEYS.has(part)) || parts.length > MAX_DEPTH) throw new UnsafeFieldNameError(name);
    let node: Node = root;
    parts.forEach((part, i) => {
      // Inside a list only small indexes: `members.999999999.name` would make a huge sparse array.
      if (Array.isArray(node) && !/^\d{1,3}$/.test(part)) throw new UnsafeFieldNameError(name);
      const last = i === parts.length - 1;
      // Only own properties count: nothing is ever read from a prototype.
      const own = Object.prototype.hasOwnProperty.call(node, part);
      const existing = own ? (node as Record<string, unknown>)[part] : undefined;
      if (last) {
        const next = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
        define(node, part, next);
        return;
      }
      if (existing !== undefined && (typeof existing !== "object" || existing === null)) {
        // `a=1` and `a.b=2` in one form: a name is either a value or a group, never both.
        throw new UnsafeFieldNameError(name);
      }
      const nextIsIndex = /^\d+$/.test(parts[i + 1]);
      const child: Node = (existing as Node | undefined) ?? (nextIsIndex ? [] : Object.create(null));
      if (existing === undefined) define(node, part, child);
      node = child;
    });
  }
  return compact(root) as FormValues;
}

/** An own, plain data property, whatever the key (no setter on the way, no prototype reached). */
function define(node: Node, key: string, value: unknown) {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Sparse arrays (a removed row 1 of 0..2) become dense; objects stay prototype-free. */
function compact(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(compact);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, x] of Object.entries(v)) define(out, k, compact(x));
    return out;
  }
  return v;
}

/**
 * The same rule for input that arrives already structured (a client component calling an action
 * with an object, a JSON body): the first prototype key found anywhere, or null.
 */
export function findUnsafeKey(value: unknown, depth = 0): string | null {
  if (depth > 32 || value === null || typeof value !== "object") return null;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === "string" && UNSAFE_KEYS.has(key)) return key;
    const found = findUnsafeKey((value as Record<string | symbol, unknown>)[key], depth + 1);
    if (found) return found;
  }
  return null;
}
