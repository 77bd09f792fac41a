// Every English string of the web app, split by area, ready for translation. Components import `t` and
// the enum labels from here ("../strings").
import { admin } from "./admin";
import { cases } from "./cases";
import { core } from "./core";
import { quality } from "./quality";
import { records } from "./records";

export const t = { ...core, ...cases, ...admin, ...quality, ...records } as const;

export * from "./labels";
