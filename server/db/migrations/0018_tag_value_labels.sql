-- Enum tags carry how people read their values (`plan` `unlimited_5g` → 5G畅享套餐 / Unlimited 5G).
-- Until now the workbench read the demo tags' values from fixed message keys; an upgraded database
-- gets those same labels on its tags of the demo's names, for the values they still declare, so
-- nothing reads worse after the upgrade. Administrators change them on Admin → Tags.
ALTER TABLE "tag_definitions" ADD COLUMN "value_labels" jsonb DEFAULT '{}'::jsonb NOT NULL;
--> statement-breakpoint
UPDATE "tag_definitions" SET "value_labels" = (
  SELECT coalesce(jsonb_object_agg(l.key, l.value), '{}'::jsonb) FROM jsonb_each('{"basic_4g":{"en":"4G basic","zh":"4G基础套餐"},"unlimited_5g":{"en":"Unlimited 5G","zh":"5G畅享套餐"},"family_5g":{"en":"Family 5G","zh":"5G家庭套餐"},"prepaid":{"en":"Prepaid","zh":"预付费"}}'::jsonb) AS l
  WHERE l.key IN (SELECT jsonb_array_elements_text("tag_definitions"."values"))
) WHERE "name" = 'plan' AND "type" = 'enum';
--> statement-breakpoint
UPDATE "tag_definitions" SET "value_labels" = (
  SELECT coalesce(jsonb_object_agg(l.key, l.value), '{}'::jsonb) FROM jsonb_each('{"hangzhou":{"en":"Hangzhou","zh":"杭州"},"ningbo":{"en":"Ningbo","zh":"宁波"},"wenzhou":{"en":"Wenzhou","zh":"温州"},"shaoxing":{"en":"Shaoxing","zh":"绍兴"},"jinhua":{"en":"Jinhua","zh":"金华"}}'::jsonb) AS l
  WHERE l.key IN (SELECT jsonb_array_elements_text("tag_definitions"."values"))
) WHERE "name" = 'region' AND "type" = 'enum';
--> statement-breakpoint
UPDATE "tag_definitions" SET "value_labels" = (
  SELECT coalesce(jsonb_object_agg(l.key, l.value), '{}'::jsonb) FROM jsonb_each('{"gold":{"en":"Gold","zh":"金卡"},"silver":{"en":"Silver","zh":"银卡"},"bronze":{"en":"Bronze","zh":"普通"}}'::jsonb) AS l
  WHERE l.key IN (SELECT jsonb_array_elements_text("tag_definitions"."values"))
) WHERE "name" = 'value_tier' AND "type" = 'enum';
--> statement-breakpoint
UPDATE "tag_definitions" SET "value_labels" = (
  SELECT coalesce(jsonb_object_agg(l.key, l.value), '{}'::jsonb) FROM jsonb_each('{"sms":{"en":"SMS","zh":"短信"},"app":{"en":"App","zh":"APP"},"call":{"en":"Phone","zh":"电话"},"shop":{"en":"Shop","zh":"营业厅"}}'::jsonb) AS l
  WHERE l.key IN (SELECT jsonb_array_elements_text("tag_definitions"."values"))
) WHERE "name" = 'channel_preference' AND "type" = 'enum';
