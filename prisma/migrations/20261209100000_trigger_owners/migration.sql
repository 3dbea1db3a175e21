-- Trigger functions run as their owner (the rule tests/integration/row-level-security.test.ts
-- holds every trigger function to): the address grams of duplicate detection (decision 028) and
-- the refusal that keeps a published questionnaire version immutable (decision 029), both added
-- on branches merged together.
ALTER FUNCTION household_address_grams() SECURITY DEFINER;
ALTER FUNCTION questionnaire_template_immutable() SECURITY DEFINER SET search_path = pg_catalog, public;
