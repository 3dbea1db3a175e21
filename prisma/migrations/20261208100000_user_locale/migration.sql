-- The user's UI language (decision 030): what signing in sets the browser's locale cookie to.
ALTER TABLE "app_user" ADD COLUMN "locale" VARCHAR(10) NOT NULL DEFAULT 'zh-CN';
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_locale_known" CHECK ("locale" IN ('zh-CN', 'en'));
