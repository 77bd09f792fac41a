// The business calendar lives in src/shared (pure, no Node imports) so the web app counts business time
// exactly as the server does; the server keeps importing it from here.
export * from "../../shared/business-calendar.js";
