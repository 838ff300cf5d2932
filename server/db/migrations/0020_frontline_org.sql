-- The frontline organisation becomes data administrators manage (Admin → Frontline organisation):
-- call-centre teams and shops, until now declared in server/services/frontline-org.ts. The teams
-- and shops that file declared are seeded here, with both names, so an upgraded install keeps its
-- organisation: staff assigned to them keep working, history keeps its names. Each table announces
-- its changes (NOTIFY octoflow_changes, 0013's trigger function), so every process's cached copy of
-- the organisation (server/services/frontline-org.ts) is reloaded as soon as a change commits.
CREATE TABLE "frontline_shops" (
	"id" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" text NOT NULL,
	"region" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "frontline_teams" (
	"id" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);

--> statement-breakpoint
INSERT INTO "frontline_teams" ("id", "name_zh", "name_en", "regions") VALUES
	('hz-callcenter', '杭州客服中心', 'Hangzhou call centre', '{hangzhou,shaoxing,jinhua}'),
	('nb-callcenter', '宁波客服中心', 'Ningbo call centre', '{ningbo,wenzhou}'),
	('hz-outbound-2', '杭州外呼二组', 'Hangzhou outbound team 2', '{hangzhou}'),
	('wz-callcenter', '温州客服中心', 'Wenzhou call centre', '{wenzhou}'),
	('sx-callcenter', '绍兴客服中心', 'Shaoxing call centre', '{shaoxing}'),
	('jh-callcenter', '金华客服中心', 'Jinhua call centre', '{jinhua}')
ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
INSERT INTO "frontline_shops" ("id", "name_zh", "name_en", "kind", "region") VALUES
	('HZ-WL-01', '杭州武林自营厅', 'Hangzhou Wulin own shop', 'own', 'hangzhou'),
	('HZ-AG-17', '杭州西溪代理店', 'Hangzhou Xixi agent shop', 'agent', 'hangzhou'),
	('NB-TY-02', '宁波天一自营厅', 'Ningbo Tianyi own shop', 'own', 'ningbo'),
	('HZ-XH-02', '杭州下沙自营厅', 'Hangzhou Xiasha own shop', 'own', 'hangzhou'),
	('HZ-BJ-06', '杭州滨江代理店', 'Hangzhou Binjiang agent shop', 'agent', 'hangzhou'),
	('NB-HS-03', '宁波海曙自营厅', 'Ningbo Haishu own shop', 'own', 'ningbo'),
	('WZ-LC-02', '温州鹿城自营厅', 'Wenzhou Lucheng own shop', 'own', 'wenzhou'),
	('SX-YC-01', '绍兴越城自营厅', 'Shaoxing Yuecheng own shop', 'own', 'shaoxing'),
	('JH-YW-05', '金华义乌代理店', 'Jinhua Yiwu agent shop', 'agent', 'jinhua')
ON CONFLICT ("id") DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER frontline_teams_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON frontline_teams
  FOR EACH STATEMENT EXECUTE FUNCTION octoflow_notify_change();
--> statement-breakpoint
CREATE TRIGGER frontline_shops_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON frontline_shops
  FOR EACH STATEMENT EXECUTE FUNCTION octoflow_notify_change();
