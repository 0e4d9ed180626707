-- People with both of their Teams ids (storage/store.ts, KnownPerson): the AAD object id keys
-- roles, admins and watchers; the MRI ("29:…") is what card refresh and 1:1 chats need. Learnt
-- from the activities people send and from team rosters. Existing stores start with nobody
-- known: the bot learns each person again at their next message, click or roster lookup.

CREATE TABLE people (
  aad_key text PRIMARY KEY, -- the AAD object id in lower case
  data jsonb NOT NULL
);
