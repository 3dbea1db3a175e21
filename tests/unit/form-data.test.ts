import { describe, expect, it } from "vitest";
import { formDataToObject } from "@/lib/form-data";

describe("formDataToObject", () => {
  it("nests dotted names and keeps rows in order, dropping gaps", () => {
    const f = new FormData();
    f.set("address", "站前社区 1 号");
    f.set("members.0.name", "孙丽华");
    f.set("members.2.name", "孙小明");
    f.set("members.2.majorIllness", "on");
    f.set("answers.health", "stable");
    expect(formDataToObject(f)).toEqual({
      address: "站前社区 1 号",
      members: [{ name: "孙丽华" }, { name: "孙小明", majorIllness: "on" }],
      answers: { health: "stable" },
    });
  });
});
