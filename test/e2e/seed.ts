// A few everyday complaints, logged and moved along through the API, so that lists, the dashboard and
// their screenshots show what a working week looks like (several weeks, owners, levels, a breach or two).
import { expect } from "vitest";
import { apiAs } from "./harness.js";

interface Seed {
  summary: string;
  name: string;
  email?: string;
  phone?: string;
  daysAgo: number;
  category: string;
  channel: "phone" | "email" | "web" | "letter";
  /** How far it has got: logged, acknowledged, or assigned to owners[owner]. */
  owner?: number;
  acknowledged?: boolean;
}

const SEEDS: Seed[] = [
  {
    summary: "Charged twice for the March bill",
    name: "Liam Brown",
    email: "liam.brown@example.com",
    daysAgo: 0,
    category: "Billing",
    channel: "email",
  },
  {
    summary: "Engineer did not turn up for the appointment",
    name: "Sofia Rossi",
    phone: "07700 900123",
    daysAgo: 2,
    category: "Service",
    channel: "phone",
    acknowledged: true,
  },
  {
    summary: "Refund promised on the phone never arrived",
    name: "Ahmed Khan",
    email: "ahmed.khan@example.com",
    daysAgo: 8,
    category: "Billing",
    channel: "phone",
    owner: 0,
  },
  {
    summary: "Rude reply from the helpline",
    name: "Grace Okafor",
    email: "grace.o@example.com",
    daysAgo: 15,
    category: "Staff conduct",
    channel: "web",
    owner: 1,
  },
  {
    summary: "Smart meter shows the wrong tariff",
    name: "Tom Wilson",
    phone: "07700 900456",
    daysAgo: 23,
    category: "Metering",
    channel: "phone",
    acknowledged: true,
  },
  {
    summary: "Direct debit taken after the account was closed",
    name: "Emma Davies",
    email: "emma.davies@example.com",
    daysAgo: 37,
    category: "Billing",
    channel: "letter",
    owner: 0,
  },
  {
    summary: "Letter sent to the wrong address",
    name: "Noah Evans",
    email: "noah.evans@example.com",
    daysAgo: 51,
    category: "Data protection",
    channel: "email",
  },
];

/** Logs the seed cases as `as` (a manager), acknowledging and assigning some to the owners given. */
export async function seedCases(
  base: string,
  as: { email: string; password: string },
  owners: { id: string }[],
): Promise<string[]> {
  const api = await apiAs(base, as);
  const references: string[] = [];
  for (const seed of SEEDS) {
    const created = await api.call("POST", "/cases", {
      type: "complaint",
      channel: seed.channel,
      receivedAt: new Date(Date.now() - seed.daysAgo * 86_400_000 - 3_600_000).toISOString(),
      customer: {
        name: seed.name,
        ...(seed.email ? { email: seed.email } : {}),
        ...(seed.phone ? { phone: seed.phone } : {}),
      },
      summary: seed.summary,
      description: `${seed.summary}. The customer called to complain and wants it put right.`,
      category: seed.category,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const reference = created.body.reference as string;
    references.push(reference);
    if (seed.acknowledged || seed.owner !== undefined) {
      const ack = await api.call("POST", `/cases/${reference}/acknowledge`, {});
      expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    }
    if (seed.owner !== undefined) {
      const assigned = await api.call("POST", `/cases/${reference}/assign`, {
        ownerId: owners[seed.owner]!.id,
      });
      expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    }
  }
  return references;
}
