/**
 * `npm run keys:rotate`: move every member's ID number under the newest keys (decision 017).
 * Batches by ascending id, each its own transaction; rows already moved are skipped, so an
 * interrupted run is resumed by running it again.
 */
import "dotenv/config";
import { parseArgs } from "node:util";
import pg from "pg";
import { ensureDatabase, projectRoot } from "../db/server";
import { envIdKeys, keyFile, MissingIdKeys, readKeyFile, toolIdKeys, writeKeyFile } from "../crypto/key-file";
import { formatKeyring, withKey, withoutKeys, type IdKeys, type Keyring } from "../crypto/keyring";
import { idKeyProblems, idKeyUsage, reencryptIdNumbers, reindexIdNumbers, type BatchProgress } from "../households/id-number-keys";

const HELP = `npm run keys:rotate [-- options]

Re-encrypts every member's ID number that is not under the newest data key (the highest id in
NUANXIN_DATA_KEYS, or in .data/id-keys.json for the embedded database), in batches, printing
progress. Interrupted, run it again: it carries on with the rows not yet moved.

  --index            re-key the blind index instead: recompute it under the newest index key
                     (NUANXIN_INDEX_KEYS); searches keep working meanwhile (every key is tried)
  --new-key          first add a new data key (--new-index-key: a new index key). Embedded
                     database: written to .data/id-keys.json. With the environment's keys: a new
                     key is printed to add to the variable, and nothing else is done.
  --prune            afterwards, remove from .data/id-keys.json the keys no row uses any more
                     (with the environment's keys: says which ones may be removed)
  --status           only show how many rows each key holds
  --batch N          rows per batch (default 2000)
  -h, --help         this text

A web server started before a key was added does not know it: restart it (npm start) after
--new-key, before --prune. Rotating: add a key → restart → keys:rotate → keys:rotate -- --status
shows 0 rows under the old key → remove it → restart.`;

const log = (line: string) => console.log(`[暖心] ${line}`);

function progress(label: string) {
  let lastLine = 0;
  return ({ done, total }: BatchProgress) => {
    const now = Date.now();
    if (done !== total && now - lastLine < 1000) return;
    lastLine = now;
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    log(`${label} ${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} (${pct}%)`);
  };
}

function printUsage(usage: Awaited<ReturnType<typeof idKeyUsage>>, keys: IdKeys) {
  for (const [kind, ring] of [["data", keys.data], ["index", keys.index]] as const) {
    const counts = usage[kind];
    const ids = [...new Set([...ring.keys.map((k) => k.id), ...counts.keys()])].sort((a, b) => a - b);
    for (const id of ids) {
      const state = id === ring.current.id ? "current" : ring.byId.has(id) ? "old" : "MISSING from the keyring";
      log(`${kind === "data" ? "加密密钥 data key " : "索引密钥 index key"} ${String(id).padStart(3)}: ${(counts.get(id) ?? 0).toLocaleString("en-US").padStart(10)} rows  (${state})`);
    }
  }
}

/** Keys no row uses (never the current one). */
function unused(ring: Keyring, counts: Map<number, number>): number[] {
  return ring.keys.filter((k) => k.id !== ring.current.id && !counts.get(k.id)).map((k) => k.id);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      index: { type: "boolean", default: false },
      "new-key": { type: "boolean", default: false },
      "new-index-key": { type: "boolean", default: false },
      prune: { type: "boolean", default: false },
      status: { type: "boolean", default: false },
      batch: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const batch = values.batch === undefined ? undefined : Number(values.batch);
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 1 || batch > 100_000)) {
    console.error("--batch must be an integer from 1 to 100000");
    return 2;
  }

  const fromEnv = envIdKeys();
  const database = await ensureDatabase({ log });
  const file = keyFile(projectRoot);
  let keys = toolIdKeys({ projectRoot, embedded: !!database.embedded });

  if (values["new-key"] || values["new-index-key"]) {
    const next: IdKeys = {
      data: values["new-key"] ? withKey(keys.data) : keys.data,
      index: values["new-index-key"] ? withKey(keys.index) : keys.index,
    };
    if (fromEnv) {
      if (values["new-key"]) log(`新的加密密钥，请加入 NUANXIN_DATA_KEYS 并重启网站 / add to NUANXIN_DATA_KEYS, restart, run again:\n  NUANXIN_DATA_KEYS=${formatKeyring(next.data)}`);
      if (values["new-index-key"]) log(`新的索引密钥，请加入 NUANXIN_INDEX_KEYS 并重启网站 / add to NUANXIN_INDEX_KEYS, restart, run again:\n  NUANXIN_INDEX_KEYS=${formatKeyring(next.index)}`);
      return 0;
    }
    writeKeyFile(file, next);
    keys = readKeyFile(file)!;
    if (values["new-key"]) log(`已添加加密密钥 ${keys.data.current.id}（${file}）/ data key ${keys.data.current.id} added`);
    if (values["new-index-key"]) log(`已添加索引密钥 ${keys.index.current.id}（${file}）/ index key ${keys.index.current.id} added`);
    log("运行中的网站须重启才能使用新密钥 / restart a running web server so it knows the new key");
  }

  const c = new pg.Client({ connectionString: database.ownerUrl });
  await c.connect();
  try {
    if (!values.status) {
      const started = performance.now();
      const moved = values.index
        ? await reindexIdNumbers(c, keys, { batch, onProgress: progress(`索引重算 re-indexing (key ${keys.index.current.id})`) })
        : await reencryptIdNumbers(c, keys, { batch, onProgress: progress(`重新加密 re-encrypting (key ${keys.data.current.id})`) });
      log(`完成 / done: ${moved.toLocaleString("en-US")} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    const usage = await idKeyUsage(c);
    printUsage(usage, keys);
    for (const problem of await idKeyProblems(c, keys)) log(`警告 / warning: ${problem}`);
    const spare = { data: unused(keys.data, usage.data), index: unused(keys.index, usage.index) };
    if (values.prune && !fromEnv && (spare.data.length || spare.index.length)) {
      writeKeyFile(file, { data: withoutKeys(keys.data, spare.data), index: withoutKeys(keys.index, spare.index) });
      log(`已从 ${file} 删除不再使用的密钥 / removed unused keys: data ${spare.data.join(", ") || "—"}, index ${spare.index.join(", ") || "—"}`);
    } else if (spare.data.length || spare.index.length) {
      log(`不再使用、可以删除的密钥 / keys no row uses, which may now be removed: data ${spare.data.join(", ") || "—"}, index ${spare.index.join(", ") || "—"}` +
        (fromEnv ? "（从环境变量中删除后重启网站 / remove from the variables, restart）" : "（--prune）"));
    }
  } finally {
    // The embedded cluster is left running, as db:migrate and db:generate leave it (npm start may be using it).
    await c.end();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof MissingIdKeys) console.error(`[暖心] ${error.message}`);
    else console.error(error);
    process.exit(1);
  },
);
