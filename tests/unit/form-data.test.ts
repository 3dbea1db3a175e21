import { afterEach, describe, expect, it } from "vitest";
import { findUnsafeKey, formDataToObject, UnsafeFieldNameError } from "@/lib/form-data";

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

/** Everything Object.prototype had before a test: a polluted prototype would show up here. */
const pristine = Object.getOwnPropertyNames(Object.prototype).sort();
const probe = () => ({}) as Record<string, unknown>;

afterEach(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(pristine);
  expect(probe().address).toBeUndefined();
  expect(typeof probe().toString).toBe("function");
  expect(String(probe())).toBe("[object Object]");
});

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

  it("builds objects without a prototype, so no key reaches Object.prototype", () => {
    const out = formDataToObject(form([["answers.hasOwnProperty", "x"], ["valueOf", "y"]])) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBeNull();
    expect(Object.getPrototypeOf(out.answers)).toBeNull();
    expect(out.valueOf).toBe("y");
  });

  // Finding 1 of issue 11: one anonymous POST of such a name broke every later request.
  it.each([
    "_1___proto__.address".replace("_1___proto__", "__proto__"),
    "__proto__.address",
    "__proto__.toString",
    "a.__proto__.toString",
    "members.0.__proto__.name",
    "constructor.prototype.x",
    "constructor.prototype.toString",
    "a.constructor.prototype.polluted",
    "prototype",
    "__proto__",
    "x.prototype",
  ])("refuses the whole submission when a name has a prototype segment: %s", (name) => {
    expect(() => formDataToObject(form([["address", "站前社区"], [name, "polluted"]]))).toThrow(UnsafeFieldNameError);
  });

  it("keeps `_1___proto__` as an ordinary key (no segment is __proto__ itself)", () => {
    const out = formDataToObject(form([["_1___proto__.address", "x"]])) as Record<string, Record<string, string>>;
    expect(out._1___proto__.address).toBe("x");
  });

  it("refuses names that are both a value and a group, huge list indexes and deep nesting", () => {
    expect(() => formDataToObject(form([["a", "1"], ["a.b", "2"]]))).toThrow(UnsafeFieldNameError);
    expect(() => formDataToObject(form([["members.999999999.name", "x"]]))).toThrow(UnsafeFieldNameError);
    expect(() => formDataToObject(form([["members.length", "x"], ["members.0.name", "y"]]))).not.toThrow();
    expect(() => formDataToObject(form([["members.0.name", "y"], ["members.length", "x"]]))).toThrow(UnsafeFieldNameError);
    expect(() => formDataToObject(form([["a.b.c.d.e.f.g.h.i", "x"]]))).toThrow(UnsafeFieldNameError);
  });

  it("finds prototype keys in input that arrives already structured", () => {
    expect(findUnsafeKey(JSON.parse('{"a":{"__proto__":{"x":1}}}'))).toBe("__proto__");
    expect(findUnsafeKey({ list: [{ constructor: { prototype: 1 } }] })).toBe("constructor");
    expect(findUnsafeKey({ a: [{ b: "c" }] })).toBeNull();
  });
});
