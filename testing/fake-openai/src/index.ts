// Two fakes, one per OpenAI wire API; each lives in its own folder.
export * from "./chat/index.js";
export * from "./responses/index.js";
