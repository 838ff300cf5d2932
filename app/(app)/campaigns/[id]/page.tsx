import { RequirePage } from '../../require-page';
import { Designer } from './designer';

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <RequirePage page="/campaigns/[id]">
      <Designer campaignId={id} />
    </RequirePage>
  );
}
