#include "engine/sqlite_store.h"

#include <SQLiteCpp/Transaction.h>
#include <sodium.h>
#include <sqlite3.h>

#include <utility>

#include "engine/migrations.h"
#include "engine/sqlite_store_impl.h"
#include "engine/sqlite_support.h"
#include "survey/utf8.h"

namespace tessera::engine {
namespace {

constexpr const char* kSelectCampaign =
    "SELECT c.id, c.organisation_id, c.instrument_id, c.instrument_version, v.hash, c.title, "
    "c.audience, c.opens_on, c.closes_on, c.anonymity_threshold, c.state, c.created_at, "
    "c.audience_size "
    "FROM campaigns c JOIN instrument_versions v "
    "ON v.id = c.instrument_id AND v.version = c.instrument_version";

std::string CampaignName(int64_t id) { return "campaign " + std::to_string(id); }
std::string OrganisationName(int64_t id) { return "organisation " + std::to_string(id); }

Result<Campaign> CampaignFromRow(SQLite::Statement& row) {
  Campaign campaign;
  campaign.id = row.getColumn(0).getInt64();
  campaign.organisation_id = row.getColumn(1).getInt64();
  campaign.instrument.id = row.getColumn(2).getString();
  const std::string version = row.getColumn(3).getString();
  std::optional<instruments::Version> parsed = instruments::Version::Parse(version);
  if (!parsed) {
    return Status::Corruption(CampaignName(campaign.id) + " has an invalid instrument version '" +
                              version + "'");
  }
  campaign.instrument.version = *parsed;
  campaign.instrument_hash = row.getColumn(4).getString();
  campaign.title = row.getColumn(5).getString();
  campaign.audience = row.getColumn(6).getString();
  campaign.opens_on = row.getColumn(7).getString();
  campaign.closes_on = row.getColumn(8).getString();
  campaign.anonymity_threshold = row.getColumn(9).getInt();
  const std::string state = row.getColumn(10).getString();
  std::optional<CampaignState> parsed_state = ParseCampaignState(state);
  if (!parsed_state) {
    return Status::Corruption(CampaignName(campaign.id) + " has an invalid state '" + state + "'");
  }
  campaign.state = *parsed_state;
  campaign.created_at = row.getColumn(11).getString();
  if (!row.getColumn(12).isNull()) campaign.audience_size = row.getColumn(12).getInt64();
  return campaign;
}

Organisation OrganisationFromRow(SQLite::Statement& row) {
  return Organisation{row.getColumn(0).getInt64(), row.getColumn(1).getString(),
                      row.getColumn(2).getString()};
}

std::optional<int64_t> OptionalInt(SQLite::Statement& row, int index) {
  if (row.getColumn(index).isNull()) return std::nullopt;
  return row.getColumn(index).getInt64();
}

void BindOptional(SQLite::Statement& statement, int index, std::optional<int64_t> value) {
  if (value) {
    statement.bind(index, *value);
  } else {
    statement.bind(index);
  }
}

// A headcount or audience size: at least 1 when given.
Status CheckPositive(std::optional<int64_t> value, const char* what, const char* pointer) {
  if (!value || *value >= 1) return Status::Ok();
  return Status::InvalidArgument(
      std::string(what) + " must be at least 1, not " + std::to_string(*value), pointer);
}

bool IsValidSlug(const std::string& slug) {
  if (slug.empty() || slug.size() > 64) return false;
  for (char c : slug) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return slug.front() != '-' && slug.front() != '_';
}

Status CheckDateField(const std::string& value, const char* field) {
  if (value.empty() || IsValidDate(value)) return Status::Ok();
  return Status::InvalidArgument(
      std::string(field) + " must be a date written YYYY-MM-DD, not '" + value + "'",
      std::string("/") + field);
}

bool TransitionAllowed(CampaignState from, CampaignState to) {
  return (from == CampaignState::kDraft && to == CampaignState::kOpen) ||
         (from == CampaignState::kOpen && to == CampaignState::kClosed) ||
         (from == CampaignState::kDraft && to == CampaignState::kClosed);
}

Result<std::unique_ptr<SQLite::Database>> OpenDatabase(const SqliteOptions& options) {
  return Guarded("open " + options.path, [&]() -> Result<std::unique_ptr<SQLite::Database>> {
    auto db = std::make_unique<SQLite::Database>(
        options.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
        options.busy_timeout_ms);
    db->exec("PRAGMA foreign_keys = ON");
    // Deleted rows (a submitted survey's draft, a session) are overwritten with zeros, in their
    // b-tree page and in any page they free: ON, not FAST, which leaves freed pages as they
    // were, and a sealed draft is mostly overflow pages that its deletion frees.
    db->exec("PRAGMA secure_delete = ON");
    if (options.path != ":memory:") {
      SQLite::Statement wal(*db, "PRAGMA journal_mode = WAL");
      if (!wal.executeStep() || wal.getColumn(0).getString() != "wal") {
        return Status::IoError("could not switch " + options.path + " to WAL mode");
      }
    }
    db->exec(options.synchronous_full ? "PRAGMA synchronous = FULL"
                                      : "PRAGMA synchronous = NORMAL");
    if (options.path != ":memory:") {
      // Read pages through a memory map and keep a larger page cache: a reader whose cache
      // another connection's commit invalidated then re-reads pages without a system call each.
      db->exec("PRAGMA mmap_size = 268435456");
      db->exec("PRAGMA cache_size = -32768");
      if (!options.auto_checkpoint) db->exec("PRAGMA wal_autocheckpoint = 0");
      // When a writer starts the WAL again from its beginning, it cuts the file after its first
      // commit, so frames of earlier commits do not linger past the new end.
      db->exec("PRAGMA journal_size_limit = 0");
    }
    return db;
  });
}

}  // namespace

Status SqliteStore::Checkpoint() {
  std::lock_guard lock(mutex_);
  sqlite3* handle = db_->getHandle();
  int log_frames = 0;
  int checkpointed = 0;
  int rc = sqlite3_wal_checkpoint_v2(handle, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames,
                                     &checkpointed);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
    return Status::IoError(std::string("checkpoint failed: ") + sqlite3_errstr(rc));
  }
  // Every frame is in the database file and nothing was committed since the last round: empty
  // the WAL, so the frames of past commits (each holding a commit's responses beside the links
  // it marked used) leave the disk. That takes the write lock and needs no reader on the WAL;
  // without a busy handler it gives up at once instead of waiting for them. It is not tried
  // while commits keep coming: holding the write lock then would make the group-commit writer
  // wait (and its busy handler sleep), and journal_size_limit already cuts the WAL each time
  // the writer starts it again.
  const bool idle = log_frames == last_log_frames_;
  last_log_frames_ = log_frames;
  if (rc == SQLITE_OK && idle && log_frames > 0 && checkpointed == log_frames) {
    sqlite3_busy_timeout(handle, 0);
    rc = sqlite3_wal_checkpoint_v2(handle, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    sqlite3_busy_timeout(handle, busy_timeout_ms_);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      return Status::IoError(std::string("checkpoint failed: ") + sqlite3_errstr(rc));
    }
    if (rc == SQLITE_OK) last_log_frames_ = 0;
  }
  return Status::Ok();
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
  if (options.path.empty()) return Status::InvalidArgument("the store path is empty", "/path");
  if (sodium_init() < 0) return Status::Internal("libsodium could not be initialised");
  Result<std::unique_ptr<SQLite::Database>> db = OpenDatabase(options);
  if (!db.ok()) return db.status();
  Result<int> before = SchemaVersion(**db);
  if (!before.ok()) return before.status();
  // Drafts were stored in clear before SealedDraftsSchemaVersion(), without secure_delete:
  // pages freed back then (and the unused space of pages reused since) may still hold some.
  // VACUUM rebuilds the file from its live rows once; the migration then deletes those drafts.
  const bool scrub = *before > 0 && *before < SealedDraftsSchemaVersion();
  if (scrub) {
    Status vacuumed = Guarded("vacuum " + options.path, [&]() -> Status {
      (*db)->exec("VACUUM");
      return Status::Ok();
    });
    if (!vacuumed.ok()) return vacuumed;
  }
  Status migrated = MigrateSchema(**db, CurrentSchemaVersion());
  if (!migrated.ok()) return migrated;
  if (scrub) {
    // The WAL now holds the old drafts' pages: empty it unless another connection is busy.
    sqlite3* handle = (*db)->getHandle();
    sqlite3_busy_timeout(handle, 0);
    (void)sqlite3_wal_checkpoint_v2(handle, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    sqlite3_busy_timeout(handle, options.busy_timeout_ms);
  }
  return std::unique_ptr<Store>(
      std::make_unique<SqliteStore>(std::move(*db), options.busy_timeout_ms));
}

SqliteStore::SqliteStore(std::unique_ptr<SQLite::Database> db, int busy_timeout_ms)
    : db_(std::move(db)), busy_timeout_ms_(busy_timeout_ms) {}

SqliteStore::~SqliteStore() = default;

SQLite::Statement& SqliteStore::Cached(std::unique_ptr<SQLite::Statement>& slot, const char* sql) {
  if (!slot) slot = std::make_unique<SQLite::Statement>(*db_, sql);
  return *slot;
}

Status SqliteStore::RequireOrganisation(int64_t organisation_id) {
  SQLite::Statement query(*db_, "SELECT 1 FROM organisations WHERE id = ?");
  query.bind(1, organisation_id);
  if (!query.executeStep())
    return Status::NotFound(OrganisationName(organisation_id) + " not found");
  return Status::Ok();
}

Status SqliteStore::RequireCampaign(int64_t campaign_id) {
  SQLite::Statement query(*db_, "SELECT 1 FROM campaigns WHERE id = ?");
  query.bind(1, campaign_id);
  if (!query.executeStep()) return Status::NotFound(CampaignName(campaign_id) + " not found");
  return Status::Ok();
}

Result<Organisation> SqliteStore::ReadOrganisation(int64_t id) {
  SQLite::Statement query(*db_, "SELECT id, name, created_at FROM organisations WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return Status::NotFound(OrganisationName(id) + " not found");
  return OrganisationFromRow(query);
}

Result<Campaign> SqliteStore::ReadCampaign(int64_t id) {
  SQLite::Statement query(*db_, std::string(kSelectCampaign) + " WHERE c.id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return Status::NotFound(CampaignName(id) + " not found");
  return CampaignFromRow(query);
}

// Organisations and teams.

Result<Organisation> SqliteStore::CreateOrganisation(const std::string& name) {
  if (name.empty()) return Status::InvalidArgument("organisation name is empty", "/name");
  if (Status text = survey::CheckSingleLineText(name, "organisation name", "/name"); !text.ok()) {
    return text;
  }
  std::lock_guard lock(mutex_);
  return Guarded("create organisation", [&]() -> Result<Organisation> {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement existing(*db_, "SELECT 1 FROM organisations WHERE name = ?");
    existing.bind(1, name);
    if (existing.executeStep()) {
      return Status::AlreadyExists("an organisation named '" + name + "' already exists");
    }
    Organisation organisation{0, name, NowTimestamp()};
    SQLite::Statement insert(*db_, "INSERT INTO organisations (name, created_at) VALUES (?, ?)");
    insert.bind(1, organisation.name);
    insert.bind(2, organisation.created_at);
    insert.exec();
    organisation.id = db_->getLastInsertRowid();
    transaction.commit();
    return organisation;
  });
}

Result<std::vector<Organisation>> SqliteStore::ListOrganisations() {
  std::lock_guard lock(mutex_);
  return Guarded("list organisations", [&]() -> Result<std::vector<Organisation>> {
    SQLite::Statement query(*db_,
                            "SELECT id, name, created_at FROM organisations ORDER BY name, id");
    std::vector<Organisation> organisations;
    while (query.executeStep()) organisations.push_back(OrganisationFromRow(query));
    return organisations;
  });
}

Result<Organisation> SqliteStore::GetOrganisation(int64_t id) {
  std::lock_guard lock(mutex_);
  return Guarded("get organisation", [&]() { return ReadOrganisation(id); });
}

Result<Organisation> SqliteStore::FindOrganisationByName(const std::string& name) {
  std::lock_guard lock(mutex_);
  return Guarded("find organisation", [&]() -> Result<Organisation> {
    SQLite::Statement query(*db_, "SELECT id, name, created_at FROM organisations WHERE name = ?");
    query.bind(1, name);
    if (!query.executeStep()) return Status::NotFound("organisation '" + name + "' not found");
    return OrganisationFromRow(query);
  });
}

Result<Team> SqliteStore::CreateTeam(int64_t organisation_id, const std::string& slug,
                                     const std::string& name) {
  return CreateTeam(organisation_id, slug, name, std::nullopt);
}

Result<Team> SqliteStore::CreateTeam(int64_t organisation_id, const std::string& slug,
                                     const std::string& name, std::optional<int64_t> headcount) {
  if (!IsValidSlug(slug)) {
    return Status::InvalidArgument(
        "team slug '" + slug +
            "' must be 1 to 64 lower-case letters, digits, '-' or '_', starting with a letter or "
            "digit",
        "/slug");
  }
  if (name.empty()) return Status::InvalidArgument("team name is empty", "/name");
  if (Status text = survey::CheckSingleLineText(name, "team name", "/name"); !text.ok()) {
    return text;
  }
  if (Status s = CheckPositive(headcount, "a team's headcount", "/headcount"); !s.ok()) return s;
  std::lock_guard lock(mutex_);
  return Guarded("create team", [&]() -> Result<Team> {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (Status found = RequireOrganisation(organisation_id); !found.ok()) return found;
    SQLite::Statement existing(*db_, "SELECT 1 FROM teams WHERE organisation_id = ? AND slug = ?");
    existing.bind(1, organisation_id);
    existing.bind(2, slug);
    if (existing.executeStep()) {
      return Status::AlreadyExists("a team with slug '" + slug + "' already exists in " +
                                   OrganisationName(organisation_id));
    }
    SQLite::Statement insert(
        *db_, "INSERT INTO teams (organisation_id, slug, name, headcount) VALUES (?, ?, ?, ?)");
    insert.bind(1, organisation_id);
    insert.bind(2, slug);
    insert.bind(3, name);
    BindOptional(insert, 4, headcount);
    insert.exec();
    Team team{db_->getLastInsertRowid(), organisation_id, slug, name, headcount};
    transaction.commit();
    return team;
  });
}

Result<Team> SqliteStore::SetTeamHeadcount(int64_t organisation_id, const std::string& slug,
                                           std::optional<int64_t> headcount) {
  if (Status s = CheckPositive(headcount, "a team's headcount", "/headcount"); !s.ok()) return s;
  std::lock_guard lock(mutex_);
  return Guarded("set team headcount", [&]() -> Result<Team> {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (Status found = RequireOrganisation(organisation_id); !found.ok()) return found;
    SQLite::Statement update(
        *db_, "UPDATE teams SET headcount = ? WHERE organisation_id = ? AND slug = ?");
    BindOptional(update, 1, headcount);
    update.bind(2, organisation_id);
    update.bind(3, slug);
    if (update.exec() != 1) {
      return Status::NotFound("no team with slug '" + slug + "' in " +
                              OrganisationName(organisation_id));
    }
    SQLite::Statement query(*db_,
                            "SELECT id, name FROM teams WHERE organisation_id = ? AND slug = ?");
    query.bind(1, organisation_id);
    query.bind(2, slug);
    query.executeStep();
    Team team{query.getColumn(0).getInt64(), organisation_id, slug, query.getColumn(1).getString(),
              headcount};
    transaction.commit();
    return team;
  });
}

Result<std::vector<Team>> SqliteStore::ListTeams(int64_t organisation_id) {
  std::lock_guard lock(mutex_);
  return Guarded("list teams", [&]() -> Result<std::vector<Team>> {
    if (Status found = RequireOrganisation(organisation_id); !found.ok()) return found;
    return ReadTeams(organisation_id);
  });
}

std::vector<Team> SqliteStore::ReadTeams(int64_t organisation_id) {
  SQLite::Statement query(
      *db_, "SELECT id, slug, name, headcount FROM teams WHERE organisation_id = ? ORDER BY slug");
  query.bind(1, organisation_id);
  std::vector<Team> teams;
  while (query.executeStep()) {
    teams.push_back(Team{query.getColumn(0).getInt64(), organisation_id,
                         query.getColumn(1).getString(), query.getColumn(2).getString(),
                         OptionalInt(query, 3)});
  }
  return teams;
}

Result<std::vector<Team>> SqliteStore::CampaignTeams(int64_t campaign_id) {
  std::lock_guard lock(mutex_);
  return Guarded("list campaign teams", [&]() -> Result<std::vector<Team>> {
    Result<Campaign> campaign = ReadCampaign(campaign_id);
    if (!campaign.ok()) return campaign.status();
    if (campaign->state != CampaignState::kClosed) return ReadTeams(campaign->organisation_id);
    SQLite::Statement query(*db_,
                            "SELECT team_id, slug, name FROM campaign_teams WHERE campaign_id = ? "
                            "ORDER BY slug");
    query.bind(1, campaign_id);
    std::vector<Team> teams;
    while (query.executeStep()) {
      teams.push_back(Team{query.getColumn(0).getInt64(), campaign->organisation_id,
                           query.getColumn(1).getString(), query.getColumn(2).getString(),
                           std::nullopt});
    }
    return teams;
  });
}

// Instrument versions.

Status SqliteStore::SaveInstrumentVersion(const InstrumentVersion& version) {
  if (version.ref.id.empty()) return Status::InvalidArgument("instrument id is empty", "/id");
  if (version.hash.empty()) return Status::InvalidArgument("instrument hash is empty", "/hash");
  if (!nlohmann::json::accept(version.document)) {
    return Status::InvalidArgument(
        "the document of " + version.ref.ToString() + " is not valid JSON", "/document");
  }
  std::lock_guard lock(mutex_);
  return Guarded("save instrument version", [&]() -> Status {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement existing(*db_,
                               "SELECT hash FROM instrument_versions WHERE id = ? AND version = ?");
    existing.bind(1, version.ref.id);
    existing.bind(2, version.ref.version.ToString());
    if (existing.executeStep()) {
      const std::string stored = existing.getColumn(0).getString();
      if (stored == version.hash) return Status::Ok();
      return Status::Corruption("instrument " + version.ref.ToString() +
                                " is already stored with hash " + stored + ", not " + version.hash);
    }
    SQLite::Statement insert(
        *db_, "INSERT INTO instrument_versions (id, version, hash, document) VALUES (?, ?, ?, ?)");
    insert.bind(1, version.ref.id);
    insert.bind(2, version.ref.version.ToString());
    insert.bind(3, version.hash);
    insert.bind(4, version.document);
    insert.exec();
    transaction.commit();
    return Status::Ok();
  });
}

Result<InstrumentVersion> SqliteStore::GetInstrumentVersion(const instruments::InstrumentRef& ref) {
  std::lock_guard lock(mutex_);
  return Guarded("get instrument version", [&]() -> Result<InstrumentVersion> {
    SQLite::Statement query(
        *db_, "SELECT hash, document FROM instrument_versions WHERE id = ? AND version = ?");
    query.bind(1, ref.id);
    query.bind(2, ref.version.ToString());
    if (!query.executeStep())
      return Status::NotFound("instrument " + ref.ToString() + " not found");
    return InstrumentVersion{ref, query.getColumn(0).getString(), query.getColumn(1).getString()};
  });
}

// Campaigns.

Result<Campaign> SqliteStore::CreateCampaign(const NewCampaign& campaign) {
  if (campaign.title.empty()) return Status::InvalidArgument("title is empty", "/title");
  if (Status text = survey::CheckSingleLineText(campaign.title, "title", "/title"); !text.ok()) {
    return text;
  }
  if (Status text = survey::CheckSingleLineText(campaign.audience, "audience", "/audience");
      !text.ok()) {
    return text;
  }
  if (campaign.anonymity_threshold < kMinimumAnonymityThreshold) {
    return Status::InvalidArgument("anonymity_threshold must be at least " +
                                       std::to_string(kMinimumAnonymityThreshold) + ", not " +
                                       std::to_string(campaign.anonymity_threshold),
                                   "/anonymity_threshold");
  }
  if (Status s = CheckPositive(campaign.audience_size, "audience_size", "/audience_size");
      !s.ok()) {
    return s;
  }
  if (Status s = CheckDateField(campaign.opens_on, "opens_on"); !s.ok()) return s;
  if (Status s = CheckDateField(campaign.closes_on, "closes_on"); !s.ok()) return s;
  if (!campaign.opens_on.empty() && !campaign.closes_on.empty() &&
      campaign.opens_on > campaign.closes_on) {
    return Status::InvalidArgument(
        "closes_on " + campaign.closes_on + " is before opens_on " + campaign.opens_on,
        "/closes_on");
  }
  std::lock_guard lock(mutex_);
  return Guarded("create campaign", [&]() -> Result<Campaign> {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (Status found = RequireOrganisation(campaign.organisation_id); !found.ok()) return found;
    SQLite::Statement instrument(*db_,
                                 "SELECT 1 FROM instrument_versions WHERE id = ? AND version = ?");
    instrument.bind(1, campaign.instrument.id);
    instrument.bind(2, campaign.instrument.version.ToString());
    if (!instrument.executeStep()) {
      return Status::NotFound("instrument " + campaign.instrument.ToString() +
                              " has not been saved");
    }
    SQLite::Statement insert(
        *db_,
        "INSERT INTO campaigns (organisation_id, instrument_id, instrument_version, title, "
        "audience, opens_on, closes_on, anonymity_threshold, state, created_at, audience_size) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)");
    insert.bind(1, campaign.organisation_id);
    insert.bind(2, campaign.instrument.id);
    insert.bind(3, campaign.instrument.version.ToString());
    insert.bind(4, campaign.title);
    insert.bind(5, campaign.audience);
    insert.bind(6, campaign.opens_on);
    insert.bind(7, campaign.closes_on);
    insert.bind(8, campaign.anonymity_threshold);
    insert.bind(9, NowTimestamp());
    BindOptional(insert, 10, campaign.audience_size);
    insert.exec();
    Result<Campaign> created = ReadCampaign(db_->getLastInsertRowid());
    if (!created.ok()) return created;
    transaction.commit();
    return created;
  });
}

Result<Campaign> SqliteStore::GetCampaign(int64_t id) {
  std::lock_guard lock(mutex_);
  return Guarded("get campaign", [&]() { return ReadCampaign(id); });
}

Result<std::vector<Campaign>> SqliteStore::ListCampaigns(std::optional<int64_t> organisation_id) {
  std::lock_guard lock(mutex_);
  return Guarded("list campaigns", [&]() -> Result<std::vector<Campaign>> {
    std::string sql = kSelectCampaign;
    if (organisation_id) {
      if (Status found = RequireOrganisation(*organisation_id); !found.ok()) return found;
      sql += " WHERE c.organisation_id = ?";
    }
    sql += " ORDER BY c.created_at DESC, c.id DESC";
    SQLite::Statement query(*db_, sql);
    if (organisation_id) query.bind(1, *organisation_id);
    std::vector<Campaign> campaigns;
    while (query.executeStep()) {
      Result<Campaign> campaign = CampaignFromRow(query);
      if (!campaign.ok()) return campaign.status();
      campaigns.push_back(std::move(*campaign));
    }
    return campaigns;
  });
}

Result<Campaign> SqliteStore::SetCampaignState(int64_t id, CampaignState state) {
  std::lock_guard lock(mutex_);
  return Guarded("set campaign state", [&]() -> Result<Campaign> {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    Result<Campaign> campaign = ReadCampaign(id);
    if (!campaign.ok()) return campaign;
    if (campaign->state == state) {
      return Status::FailedPrecondition(CampaignName(id) + " is already " +
                                        std::string(ToString(state)));
    }
    if (!TransitionAllowed(campaign->state, state)) {
      return Status::FailedPrecondition(
          CampaignName(id) + " is " + std::string(ToString(campaign->state)) + " and cannot be " +
          (state == CampaignState::kDraft ? std::string("returned to draft")
                                          : "made " + std::string(ToString(state))));
    }
    SQLite::Statement update(*db_, "UPDATE campaigns SET state = ? WHERE id = ?");
    update.bind(1, std::string(ToString(state)));
    update.bind(2, id);
    update.exec();
    if (state == CampaignState::kClosed) {
      // The categories the campaign was answered with, kept with it from now on.
      SQLite::Statement freeze(*db_,
                               "INSERT INTO campaign_teams (campaign_id, team_id, slug, name) "
                               "SELECT ?, id, slug, name FROM teams WHERE organisation_id = ?");
      freeze.bind(1, id);
      freeze.bind(2, campaign->organisation_id);
      freeze.exec();
    }
    transaction.commit();
    campaign->state = state;
    return campaign;
  });
}

// Disclosure plans.

Status SqliteStore::SaveDisclosurePlan(int64_t campaign_id, const StoredPlan& plan) {
  std::lock_guard lock(mutex_);
  return Guarded("save disclosure plan", [&]() -> Status {
    if (Status found = RequireCampaign(campaign_id); !found.ok()) return found;
    SQLite::Statement save(
        *db_,
        "INSERT OR REPLACE INTO disclosure_plans (campaign_id, fingerprint, plan) "
        "VALUES (?, ?, ?)");
    save.bind(1, campaign_id);
    save.bind(2, plan.fingerprint);
    save.bind(3, plan.plan);
    save.exec();
    return Status::Ok();
  });
}

Result<StoredPlan> SqliteStore::LoadDisclosurePlan(int64_t campaign_id) {
  std::lock_guard lock(mutex_);
  return Guarded("load disclosure plan", [&]() -> Result<StoredPlan> {
    SQLite::Statement query(*db_,
                            "SELECT fingerprint, plan FROM disclosure_plans WHERE campaign_id = ?");
    query.bind(1, campaign_id);
    if (!query.executeStep()) {
      return Status::NotFound("no disclosure plan is kept for " + CampaignName(campaign_id));
    }
    return StoredPlan{query.getColumn(0).getString(), query.getColumn(1).getString()};
  });
}

Result<Campaign> SqliteStore::SetAudienceSize(int64_t id, std::optional<int64_t> audience_size) {
  if (Status s = CheckPositive(audience_size, "audience_size", "/audience_size"); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mutex_);
  return Guarded("set audience size", [&]() -> Result<Campaign> {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    Result<Campaign> campaign = ReadCampaign(id);
    if (!campaign.ok()) return campaign;
    if (campaign->state == CampaignState::kClosed) {
      return Status::FailedPrecondition(CampaignName(id) +
                                        " is closed: its audience size can no longer change");
    }
    SQLite::Statement update(*db_, "UPDATE campaigns SET audience_size = ? WHERE id = ?");
    BindOptional(update, 1, audience_size);
    update.bind(2, id);
    update.exec();
    transaction.commit();
    campaign->audience_size = audience_size;
    return campaign;
  });
}

// Audit log.

Status SqliteStore::AppendAudit(const std::string& actor, const std::string& action,
                                const std::string& subject, const nlohmann::json& details) {
  if (actor.empty()) return Status::InvalidArgument("audit actor is empty", "/actor");
  if (action.empty()) return Status::InvalidArgument("audit action is empty", "/action");
  Result<std::string> details_text =
      ToJsonText(details.is_null() ? nlohmann::json::object() : details, "audit details");
  if (!details_text.ok()) return details_text.status();
  std::lock_guard lock(mutex_);
  return Guarded("append audit entry", [&]() -> Status {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement insert(
        *db_, "INSERT INTO audit_log (at, actor, action, subject, details) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, NowTimestamp());
    insert.bind(2, actor);
    insert.bind(3, action);
    insert.bind(4, subject);
    insert.bind(5, *details_text);
    insert.exec();
    transaction.commit();
    return Status::Ok();
  });
}

Result<std::vector<AuditEntry>> SqliteStore::ListAudit(int limit) {
  if (limit <= 0) return Status::InvalidArgument("audit limit must be positive", "/limit");
  std::lock_guard lock(mutex_);
  return Guarded("list audit log", [&]() -> Result<std::vector<AuditEntry>> {
    SQLite::Statement query(*db_,
                            "SELECT id, at, actor, action, subject, details FROM audit_log "
                            "ORDER BY id DESC LIMIT ?");
    query.bind(1, limit);
    std::vector<AuditEntry> entries;
    while (query.executeStep()) {
      entries.push_back(AuditEntry{query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                                   query.getColumn(2).getString(), query.getColumn(3).getString(),
                                   query.getColumn(4).getString(),
                                   nlohmann::json::parse(query.getColumn(5).getString())});
    }
    return entries;
  });
}

}  // namespace tessera::engine
