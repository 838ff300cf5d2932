// Where frontline staff work: call-centre teams (which cities' outbound calls they make) and
// shops (own shops 自办厅 and agents' shops 代理商, each in a city). Opportunities are routed by
// the customer's city (the task's region). Kept in code for now: the organisation changes
// rarely and an administration screen for it is a later issue.
import type { Actor } from '../auth/roles';
import type { LocalizedText } from '../../workflows';

export interface Team {
  id: string;
  name: LocalizedText;
  /** Cities whose customers this team calls. */
  regions: string[];
}

export interface Shop {
  id: string;
  name: LocalizedText;
  /** own: the operator's shop; agent: an agent's (partner's) shop. */
  kind: 'own' | 'agent';
  region: string;
}

export const teams: Team[] = [
  { id: 'hz-callcenter', name: { en: 'Hangzhou call centre', zh: '杭州客服中心' }, regions: ['hangzhou', 'shaoxing', 'jinhua'] },
  { id: 'nb-callcenter', name: { en: 'Ningbo call centre', zh: '宁波客服中心' }, regions: ['ningbo', 'wenzhou'] },
  { id: 'hz-outbound-2', name: { en: 'Hangzhou outbound team 2', zh: '杭州外呼二组' }, regions: ['hangzhou'] },
  { id: 'wz-callcenter', name: { en: 'Wenzhou call centre', zh: '温州客服中心' }, regions: ['wenzhou'] },
  { id: 'sx-callcenter', name: { en: 'Shaoxing call centre', zh: '绍兴客服中心' }, regions: ['shaoxing'] },
  { id: 'jh-callcenter', name: { en: 'Jinhua call centre', zh: '金华客服中心' }, regions: ['jinhua'] },
];

export const shops: Shop[] = [
  { id: 'HZ-WL-01', name: { en: 'Hangzhou Wulin own shop', zh: '杭州武林自营厅' }, kind: 'own', region: 'hangzhou' },
  { id: 'HZ-AG-17', name: { en: 'Hangzhou Xixi agent shop', zh: '杭州西溪代理店' }, kind: 'agent', region: 'hangzhou' },
  { id: 'NB-TY-02', name: { en: 'Ningbo Tianyi own shop', zh: '宁波天一自营厅' }, kind: 'own', region: 'ningbo' },
  { id: 'HZ-XH-02', name: { en: 'Hangzhou Xiasha own shop', zh: '杭州下沙自营厅' }, kind: 'own', region: 'hangzhou' },
  { id: 'HZ-BJ-06', name: { en: 'Hangzhou Binjiang agent shop', zh: '杭州滨江代理店' }, kind: 'agent', region: 'hangzhou' },
  { id: 'NB-HS-03', name: { en: 'Ningbo Haishu own shop', zh: '宁波海曙自营厅' }, kind: 'own', region: 'ningbo' },
  { id: 'WZ-LC-02', name: { en: 'Wenzhou Lucheng own shop', zh: '温州鹿城自营厅' }, kind: 'own', region: 'wenzhou' },
  { id: 'SX-YC-01', name: { en: 'Shaoxing Yuecheng own shop', zh: '绍兴越城自营厅' }, kind: 'own', region: 'shaoxing' },
  { id: 'JH-YW-05', name: { en: 'Jinhua Yiwu agent shop', zh: '金华义乌代理店' }, kind: 'agent', region: 'jinhua' },
];

export const findTeam = (id: string | null | undefined) => teams.find((t) => t.id === id);
export const findShop = (id: string | null | undefined) => shops.find((s) => s.id === id);

/** Where the actor works, as the workbench needs it. */
export function workplace(actor: Actor): { team: Team | null; shop: Shop | null } {
  return { team: findTeam(actor.team) ?? null, shop: findShop(actor.shopId) ?? null };
}
