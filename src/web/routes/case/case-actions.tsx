import { Button, Group, Text } from "@mantine/core";
import { useRouteContext } from "@tanstack/react-router";
import { useState } from "react";
import { CASE_ACTIONS, type CaseAction } from "../../../shared/enums";
import type { CaseView } from "../../api/client";
import { can } from "../../api/session";
import { actionLabel, t } from "../../strings";
import { RaiseCapaDialog } from "../capa/raise-capa-dialog";
import { ActionDialog } from "./action-dialog";
import { AssessmentDialog } from "./assessment-dialog";
import { canInvestigate } from "./case-permissions";

/** Steps that move the case along; the first of them allowed now is the obvious next step. */
const FORWARD: CaseAction[] = [
  "acknowledge",
  "assign",
  "start-investigation",
  "resolve",
  "verify",
  "customer-confirmation",
  "close",
  "resume",
];

/** R3: a button for exactly the steps this user may take now (`allowedActions`), each asking for what it needs. */
export function CaseActions({ item }: { item: CaseView }) {
  const { user } = useRouteContext({ from: "/_app" });
  const [open, setOpen] = useState<CaseAction | null>(null);
  const [assessing, setAssessing] = useState(false);
  const [raising, setRaising] = useState(false);
  const raisesCapa = can.writeCapas(user);
  const assessable = canInvestigate(user, item) && item.status !== "closed" && item.status !== "archived";
  const allowed = CASE_ACTIONS.filter((a) => item.allowedActions.includes(a));
  // Steps already done may still be allowed (verify again, record another answer): not "next" though.
  const done = (a: CaseAction) =>
    (a === "verify" && item.verifiedAt !== null) ||
    (a === "customer-confirmation" && item.customerConfirmation !== null);
  const next = FORWARD.find((a) => allowed.includes(a) && !done(a));

  return (
    <section aria-label={t.casePage.actions}>
      {allowed.length === 0 && !assessable && !raisesCapa ? (
        <Text size="sm" c="dimmed">
          {t.casePage.noActions}
        </Text>
      ) : (
        <Group gap="xs">
          {allowed.map((action) => (
            <Button
              key={action}
              variant={action === next ? "filled" : "default"}
              onClick={() => setOpen(action)}
            >
              {actionLabel[action]}
            </Button>
          ))}
          {assessable && (
            <Button variant="subtle" onClick={() => setAssessing(true)}>
              {t.assessment.button}
            </Button>
          )}
          {raisesCapa && (
            <Button variant="subtle" onClick={() => setRaising(true)}>
              {t.capa.raise}
            </Button>
          )}
        </Group>
      )}
      {open && <ActionDialog action={open} item={item} onClose={() => setOpen(null)} />}
      {assessing && <AssessmentDialog item={item} onClose={() => setAssessing(false)} />}
      {raising && <RaiseCapaDialog caseReferences={[item.reference]} onClose={() => setRaising(false)} />}
    </section>
  );
}
