import { Designer } from './designer';

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <Designer campaignId={id} />;
}
