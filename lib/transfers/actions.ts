"use server";
/** Server actions of tier 2 (transfers): thin, through the one wrapper (lib/action.ts). */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/action";
import { acceptTransferSchema, answerTransferSchema, transferProblemSchema } from "./schema";
import { acceptTransfer, answerTransfer, transferProblem } from "./commands";

function revalidateProblem(problemId: number, householdId: number) {
  revalidatePath("/transfers");
  revalidatePath(`/problems/${problemId}`);
  revalidatePath("/problems");
  revalidatePath(`/households/${householdId}`);
}

export const transferProblemAction = defineAction(
  { permission: "transfer:problem", schema: transferProblemSchema },
  async (input, actor) => {
    const transfer = await transferProblem(actor, input);
    revalidateProblem(transfer.problemId, transfer.householdId);
    redirect(`/transfers/${transfer.id}?saved=transferred`);
  },
);

export const acceptTransferAction = defineAction(
  { permission: "answer:transfer", schema: acceptTransferSchema },
  async (input, actor) => {
    const transfer = await acceptTransfer(actor, input);
    revalidatePath("/transfers");
    revalidatePath(`/transfers/${transfer.id}`);
    redirect(`/transfers/${transfer.id}?saved=accepted`);
  },
);

export const answerTransferAction = defineAction(
  { permission: "answer:transfer", schema: answerTransferSchema },
  async (input, actor) => {
    const transfer = await answerTransfer(actor, input);
    revalidateProblem(transfer.problemId, transfer.householdId);
    revalidatePath(`/transfers/${transfer.id}`);
    redirect(`/transfers/${transfer.id}?saved=${transfer.status === "RESOLVED" ? "resolved" : "returned"}`);
  },
);
