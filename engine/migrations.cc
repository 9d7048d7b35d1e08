#include "engine/migrations.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <array>
#include <string>

#include "engine/sqlite_store.h"
#include "engine/sqlite_support.h"

namespace tessera::engine {
namespace {

// Version 1: organisations, teams, instrument versions and campaigns.
constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) > 0),
  created_at TEXT NOT NULL
);
CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  slug TEXT NOT NULL CHECK (length(slug) > 0),
  name TEXT NOT NULL,
  UNIQUE (organisation_id, slug)
);
CREATE TABLE instrument_versions (
  id TEXT NOT NULL,
  version TEXT NOT NULL,
  hash TEXT NOT NULL,
  document TEXT NOT NULL CHECK (json_valid(document)),
  PRIMARY KEY (id, version)
);
CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  instrument_id TEXT NOT NULL,
  instrument_version TEXT NOT NULL,
  title TEXT NOT NULL CHECK (length(title) > 0),
  audience TEXT NOT NULL DEFAULT '',
  opens_on TEXT NOT NULL DEFAULT '',
  closes_on TEXT NOT NULL DEFAULT '',
  anonymity_threshold INTEGER NOT NULL CHECK (anonymity_threshold >= 3),
  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'open', 'closed')),
  created_at TEXT NOT NULL,
  FOREIGN KEY (instrument_id, instrument_version) REFERENCES instrument_versions(id, version)
);
CREATE INDEX campaigns_by_organisation ON campaigns(organisation_id);
)sql";

// Version 2: survey intake. Responses hold no token, link, time of day, address or agent, and
// their ids are random; receipts are ordered by their hash, not by submission.
constexpr std::string_view kMigration2 = R"sql(
CREATE TABLE links (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  kind TEXT NOT NULL CHECK (kind IN ('personal', 'open')),
  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) > 0),
  used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1))
);
CREATE TABLE drafts (
  link_id INTEGER PRIMARY KEY REFERENCES links(id),
  answers TEXT NOT NULL CHECK (json_valid(answers))
);
CREATE TABLE responses (
  id INTEGER PRIMARY KEY CHECK (id > 0),
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  answers TEXT NOT NULL CHECK (json_valid(answers)),
  "groups" TEXT NOT NULL CHECK (json_valid("groups")),
  submitted_on TEXT NOT NULL
    CHECK (submitted_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
);
CREATE INDEX responses_by_campaign ON responses(campaign_id);
CREATE TABLE receipts (
  receipt_hash TEXT PRIMARY KEY CHECK (length(receipt_hash) > 0),
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id)
) WITHOUT ROWID;
)sql";

// Version 3: the audit log of administrative actions.
constexpr std::string_view kMigration3 = R"sql(
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
);
)sql";

// Version 4: each campaign's response count, kept in the same transaction as every submission
// and import, so results can tell at once whether what they hold is current (even when another
// process wrote to the same database).
constexpr std::string_view kMigration4 = R"sql(
ALTER TABLE campaigns ADD COLUMN response_count INTEGER NOT NULL DEFAULT 0;
UPDATE campaigns SET response_count =
  (SELECT count(*) FROM responses r WHERE r.campaign_id = campaigns.id);
)sql";

// Version 5: accounts. Users (emails unique, case-insensitive; only argon2id hashes of
// passwords), one role per user and organisation, and sign-in sessions of which only a hash of
// the id is kept (times in Unix seconds). Deleting a user deletes their roles and sessions.
constexpr std::string_view kMigration5 = R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(email) > 0),
  password_hash TEXT NOT NULL CHECK (length(password_hash) > 0),
  created_at TEXT NOT NULL
);
CREATE TABLE memberships (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'evaluator')),
  PRIMARY KEY (user_id, organisation_id)
) WITHOUT ROWID;
CREATE INDEX memberships_by_organisation ON memberships(organisation_id);
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY CHECK (length(id_hash) = 64),
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL CHECK (length(csrf_token) > 0),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions(user_id);
)sql";

// Version 6: a closed campaign's team list, recorded when it closes, so that teams added later
// cannot change its grouping categories and with them what its results reveal (campaigns
// closed before this version get the teams their organisation has now); and released
// campaigns' disclosure plans, made once and kept.
constexpr std::string_view kMigration6 = R"sql(
CREATE TABLE campaign_teams (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  team_id INTEGER NOT NULL,
  slug TEXT NOT NULL CHECK (length(slug) > 0),
  name TEXT NOT NULL,
  PRIMARY KEY (campaign_id, slug)
) WITHOUT ROWID;
-- A released campaign's disclosure plan (engine/plan_codec.h), kept so that it is made once:
-- the fingerprint names the responses, categories and threshold it was made for.
CREATE TABLE disclosure_plans (
  campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id),
  fingerprint TEXT NOT NULL,
  plan TEXT NOT NULL CHECK (json_valid(plan))
);
INSERT INTO campaign_teams (campaign_id, team_id, slug, name)
  SELECT c.id, t.id, t.slug, t.name FROM campaigns c JOIN teams t
    ON t.organisation_id = c.organisation_id WHERE c.state = 'closed';
)sql";

// Version 7: drafts sealed under a key derived from their link's token (survey/sealed_draft.h),
// which is never stored. Drafts stored before were JSON in clear and cannot be sealed without
// the token, so they are deleted; with secure_delete on (every connection sets it), dropping
// the table overwrites every page it used with zeros. OpenSqliteStore also vacuums a database
// upgraded across this version once, for drafts left in pages freed before.
constexpr std::string_view kMigration7 = R"sql(
DROP TABLE drafts;
CREATE TABLE drafts (
  link_id INTEGER PRIMARY KEY REFERENCES links(id),
  sealed BLOB NOT NULL CHECK (typeof(sealed) = 'blob' AND length(sealed) > 0)
);
)sql";

