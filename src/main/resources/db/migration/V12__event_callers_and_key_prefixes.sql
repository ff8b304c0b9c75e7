-- Caller names of any length (a token's subject can be long: V8 made every other such column text), so a write
-- that publishes an event or registers a webhook never fails on the name of who made it.
alter table events alter column actor type text;
alter table webhook_endpoints alter column owner type text;

-- Keys made before V7 kept 8 characters of prefix; the login throttle lets active keys through by their 7.
update api_keys set prefix = left(prefix, 7) where length(prefix) > 7;
