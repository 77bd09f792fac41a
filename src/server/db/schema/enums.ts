import { pgEnum } from "drizzle-orm/pg-core";
import { CASE_TYPES, CHANNELS, SEVERITIES, STATUSES } from "../../../shared/enums.js";

export const caseTypeEnum = pgEnum("case_type", CASE_TYPES);
export const channelEnum = pgEnum("channel", CHANNELS);
export const severityEnum = pgEnum("severity", SEVERITIES);
export const statusEnum = pgEnum("case_status", STATUSES);
