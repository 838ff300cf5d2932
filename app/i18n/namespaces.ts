// Feature namespaces kept in messages/<locale>/<namespace>.json. Add one line per namespace
// (the English file is the typed reference; the Chinese file must have the same keys).
import type account from '../../messages/en/account.json';
import type closedLoop from '../../messages/en/closedLoop.json';
import type contactPolicy from '../../messages/en/contactPolicy.json';
import type customerData from '../../messages/en/customerData.json';
import type dashboards from '../../messages/en/dashboards.json';
import type frontlineOrg from '../../messages/en/frontlineOrg.json';
import type sso from '../../messages/en/sso.json';
import type designerTools from '../../messages/en/designerTools.json';
import type notices from '../../messages/en/notices.json';
import type operations from '../../messages/en/operations.json';
import type users from '../../messages/en/users.json';
import type workbench from '../../messages/en/workbench.json';
import type wordingTemplates from '../../messages/en/wordingTemplates.json';

export type FeatureMessages = { account: typeof account; closedLoop: typeof closedLoop; contactPolicy: typeof contactPolicy; customerData: typeof customerData; dashboards: typeof dashboards; frontlineOrg: typeof frontlineOrg; designerTools: typeof designerTools; notices: typeof notices; operations: typeof operations; sso: typeof sso; users: typeof users; workbench: typeof workbench; wordingTemplates: typeof wordingTemplates };
