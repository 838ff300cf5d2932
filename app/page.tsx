import { redirect } from 'next/navigation';
import { currentActor } from '@/app/_lib/session';

export default async function Home() {
  redirect((await currentActor())?.role === 'frontline' ? '/workbench' : '/campaigns');
}
