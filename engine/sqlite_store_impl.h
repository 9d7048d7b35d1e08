// The SQLite implementation of Store, shared by the sqlite_*.cc files. Internal to engine/:
// everything else opens it through OpenSqliteStore().
#ifndef TESSERA_ENGINE_SQLITE_STORE_IMPL_H_
#define TESSERA_ENGINE_SQLITE_STORE_IMPL_H_

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/sqlite_store.h"
#include "engine/store.h"

namespace tessera::engine {

// A response ready to store: its JSON already written.
struct ResponseText {
  std::string answers;
  std::string groups;
  std::string submitted_on;
};

// What a batch of submissions (or an import) counts against the ceilings: each campaign's
// audience size and each team's headcount, read once inside the transaction, and how many
// responses the batch has stored so far against each.
struct CeilingCounts {
  struct Count {
    std::optional<int64_t> limit;  // none: no ceiling
    int64_t stored = 0;            // responses already stored before the batch
    int64_t added = 0;             // stored by the batch so far
  };
  std::map<int64_t, Count> campaigns;
  std::map<std::pair<int64_t, std::string>, Count> teams;  // (campaign, team slug)
};

// A campaign as the ceilings see it.
struct CampaignCeiling {
  int64_t id = 0;
  int64_t organisation_id = 0;
  std::optional<int64_t> audience_size;
  int64_t response_count = 0;
};

class SqliteStore final : public Store {
 public:
  // `db` must already be configured and migrated; `busy_timeout_ms` is its busy timeout.
  SqliteStore(std::unique_ptr<SQLite::Database> db, int busy_timeout_ms);
  ~SqliteStore() override;

  Status Checkpoint() override;
  Result<Organisation> CreateOrganisation(const std::string& name) override;
  Result<std::vector<Organisation>> ListOrganisations() override;
  Result<Organisation> GetOrganisation(int64_t id) override;
  Result<Organisation> FindOrganisationByName(const std::string& name) override;
  Result<Team> CreateTeam(int64_t organisation_id, const std::string& slug,
                          const std::string& name) override;
  Result<std::vector<Team>> ListTeams(int64_t organisation_id) override;
  Result<std::vector<Team>> CampaignTeams(int64_t campaign_id) override;
  Result<Team> CreateTeam(int64_t organisation_id, const std::string& slug, const std::string& name,
                          std::optional<int64_t> headcount) override;
  Result<Team> SetTeamHeadcount(int64_t organisation_id, const std::string& slug,
                                std::optional<int64_t> headcount) override;

  Status SaveInstrumentVersion(const InstrumentVersion& version) override;
  Result<InstrumentVersion> GetInstrumentVersion(const instruments::InstrumentRef& ref) override;

  Result<Campaign> CreateCampaign(const NewCampaign& campaign) override;
  Result<Campaign> GetCampaign(int64_t id) override;
  Result<std::vector<Campaign>> ListCampaigns(std::optional<int64_t> organisation_id) override;
  Result<Campaign> SetCampaignState(int64_t id, CampaignState state) override;
  Status SaveDisclosurePlan(int64_t campaign_id, const StoredPlan& plan) override;
  Result<StoredPlan> LoadDisclosurePlan(int64_t campaign_id) override;
  Result<Campaign> SetAudienceSize(int64_t id, std::optional<int64_t> audience_size) override;

  Status AddLinks(int64_t campaign_id, LinkKind kind,
                  const std::vector<std::string>& token_hashes) override;
  Result<Link> FindLink(const std::string& token_hash) override;
  Result<int64_t> CountLinks(int64_t campaign_id, LinkKind kind) override;
  Result<LinkIdRange> AddLinksWithIds(int64_t campaign_id, LinkKind kind,
                                      const std::vector<std::string>& token_hashes) override;
  Status AddMintedLink(int64_t campaign_id, const std::string& token_hash) override;
  Result<LinkUsage> GetLinkUsage(int64_t campaign_id) override;

  Status SaveDraft(int64_t link_id, const std::string& sealed) override;
  Result<std::string> LoadDraft(int64_t link_id) override;

  std::vector<Status> SubmitBatch(const std::vector<Submission>& batch) override;
  Status ImportResponses(int64_t campaign_id,
                         const std::vector<ImportedResponse>& responses) override;
  Result<int64_t> CountResponses(int64_t campaign_id) override;
  Status ForEachResponseText(int64_t campaign_id,
                             const std::function<bool(const StoredResponseText&)>& visit) override;
  Result<bool> ReceiptExists(const std::string& receipt_hash) override;

