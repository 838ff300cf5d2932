// The order of campaign and flow-version statuses around the closed loop (docs/closed-loop.md),
// one list for the pages (status tags, filter options) and for the campaign list the server sorts.
// Pure: the browser imports it too.

export const STATUS_ORDER = ['draft', 'submitted', 'in_approval', 'approved', 'scheduled', 'rejected', 'live', 'paused', 'ended', 'evaluated', 'superseded', 'lapsed'] as const;
export type Status = (typeof STATUS_ORDER)[number];

export const isStatus = (s: string): s is Status => (STATUS_ORDER as readonly string[]).includes(s);

/** A status's place in the closed loop, for ordering lists of them (unknown ones last). */
export const statusRank = (s: string) => (isStatus(s) ? STATUS_ORDER.indexOf(s) : STATUS_ORDER.length);
