import { describe, expect, it } from "vitest";
import { parseCliArgs, UsageError } from "../src/args.js";

describe("--resume without an id and --fork-session", () => {
  it("takes --resume <id> as an id and a bare --resume as the picker", () => {
    expect(parseCliArgs(["--resume", "abc"])).toMatchObject({ resume: "abc", resumePicker: false });
    expect(parseCliArgs(["--resume"])).toMatchObject({ resume: undefined, resumePicker: true });
    expect(parseCliArgs(["-r", "--model", "m"])).toMatchObject({ resumePicker: true, model: "m" });
  });

  it("forks only a resumed or continued session", () => {
    expect(parseCliArgs(["-c", "--fork-session"])).toMatchObject({ continueLatest: true, forkSession: true });
    expect(() => parseCliArgs(["--fork-session"])).toThrow(UsageError);
    expect(() => parseCliArgs(["--resume", "--continue"])).toThrow(UsageError);
  });
});
