import type {
  FakeResponsesFault,
  FakeResponsesRecordedRequest,
  FakeResponsesScript,
  FakeResponsesTurn,
} from "./types.js";

export type ResponsesScriptStep =
  | { kind: "fault"; fault: FakeResponsesFault; turn: FakeResponsesTurn }
  | { kind: "turn"; turn: FakeResponsesTurn }
  | { kind: "exhausted"; message: string };

/**
 * Walks the script: each accepted request gets the current turn's next fault, or (once its
 * faults are used up) the turn's normal response, which moves on to the next turn.
 */
export class ResponsesScriptCursor {
  readonly #script: FakeResponsesScript;
  #turnIndex = 0;
  #faultIndex = 0;
  #current: FakeResponsesTurn | undefined;

  constructor(script: FakeResponsesScript) {
    this.#script = script;
  }

  next(request: FakeResponsesRecordedRequest): ResponsesScriptStep {
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
  #load(request: FakeResponsesRecordedRequest): FakeResponsesTurn | string {
    const script = this.#script;
    if (typeof script === "function") {
      try {
        return script(request, this.#turnIndex);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return `fake-openai (responses): the script function threw for turn ${this.#turnIndex} (request #${request.index}): ${reason}`;
      }
    }
    const turn = script[this.#turnIndex];
    if (turn === undefined) {
      return (
        `fake-openai (responses): script exhausted: it has ${script.length} turn(s) and request #${request.index} ` +
        "asked for another. Add a turn to the test's script."
      );
    }
    return turn;
  }
}
