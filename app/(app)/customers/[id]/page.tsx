import { RequirePage } from '../../require-page';
import { CustomerView } from './customer-view';

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <RequirePage page="/customers/[id]">
      <CustomerView customerId={decodeURIComponent(id)} />
    </RequirePage>
  );
}
