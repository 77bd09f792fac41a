export * from "./attachments.js";
export * from "./audit.js";
export * from "./cases.js";
export * from "./correspondence.js";
export * from "./enums.js";
export * from "./outbox.js";
export * from "./platform.js";
export * from "./users.js";
