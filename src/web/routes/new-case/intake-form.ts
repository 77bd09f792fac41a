// The intake form's values and how they become the body of POST /api/v1/cases.
import type { CaseType, Channel, Severity } from "../../../shared/enums";

export interface IntakeValues {
  type: CaseType;
  channel: Channel;
  /** `datetime-local` value in the organisation's zone; sent only when the agent changed it. */
  receivedAt: string;
  receivedAtChanged: boolean;
  name: string;
  email: string;
  phone: string;
  summary: string;
  description: string;
  category: string;
  severity: Severity | "";
  desiredRemedy: string;
  productRef: string;
}

export function emptyIntake(receivedAt: string): IntakeValues {
  return {
    type: "complaint",
    channel: "phone",
    receivedAt,
    receivedAtChanged: false,
    name: "",
    email: "",
    phone: "",
    summary: "",
    description: "",
    category: "",
    severity: "",
    desiredRemedy: "",
    productRef: "",
  };
}

export interface CreateCaseBody {
  type: CaseType;
  channel: Channel;
  receivedAt?: string;
  customer?: { name: string; email?: string; phone?: string };
  summary: string;
  description: string;
  category?: string;
  severity?: Severity;
  desiredRemedy?: string;
  productRef?: string;
}

const given = (value: string) => value.trim() || undefined;

/**
 * The request body: blank optional fields left out (the server then applies its defaults and rules),
 * the customer only when something about them was typed, receivedAt only when changed by hand.
 */
export function intakeBody(
  values: IntakeValues,
  toIso: (local: string) => string | undefined,
): CreateCaseBody {
  const email = given(values.email);
  const phone = given(values.phone);
  const hasCustomer = Boolean(given(values.name) || email || phone);
  const receivedAt = values.receivedAtChanged ? toIso(values.receivedAt) : undefined;
  const optional = {
    category: given(values.category),
    severity: values.severity || undefined,
    desiredRemedy: given(values.desiredRemedy),
    productRef: given(values.productRef),
  };
  return {
    type: values.type,
    channel: values.channel,
    ...(receivedAt ? { receivedAt } : {}),
    ...(hasCustomer
      ? { customer: { name: values.name.trim(), ...(email ? { email } : {}), ...(phone ? { phone } : {}) } }
      : {}),
    summary: values.summary.trim(),
    description: values.description.trim(),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}
