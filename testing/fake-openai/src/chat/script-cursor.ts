import type { FakeChatFault, FakeChatScript, FakeChatTurn, RecordedChatRequest } from "./types.js";

export type ChatScriptStep =
  | { kind: "fault"; fault: FakeChatFault; turn: FakeChatTurn }
  | { kind: "turn"; turn: FakeChatTurn }
  | { kind: "exhausted"; message: string };

/**
 * Walks the script: each accepted request gets the current turn's next fault, or (once its
 * faults are used up) the turn's normal response, which moves on to the next turn.
 * (Same walk as fake-anthropic's; kept as its own copy so the two fakes stay independent.)
 */
export class ChatScriptCursor {
  readonly #script: FakeChatScript;
  #turnIndex = 0;
  #faultIndex = 0;
  #current: FakeChatTurn | undefined;

  constructor(script: FakeChatScript) {
    this.#script = script;
  }

  next(request: RecordedChatRequest): ChatScriptStep {
    if (this.#current === undefined) {
      const turn = this.#load(request);
      if (typeof turn === "string") return { kind: "exhausted", message: turn };
      this.#current = turn;
      this.#faultIndex = 0;
    }
    const turn = this.#current;
    const fault = turn.faults?.[this.#faultIndex];
    if (fault !== undefined) {
      this.#faultIndex += 1;
      return { kind: "fault", fault, turn };
    }
    this.#current = undefined;
    this.#turnIndex += 1;
    return { kind: "turn", turn };
  }

  /** The turn for the current index, or a message saying why there is none. */
  #load(request: RecordedChatRequest): FakeChatTurn | string {
    const script = this.#script;
    if (typeof script === "function") {
      try {
        return script(request, this.#turnIndex);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return `fake-openai chat: the script function threw for turn ${this.#turnIndex} (request #${request.index}): ${reason}`;
      }
    }
    const turn = script[this.#turnIndex];
    if (turn === undefined) {
      return (
        `fake-openai chat: script exhausted: it has ${script.length} turn(s) and request #${request.index} ` +
        "asked for another. Add a turn to the test's script."
      );
    }
    return turn;
  }
}
