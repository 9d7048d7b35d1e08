// The store: everything Tessera keeps. Narrow on purpose, so a PostgreSQL implementation can
// follow without touching survey/, scoring/ or server/. Implementations are safe to call from
// several threads; expected failures come back as Status values.
#ifndef TESSERA_ENGINE_STORE_H_
#define TESSERA_ENGINE_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/records.h"
#include "instruments/status.h"

namespace tessera::engine {

class Store {
 public:
  virtual ~Store() = default;

  // Organisations and teams. Names are unique (case-insensitive); slugs unique per organisation.
  virtual Result<Organisation> CreateOrganisation(const std::string& name) = 0;
  virtual Result<std::vector<Organisation>> ListOrganisations() = 0;
  virtual Result<Organisation> GetOrganisation(int64_t id) = 0;
  virtual Result<Organisation> FindOrganisationByName(const std::string& name) = 0;
  virtual Result<Team> CreateTeam(int64_t organisation_id, const std::string& slug,
                                  const std::string& name) = 0;
  virtual Result<std::vector<Team>> ListTeams(int64_t organisation_id) = 0;
  // The teams a campaign's "team" question offers, ordered by slug: for a closed campaign the
  // organisation's teams as they were when it closed (recorded in the same transaction), so
  // that teams added later never change its results; otherwise the organisation's teams now.
  virtual Result<std::vector<Team>> CampaignTeams(int64_t campaign_id) = 0;
  // As CreateTeam, with the team's headcount (at least 1; nullopt: not declared).
  virtual Result<Team> CreateTeam(int64_t organisation_id, const std::string& slug,
                                  const std::string& name, std::optional<int64_t> headcount) = 0;
  // Declares (or, with nullopt, clears) a team's headcount; kNotFound for an unknown slug.
  virtual Result<Team> SetTeamHeadcount(int64_t organisation_id, const std::string& slug,
                                        std::optional<int64_t> headcount) = 0;

  // Instrument versions, copied in when a campaign first uses them. Saving the same ref again
  // with the same hash is a no-op; with a different hash it fails (kCorruption).
  virtual Status SaveInstrumentVersion(const InstrumentVersion& version) = 0;
  virtual Result<InstrumentVersion> GetInstrumentVersion(const instruments::InstrumentRef& ref) = 0;

  // Campaigns. The threshold must be at least kMinimumAnonymityThreshold; the instrument
  // version must have been saved. State moves draft -> open -> closed only.
  virtual Result<Campaign> CreateCampaign(const NewCampaign& campaign) = 0;
  virtual Result<Campaign> GetCampaign(int64_t id) = 0;
  // All campaigns, or one organisation's, newest first.
  virtual Result<std::vector<Campaign>> ListCampaigns(std::optional<int64_t> organisation_id) = 0;
  // Closing records the campaign's teams (CampaignTeams) in the same transaction.
  virtual Result<Campaign> SetCampaignState(int64_t id, CampaignState state) = 0;
  // Sets (or, with nullopt, removes) the campaign's audience size: the most responses it
  // accepts. At least 1; a closed campaign's cannot change (kFailedPrecondition).
  virtual Result<Campaign> SetAudienceSize(int64_t id, std::optional<int64_t> audience_size) = 0;

  // A released campaign's disclosure plan as the engine encodes it (engine/plan_codec.h), with
  // the fingerprint of what it was made for. Saving replaces; kNotFound when none is kept.
  virtual Status SaveDisclosurePlan(int64_t campaign_id, const StoredPlan& plan) = 0;
  virtual Result<StoredPlan> LoadDisclosurePlan(int64_t campaign_id) = 0;

  // Links: only token hashes are stored. Adding is all or nothing.
  virtual Status AddLinks(int64_t campaign_id, LinkKind kind,
                          const std::vector<std::string>& token_hashes) = 0;
  virtual Result<Link> FindLink(const std::string& token_hash) = 0;
  virtual Result<int64_t> CountLinks(int64_t campaign_id, LinkKind kind) = 0;
  // As AddLinks, and says which ids the links got (consecutive, in the order given), so that
  // the audit log can name the links that left the system.
  virtual Result<LinkIdRange> AddLinksWithIds(int64_t campaign_id, LinkKind kind,
                                              const std::vector<std::string>& token_hashes) = 0;
  // A personal link minted from the campaign's shared link (marked so, to count apart the
  // responses that came through it). Refused with kResourceExhausted once the campaign has as
  // many responses as its audience size.
  virtual Status AddMintedLink(int64_t campaign_id, const std::string& token_hash) = 0;
  // Links created, minted and used, and the response count, in one snapshot.
  virtual Result<LinkUsage> GetLinkUsage(int64_t campaign_id) = 0;

  // Drafts, one per personal link; saving replaces. The store keeps a draft as the caller
  // sealed it (survey/sealed_draft.h: under a key only the link's token gives) and never sees
  // its answers. `sealed` must not be empty.
  virtual Status SaveDraft(int64_t link_id, const std::string& sealed) = 0;
  // The sealed draft, or an empty string when the link has none.
  virtual Result<std::string> LoadDraft(int64_t link_id) = 0;

