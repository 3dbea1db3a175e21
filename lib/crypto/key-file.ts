/**
 * Where the command-line tools (start, seed, generator, keys:rotate, bench) get the ID-number
 * keys (docs/decisions/017):
 *
 * - NUANXIN_DATA_KEYS and NUANXIN_INDEX_KEYS when set (production, any external database);
 * - otherwise, for the embedded demo/dev database only, `.data/id-keys.json` (git-ignored, mode
 *   0600, beside the superuser's file), generated on first use. Losing it loses every ID number
 *   in that database, as losing the database would.
 *
 * An external database without the variables is refused: keys generated into a file on one
 * machine would silently make that database's ID numbers unreadable anywhere else.
 *
 * Command-line only (fs): never imported by the web app, which reads lib/env.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { formatKeyring, newIdKeys, parseIdKeys, type IdKeys } from "./keyring";

export const keyFile = (projectRoot: string) => path.join(projectRoot, ".data", "id-keys.json");

type Stored = { data: string; index: string };

export class MissingIdKeys extends Error {}

/** The keys in the environment, or null when neither variable is set. */
export function envIdKeys(env: Record<string, string | undefined> = process.env): IdKeys | null {
  const data = env.NUANXIN_DATA_KEYS;
  const index = env.NUANXIN_INDEX_KEYS;
  if (!data && !index) return null;
  if (!data || !index) {
    throw new MissingIdKeys("NUANXIN_DATA_KEYS 与 NUANXIN_INDEX_KEYS 须同时设置 / set both NUANXIN_DATA_KEYS and NUANXIN_INDEX_KEYS");
  }
  try {
    return parseIdKeys(data, index);
  } catch (error) {
    throw new MissingIdKeys(`身份证号密钥无效 / invalid ID-number keys: ${(error as Error).message}`);
  }
}

export function readKeyFile(file: string): IdKeys | null {
  if (!fs.existsSync(file)) return null;
  fs.chmodSync(file, 0o600); // an older copy may have been created with a looser umask
  const stored = JSON.parse(fs.readFileSync(file, "utf8")) as Stored;
  return parseIdKeys(stored.data, stored.index);
}

/** Write atomically, mode 0600 from the first byte. */
export function writeKeyFile(file: string, keys: IdKeys) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const stored: Stored = { data: formatKeyring(keys.data), index: formatKeyring(keys.index) };
  fs.writeFileSync(tmp, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/**
 * The tools' keys: the environment's; else, on the embedded database, the key file (created
 * once); else a clear refusal.
 */
export function toolIdKeys(opts: { projectRoot: string; embedded: boolean; env?: Record<string, string | undefined> }): IdKeys {
  const fromEnv = envIdKeys(opts.env ?? process.env);
  if (fromEnv) return fromEnv;
  if (!opts.embedded) {
    throw new MissingIdKeys(
      "外部数据库须通过环境变量 NUANXIN_DATA_KEYS 和 NUANXIN_INDEX_KEYS 提供身份证号加密密钥（见 README「配置」）。\n" +
        "An external database needs NUANXIN_DATA_KEYS and NUANXIN_INDEX_KEYS (README, configuration).",
    );
  }
  const file = keyFile(opts.projectRoot);
  const existing = readKeyFile(file);
  if (existing) return existing;
  const keys = newIdKeys();
  writeKeyFile(file, keys);
  return keys;
}

const projectRoot = path.resolve(import.meta.dirname, "..", "..");

/** toolIdKeys for this checkout: the embedded database is the one used without DATABASE_URL (lib/db/server.ts). */
export const projectIdKeys = (): IdKeys => toolIdKeys({ projectRoot, embedded: !process.env.DATABASE_URL });

/** The variables to hand a web server started by a tool. */
export function idKeysEnv(keys: IdKeys): { NUANXIN_DATA_KEYS: string; NUANXIN_INDEX_KEYS: string } {
  return { NUANXIN_DATA_KEYS: formatKeyring(keys.data), NUANXIN_INDEX_KEYS: formatKeyring(keys.index) };
}
