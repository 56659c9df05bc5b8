import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { TaskManager } from "../src/index.js";
import { deferred, outputDir, removeOutputDirs } from "./output-dir.js";

afterAll(removeOutputDirs);

describe("task output is bounded", () => {
  it("caps the output file with a marker and keeps the newest bytes in memory", async () => {
    const tasks = new TaskManager({ outputDir: outputDir(), maxOutputFileBytes: 1000, tailBytes: 300 });
    const task = tasks.start({
      kind: "bash",
      description: "chatty",
      run: async ({ write }) => {
        for (let i = 0; i < 100; i++) write(`line ${String(i).padStart(3, "0")}\n`); // 9 bytes each
        return { exitCode: 0 };
      },
    });
    const done = await tasks.wait(task.id, { timeoutMs: 5000 });
    expect(done.outputBytes).toBe(900);
    expect(done.status).toBe("completed");

    const file = readFileSync(task.outputPath, "utf8");
    expect(file).toBe(Array.from({ length: 100 }, (_, i) => `line ${String(i).padStart(3, "0")}\n`).join(""));

    const big = tasks.start({
      kind: "bash",
      description: "flood",
      run: async ({ write }) => {
        for (let i = 0; i < 200; i++) write(`line ${String(i).padStart(3, "0")}\n`);
        return { exitCode: 0 };
      },
    });
    const bigDone = await tasks.wait(big.id, { timeoutMs: 5000 });
    expect(bigDone.outputBytes).toBe(1800);
    expect(bigDone.error).toBe("the output file is capped at 1000 bytes; later output was not saved");
    const capped = readFileSync(big.outputPath, "utf8");
    expect(capped.startsWith("line 000\nline 001\n")).toBe(true);
    expect(capped).toContain(
      "[… output truncated: the output file is capped at 1000 bytes; later output was not saved …]",
    );
    expect(capped.length).toBeLessThan(1200);

    // Reading everything from the start: only the newest 300 bytes are still in memory.
    const read = tasks.readNew(big.id, 100_000);
    expect(read.omittedBytes).toBe(1500);
    expect(read.text).toHaveLength(300);
    expect(read.text.endsWith("line 199\n")).toBe(true);
    expect(tasks.takeNotices().join("\n")).toContain("Last output:\n…");
  });

  it("returns only new output on each read, the newest part when it is over the limit", async () => {
    const tasks = new TaskManager({ outputDir: outputDir() });
    const step = [deferred(), deferred()];
    let write: (chunk: string) => void = () => {};
    const task = tasks.start({
      kind: "bash",
      description: "stepwise",
      run: async (ctx) => {
        write = ctx.write;
        await step[0]!.promise;
        await step[1]!.promise;
        return {};
      },
    });
    expect(tasks.readNew(task.id, 1000)).toMatchObject({ text: "", omittedBytes: 0 });
    write("first\n");
    expect(tasks.readNew(task.id, 1000)).toMatchObject({ text: "first\n", omittedBytes: 0 });
    expect(tasks.readNew(task.id, 1000).text).toBe("");
    write("0123456789");
    expect(tasks.readNew(task.id, 4)).toMatchObject({ text: "6789", omittedBytes: 6 });
    // A cut inside a multi-byte character drops the partial character rather than garbling it.
    write("aé€");
    const cut = tasks.readNew(task.id, 4);
    expect(cut.text).toBe("€");
    expect(cut.omittedBytes).toBe(3);
    step[0]!.resolve();
    step[1]!.resolve();
    await tasks.wait(task.id, { timeoutMs: 5000 });
    write("after the end");
    expect(tasks.get(task.id)?.outputBytes).toBe(6 + 10 + 6);
  });
});