  // Group commit: one transaction for the whole batch; each submission succeeds or fails on
  // its own (savepoints). Per submission: Ok; kNotFound (unknown token); kGone (link used, or
  // campaign not open); kConflict (the same token twice in the batch); kResourceExhausted (the
  // campaign already has as many responses as its audience size, pointer empty, or the team
  // chosen as many as its headcount, pointer "/answers/<team item>"; counted with the batch's
  // earlier submissions, so no batch goes past either; the link stays unused). A successful one
  // inserts the response with a random id, marks a personal link used, deletes its draft and
  // records the receipt hash — all in the same commit. Returns one Status per submission;
  // if the commit itself fails, every entry carries that failure.
  virtual std::vector<Status> SubmitBatch(const std::vector<Submission>& batch) = 0;
  // All or nothing: either every response is stored or none is. A closed campaign's responses
  // never change (kFailedPrecondition): its results have been released. Imports obey the same
  // audience size and team headcounts as submissions (kResourceExhausted, nothing stored).
  virtual Status ImportResponses(int64_t campaign_id,
                                 const std::vector<ImportedResponse>& responses) = 0;
  // The campaign's response count, kept in the same transaction as every submission and
  // import (so it is cheap and always equals the rows stored).
  virtual Result<int64_t> CountResponses(int64_t campaign_id) = 0;
  // Streams the campaign's responses in storage (id) order as stored text; stops early when
  // `visit` is false.
  virtual Status ForEachResponseText(
      int64_t campaign_id, const std::function<bool(const StoredResponseText&)>& visit) = 0;
  // The same, each response parsed (kCorruption when its stored JSON is not valid).
  Status ForEachResponse(int64_t campaign_id,
                         const std::function<bool(const StoredResponse&)>& visit);
  virtual Result<bool> ReceiptExists(const std::string& receipt_hash) = 0;

  // Background housekeeping the server runs every few hundred milliseconds, away from the
  // request and commit paths (SQLite: a passive WAL checkpoint, then, when it copied every
  // frame and nothing was committed since the previous call, an attempt to truncate the WAL to
  // nothing that gives up at once if a reader or writer is busy). Never waits for writers.
  virtual Status Checkpoint() = 0;

  // Users, memberships and sessions (schema version 5). Emails are unique, case-insensitive.
  // The store keeps only password hashes and session id hashes; it never sees a password.
  virtual Result<User> CreateUser(const std::string& email, const std::string& password_hash) = 0;
  virtual Result<User> FindUserByEmail(const std::string& email) = 0;
  virtual Result<User> GetUser(int64_t id) = 0;
  // Every user, ordered by email.
  virtual Result<std::vector<User>> ListUsers() = 0;
  virtual Status SetPasswordHash(int64_t user_id, const std::string& password_hash) = 0;
  // Deletes the user with their memberships and sessions.
  virtual Status DeleteUser(int64_t user_id) = 0;
  // Gives the user `role` ("admin", "manager" or "evaluator") in the organisation, replacing
  // any role they had there.
  virtual Status SetMembership(int64_t user_id, int64_t organisation_id,
                               const std::string& role) = 0;
  // kNotFound when the user has no role in the organisation.
  virtual Status RemoveMembership(int64_t user_id, int64_t organisation_id) = 0;
  // One user's roles, ordered by organisation name.
  virtual Result<std::vector<UserMembership>> UserMemberships(int64_t user_id) = 0;
  // Every role, or one organisation's, ordered by email then organisation name.
  virtual Result<std::vector<UserMembership>> ListMemberships(
      std::optional<int64_t> organisation_id) = 0;

  virtual Status CreateSession(const SessionRecord& session) = 0;
  // The session with its user and roles; kNotFound when there is none.
  virtual Result<SessionWithUser> FindSession(const std::string& id_hash) = 0;
  virtual Status TouchSession(const std::string& id_hash, int64_t last_seen_at) = 0;
  // Deleting a session that does not exist is not an error.
  virtual Status DeleteSession(const std::string& id_hash) = 0;
  virtual Status DeleteUserSessions(int64_t user_id) = 0;
  // Deletes sessions last seen before `idle_before` or created before `created_before`;
  // returns how many.
  virtual Result<int64_t> PurgeSessions(int64_t idle_before, int64_t created_before) = 0;

  // Flags of bursts of near-identical responses (engine/burst_detector.h). Recording keeps the
  // largest count per campaign, grouping answer and day. Listed by day, newest first.
  virtual Status RecordBurstFlag(const BurstFlag& flag) = 0;
  virtual Result<std::vector<BurstFlag>> ListBurstFlags(int64_t campaign_id) = 0;

  // Audit log of administrative actions.
  virtual Status AppendAudit(const std::string& actor, const std::string& action,
                             const std::string& subject, const nlohmann::json& details) = 0;
  virtual Result<std::vector<AuditEntry>> ListAudit(int limit) = 0;
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_STORE_H_
