// Records management (R10): legal holds, the disposal queue, the archive and disposal registers.
export const records = {
  records: {
    title: "Records",
    intro:
      "How long case files are kept, what is held for legal reasons, and what was archived and disposed of — with who decided and why.",
    sections: "Records sections",
    pages: {
      holds: "Legal holds",
      disposals: "Disposal queue",
      archive: "Archive register",
      disposed: "Disposal register",
    },
    reference: "Case",
    reason: "Reason",
    by: "By",
    at: "When",
    rule: "Retention rule",
    holds: {
      intro:
        "A case under legal hold cannot be disposed of or erased until the hold is released, whatever its retention period.",
      state: "Show",
      states: { active: "In force", all: "All, with released" },
      place: "Place a legal hold",
      placeHelp:
        "The hold is recorded with its reason in the case's history, and stops disposal and erasure.",
      placed: "Placed",
      released: "Released",
      inForce: "In force",
      release: "Release",
      releaseTitle: (reference: string) => `Release the legal hold on ${reference}`,
      releaseHelp: "Disposal and erasure become possible again once the case is past its retention period.",
      releaseReason: "Why it can be released (optional)",
      placedToast: (reference: string) => `${reference} is under legal hold`,
      releasedToast: (reference: string) => `The hold on ${reference} is released`,
      referenceHint: "The case reference, e.g. CMP-2026-000123",
      referenceMissing: "Enter the reference of the case to hold",
      empty: "No case is under legal hold.",
      emptyAll: "No legal hold has been placed yet.",
    },
    disposals: {
      intro:
        "Archived cases past their retention period, listed every hour. Disposal removes the case file and keeps a register entry; it cannot be undone.",
      type: "Type",
      closed: "Closed",
      retainUntil: "Kept until",
      listed: "Listed",
      held: "Under legal hold",
      select: (reference: string) => `Select ${reference}`,
      selectAll: "Select every case that can be disposed of",
      approve: (n: number) => `Approve disposal of ${n} ${n === 1 ? "case" : "cases"}`,
      approveTitle: "Approve disposal",
      approveHelp: (references: string) =>
        `These case files will be removed for good: ${references}. The register keeps what was removed, when, by whom and why.`,
      disposedToast: (n: number) => `${n} ${n === 1 ? "case was" : "cases were"} disposed of`,
      empty: "Nothing waits for disposal.",
    },
    archive: {
      intro:
        "Each archiving of a case file with the SHA-256 of its bundle, so anyone can check later that the file is the one archived.",
      event: "Event",
      events: { archived: "Archived", rebundled: "Bundle made again" } as Record<string, string>,
      bundle: "Bundle (SHA-256)",
      automatic: "Automatic",
      size: "Size",
      download: "Download",
      downloadLabel: (reference: string) => `Download the case file of ${reference}`,
      disposedAt: (when: string) => `Disposed of ${when}`,
      empty: "No case has been archived yet.",
    },
    disposed: {
      intro:
        "Every disposal: the case, the rule and policy version it was kept under, who approved it and why.",
      removed: "Removed",
      empty: "Nothing has been disposed of yet.",
    },
  },
} as const;