  Result<User> CreateUser(const std::string& email, const std::string& password_hash) override;
  Result<User> FindUserByEmail(const std::string& email) override;
  Result<User> GetUser(int64_t id) override;
  Result<std::vector<User>> ListUsers() override;
  Status SetPasswordHash(int64_t user_id, const std::string& password_hash) override;
  Status DeleteUser(int64_t user_id) override;
  Status SetMembership(int64_t user_id, int64_t organisation_id, const std::string& role) override;
  Status RemoveMembership(int64_t user_id, int64_t organisation_id) override;
  Result<std::vector<UserMembership>> UserMemberships(int64_t user_id) override;
  Result<std::vector<UserMembership>> ListMemberships(
      std::optional<int64_t> organisation_id) override;
  Status CreateSession(const SessionRecord& session) override;
  Result<SessionWithUser> FindSession(const std::string& id_hash) override;
  Status TouchSession(const std::string& id_hash, int64_t last_seen_at) override;
  Status DeleteSession(const std::string& id_hash) override;
  Status DeleteUserSessions(int64_t user_id) override;
  Result<int64_t> PurgeSessions(int64_t idle_before, int64_t created_before) override;

  Status RecordBurstFlag(const BurstFlag& flag) override;
  Result<std::vector<BurstFlag>> ListBurstFlags(int64_t campaign_id) override;

  Status AppendAudit(const std::string& actor, const std::string& action,
                     const std::string& subject, const nlohmann::json& details) override;
  Result<std::vector<AuditEntry>> ListAudit(int limit) override;

 private:
  // A statement prepared once per connection and reused; reset it with StatementReset.
  SQLite::Statement& Cached(std::unique_ptr<SQLite::Statement>& slot, const char* sql);

  // Callers hold mutex_ and run inside Guarded().
  Result<Organisation> ReadOrganisation(int64_t id);
  Result<Campaign> ReadCampaign(int64_t id);
  Status RequireCampaign(int64_t campaign_id);
  Status RequireOrganisation(int64_t organisation_id);
  std::vector<Team> ReadTeams(int64_t organisation_id);
  // Inserts one response under a fresh random id, retrying on the (unlikely) collision.
  void InsertResponse(int64_t campaign_id, const ResponseText& response);
  // One submission inside the batch transaction, in its own savepoint, counted against the
  // ceilings in `counts` (and added to them when stored).
  Status SubmitOne(const Submission& submission, CeilingCounts* counts);
  // campaigns.response_count += count (schema version 4), inside the caller's transaction.
  void AddToResponseCount(int64_t campaign_id, int64_t count);
  // The item id of the campaign's team question (its instrument's first item with grouping
  // "team"), or empty; cached, as a campaign's instrument never changes.
  const std::string& TeamItemOf(int64_t campaign_id);
  // Checks one more response with `groups` against the campaign's audience size and its team's
  // headcount, counting what `counts` holds; kResourceExhausted when either is reached (with
  // respondent wording, or an administrator's with the figures when `import`). On success
  // `*taken` holds the counts to add the response to once it is stored.
  Status CheckCeilings(const CampaignCeiling& campaign, const nlohmann::json& groups,
                       CeilingCounts* counts, bool import,
                       std::vector<CeilingCounts::Count*>* taken);
  // Writes what a batch or import added: response counts and team counts.
  void ApplyCeilingCounts(const CeilingCounts& counts);
  // Users (sqlite_users.cc).
  Result<User> ReadUser(int64_t id);
  Status RequireUser(int64_t user_id);

  // Recursive so that a ForEachResponse visitor may call back into the store.
  std::recursive_mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
  const int busy_timeout_ms_;
  int last_log_frames_ = -1;  // WAL frames seen by the previous Checkpoint()
  // Declared after db_ so they are finalised before the connection closes.
  std::unique_ptr<SQLite::Statement> find_link_;
  std::unique_ptr<SQLite::Statement> link_usage_;   // read by every campaign listing
  std::unique_ptr<SQLite::Statement> burst_flags_;  // likewise
  std::unique_ptr<SQLite::Statement> submit_lookup_;
  std::unique_ptr<SQLite::Statement> insert_response_;
  std::unique_ptr<SQLite::Statement> mark_link_used_;
  std::unique_ptr<SQLite::Statement> delete_draft_;
  std::unique_ptr<SQLite::Statement> insert_receipt_;
  std::unique_ptr<SQLite::Statement> add_response_count_;
  std::unique_ptr<SQLite::Statement> savepoint_;
  std::unique_ptr<SQLite::Statement> release_;
  std::unique_ptr<SQLite::Statement> find_session_;  // sqlite_users.cc
  std::unique_ptr<SQLite::Statement> touch_session_;
  std::unique_ptr<SQLite::Statement> team_ceiling_;
  std::map<int64_t, std::string> team_items_;  // TeamItemOf's cache
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_SQLITE_STORE_IMPL_H_
