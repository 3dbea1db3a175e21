"use server";
/** Server actions of the household import: thin, through the one wrapper (lib/action.ts). */
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/action";
import { t } from "@/lib/i18n";
import { cancelImport, startImport, startValidation } from "./commands";
import { enqueueImport } from "./queue";
import { jobSchema, mappingSchema } from "./schema";

export const startValidationAction = defineAction(
  { permission: "import:households", schema: mappingSchema },
  async (input, actor) => {
    await startValidation(actor, input, enqueueImport);
    revalidatePath(`/households/import/${input.jobId}`);
    return { message: t.imports.validating };
  },
);

export const startImportAction = defineAction(
  { permission: "import:households", schema: jobSchema },
  async ({ jobId }, actor) => {
    await startImport(actor, jobId, enqueueImport);
    revalidatePath(`/households/import/${jobId}`);
  },
);

export const cancelImportAction = defineAction(
  { permission: "import:households", schema: jobSchema },
  async ({ jobId }, actor) => {
    await cancelImport(actor, jobId);
    revalidatePath(`/households/import/${jobId}`);
    return { message: t.imports.cancelled };
  },
);
