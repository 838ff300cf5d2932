// What the campaign list is asked for: the filter, the order and the page. Pure (zod only), so the
// page that keeps them in its address (app/(app)/campaigns/campaign-filter.ts) reads the same
// fields, defaults and bounds as the server that answers (campaign-list.ts).
import { z } from 'zod';

export const CampaignSortField = z.enum(['name', 'status', 'priority', 'updatedAt']);
export type CampaignSortField = z.infer<typeof CampaignSortField>;

export const CampaignSort = z.object({ field: CampaignSortField, order: z.enum(['asc', 'desc']) });
export type CampaignSort = z.infer<typeof CampaignSort>;

export const DEFAULT_CAMPAIGN_SORT: CampaignSort = { field: 'updatedAt', order: 'desc' };
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const Values = z.array(z.string().trim().min(1).max(50)).max(50).default([]);

/** Which campaigns (part of the name in any case, any of these statuses, any of these departments), in what order, which page. */
export const CampaignListQuery = z.object({
  q: z.string().trim().max(200).default(''),
  status: Values,
  department: Values,
  sort: CampaignSort.default(DEFAULT_CAMPAIGN_SORT),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});
export type CampaignListQuery = z.infer<typeof CampaignListQuery>;

/** The API's input: none (or null) is the first page of every campaign, the latest changed first. */
export const CampaignListInput = CampaignListQuery.nullish().transform((q) => q ?? CampaignListQuery.parse({}));