// Version 8: padding a small group. Teams may declare a headcount and campaigns an audience
// size; submissions and imports never go past either (team_responses keeps each campaign's
// count per team, like campaigns.response_count, in the same transaction). A link minted from
// the shared link is marked so, to count apart the responses that came through it (the
// response itself records nothing of it). Bursts of near-identical responses are flagged per
// campaign, grouping answer and day, with no response id. team_responses is filled from the
// responses already stored: the team question is the instrument's first item with grouping
// "team", and only answers that are the organisation's team slugs count. The team question of
// each campaign is found once (MATERIALIZED): evaluated per response row, the upgrade of a
// database of 1,000,000 responses took 4 min 18 s of CPU instead of 4 s.
constexpr std::string_view kMigration8 = R"sql(
ALTER TABLE teams ADD COLUMN headcount INTEGER CHECK (headcount IS NULL OR headcount >= 1);
ALTER TABLE campaigns ADD COLUMN audience_size INTEGER
  CHECK (audience_size IS NULL OR audience_size >= 1);
ALTER TABLE links ADD COLUMN minted INTEGER NOT NULL DEFAULT 0 CHECK (minted IN (0, 1));
CREATE INDEX links_by_campaign ON links(campaign_id, kind, minted, used);
CREATE TABLE team_responses (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  team_slug TEXT NOT NULL,
  responses INTEGER NOT NULL CHECK (responses >= 0),
  PRIMARY KEY (campaign_id, team_slug)
) WITHOUT ROWID;
INSERT INTO team_responses (campaign_id, team_slug, responses)
WITH team_items AS MATERIALIZED (
  SELECT c.id AS campaign_id, c.organisation_id AS organisation_id,
         (SELECT json_extract(item.value, '$.id')
          FROM json_each(v.document, '$.sections') AS s, json_each(s.value, '$.items') AS item
          WHERE json_extract(item.value, '$.grouping') = 'team'
          ORDER BY s.key, item.key LIMIT 1) AS item_id
  FROM campaigns c JOIN instrument_versions v
    ON v.id = c.instrument_id AND v.version = c.instrument_version)
SELECT r.campaign_id, t.slug, count(*)
FROM team_items ti
JOIN responses r ON r.campaign_id = ti.campaign_id
JOIN teams t ON t.organisation_id = ti.organisation_id
  AND t.slug = json_extract(r."groups", '$."' || ti.item_id || '"')
WHERE ti.item_id IS NOT NULL
GROUP BY r.campaign_id, t.slug;
CREATE TABLE burst_flags (
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  grouping TEXT NOT NULL,
  group_value TEXT NOT NULL,
  day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  responses INTEGER NOT NULL CHECK (responses >= 1),
  PRIMARY KEY (campaign_id, grouping, group_value, day)
) WITHOUT ROWID;
)sql";

constexpr std::array<std::string_view, 8> kMigrations = {kMigration1, kMigration2, kMigration3,
                                                         kMigration4, kMigration5, kMigration6,
                                                         kMigration7, kMigration8};

Result<int> ReadUserVersion(SQLite::Database& db) {
  SQLite::Statement query(db, "PRAGMA user_version");
  if (!query.executeStep()) return Status::Corruption("PRAGMA user_version returned no row");
  return query.getColumn(0).getInt();
}

Status NewerSchema(int version) {
  return Status::FailedPrecondition("database schema version " + std::to_string(version) +
                                    " is newer than this Tessera (" +
                                    std::to_string(CurrentSchemaVersion()) + "); upgrade Tessera");
}

}  // namespace

int CurrentSchemaVersion() { return static_cast<int>(kMigrations.size()); }

int SealedDraftsSchemaVersion() {
  // Found by content, so the number follows the script wherever it lands in the list.
  for (size_t i = 0; i < kMigrations.size(); ++i) {
    if (kMigrations[i] == kMigration7) return static_cast<int>(i) + 1;
  }
  return CurrentSchemaVersion();
}

std::span<const std::string_view> MigrationScripts() { return kMigrations; }

Result<int> SchemaVersion(SQLite::Database& db) {
  return Guarded("read schema version", [&]() -> Result<int> { return ReadUserVersion(db); });
}

Status MigrateSchema(SQLite::Database& db, int target_version) {
  if (target_version < 0 || target_version > CurrentSchemaVersion()) {
    return Status::FailedPrecondition("no migration to schema version " +
                                      std::to_string(target_version));
  }
  return Guarded("migrate schema", [&]() -> Status {
    Result<int> version = ReadUserVersion(db);
    if (!version.ok()) return version.status();
    if (*version > CurrentSchemaVersion()) return NewerSchema(*version);
    while (*version < target_version) {
      SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
      // Re-read inside the write lock: another connection may have migrated meanwhile.
      version = ReadUserVersion(db);
      if (!version.ok()) return version.status();
      if (*version > CurrentSchemaVersion()) return NewerSchema(*version);
      if (*version >= target_version) break;
      const int next = *version + 1;
      db.exec(std::string(kMigrations[static_cast<size_t>(*version)]));
      db.exec("PRAGMA user_version = " + std::to_string(next));
      transaction.commit();
      version = next;
    }
    return Status::Ok();
  });
}

}  // namespace tessera::engine
