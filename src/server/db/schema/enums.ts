import { pgEnum } from "drizzle-orm/pg-core";
import {
  ACTION_ITEM_STATUSES,
  CASE_TYPES,
  CHANNELS,
  CONFIRMATIONS,
  CORRESPONDENCE_KINDS,
  DIRECTIONS,
  OUTCOMES,
  SEVERITIES,
  STATUSES,
  URGENCIES,
} from "../../../shared/enums.js";

export const caseTypeEnum = pgEnum("case_type", CASE_TYPES);
export const channelEnum = pgEnum("channel", CHANNELS);
export const severityEnum = pgEnum("severity", SEVERITIES);
export const statusEnum = pgEnum("case_status", STATUSES);
export const urgencyEnum = pgEnum("urgency", URGENCIES);
export const outcomeEnum = pgEnum("outcome", OUTCOMES);
export const confirmationEnum = pgEnum("confirmation", CONFIRMATIONS);
export const actionItemStatusEnum = pgEnum("action_item_status", ACTION_ITEM_STATUSES);
export const correspondenceKindEnum = pgEnum("correspondence_kind", CORRESPONDENCE_KINDS);
export const directionEnum = pgEnum("direction", DIRECTIONS);
