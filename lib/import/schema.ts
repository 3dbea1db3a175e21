/** Inputs of the import's steps (zod, Chinese messages): the mapping, and a job id for the rest. */
import { z, recordId } from "@/lib/validation";
import { FIELDS, type Field, type Mapping } from "./columns";

const header = z.string().max(200).optional().transform((s) => (s ? s : null));

export const mappingSchema = z.object({
  jobId: recordId,
  mapping: z.object(Object.fromEntries(FIELDS.map((f) => [f, header])) as Record<Field, typeof header>).transform((m) => m as Mapping),
});
export type MappingInput = z.output<typeof mappingSchema>;

export const jobSchema = z.object({ jobId: recordId });
