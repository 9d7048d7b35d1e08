// Plain records the store reads and writes. Ids are 64-bit integers; dates are "YYYY-MM-DD"
// and timestamps "YYYY-MM-DDTHH:MM:SSZ" (UTC).
#ifndef TESSERA_ENGINE_RECORDS_H_
#define TESSERA_ENGINE_RECORDS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "instruments/version.h"

namespace tessera::engine {

struct Organisation {
  int64_t id = 0;
  std::string name;
  std::string created_at;
};

struct Team {
  int64_t id = 0;
  int64_t organisation_id = 0;
  std::string slug;  // stored in answers to the "team" grouping question
  std::string name;
  // How many people the team has, when declared: no campaign accepts more responses that chose
  // this team (schema version 8).
  std::optional<int64_t> headcount;
};

enum class CampaignState { kDraft, kOpen, kClosed };
std::string_view ToString(CampaignState state);
std::optional<CampaignState> ParseCampaignState(std::string_view text);

inline constexpr int kDefaultAnonymityThreshold = 5;
inline constexpr int kMinimumAnonymityThreshold = 3;

struct Campaign {
  int64_t id = 0;
  int64_t organisation_id = 0;
  instruments::InstrumentRef instrument;
  std::string instrument_hash;
  std::string title;
  std::string audience;   // who is asked, e.g. "staff"; free text shown to managers
  std::string opens_on;   // empty: opens when opened
  std::string closes_on;  // empty: open until closed
  int anonymity_threshold = kDefaultAnonymityThreshold;
  CampaignState state = CampaignState::kDraft;
  std::string created_at;
  // The most responses the campaign accepts (how many people it was sent to); none when unset
  // (schema version 8).
  std::optional<int64_t> audience_size;
};

struct NewCampaign {
  int64_t organisation_id = 0;
  instruments::InstrumentRef instrument;
  std::string title;
  std::string audience;
  std::string opens_on;
  std::string closes_on;
  int anonymity_threshold = kDefaultAnonymityThreshold;
  std::optional<int64_t> audience_size;  // at least 1 when set
};

enum class LinkKind { kPersonal, kOpen };
std::string_view ToString(LinkKind kind);

struct Link {
  int64_t id = 0;
  int64_t campaign_id = 0;
  LinkKind kind = LinkKind::kPersonal;
  bool used = false;
};

// A disclosure plan as kept in the store: the fingerprint of the statistics, categories and
// threshold it was made for, and the plan's text.
struct StoredPlan {
  std::string fingerprint;
  std::string plan;
};

// How a campaign's links have been used, read in one snapshot with its response count. Links
// minted from the shared (open) link are counted apart from the personal links administrators
// created; nothing records which response came through which link.
struct LinkUsage {
  int64_t created = 0;      // personal links created by administrators (tessera links create)
  int64_t minted = 0;       // personal links minted from the shared link
  int64_t minted_used = 0;  // of those, used: the responses that came through the shared link
  int64_t responses = 0;    // the campaign's responses (submitted and imported)
};

// Consecutive link ids given to one batch of links (first..last, count of them).
struct LinkIdRange {
  int64_t first = 0;
  int64_t last = 0;
  int64_t count = 0;
};

// Several near-identical responses with the same grouping answer arrived in one campaign within
// a short time (engine/burst_detector.h). The flag names no response: only the campaign, the
// grouping question and answer, the day and how many there were at most.
struct BurstFlag {
  int64_t campaign_id = 0;
  std::string grouping;  // the grouping question's item id; empty: no grouping answer at all
  std::string group;     // the answer ("youth"; other than a string, its JSON); empty then too
  std::string day;       // YYYY-MM-DD (UTC)
  int64_t responses = 0;
};

// A stored instrument version: the document exactly as published and its content hash.
struct InstrumentVersion {
  instruments::InstrumentRef ref;
  std::string hash;
  std::string document;  // JSON text
};

// A response as stored: no token, link, address, agent or time of day.
struct StoredResponse {
  int64_t id = 0;  // random; neither its value nor the storage order follows submission order
  int64_t campaign_id = 0;
  nlohmann::json answers;    // {"ITEM_ID": value}
  nlohmann::json groups;     // the grouping answers alone, {"team": "youth", "role": "pnts"}
  std::string submitted_on;  // day only
};

// The same, as stored: the JSON text of the answers and grouping answers, valid only during the
// visit it is handed to. What a full scan reads, so that it need not build a JSON tree per row.
struct StoredResponseText {
  int64_t id = 0;
  int64_t campaign_id = 0;
  std::string_view answers;
  std::string_view groups;
  std::string_view submitted_on;
};

// One submission handed to the store's group commit.
struct Submission {
  std::string token_hash;
  nlohmann::json answers;  // already validated against the campaign's instrument
  nlohmann::json groups;
  std::string receipt_hash;  // hash of the receipt code given to the respondent
  std::string submitted_on;  // day only
  int64_t campaign_id = 0;   // the link's campaign as the intake resolved it (for observers)
};

// A response from paper or another system, imported by an administrator.
struct ImportedResponse {
  nlohmann::json answers;
  nlohmann::json groups;
  std::string submitted_on;
};

struct AuditEntry {
  int64_t id = 0;
  std::string at;       // timestamp
  std::string actor;    // "cli:<user>" or an account email
  std::string action;   // e.g. "campaign.open"
  std::string subject;  // e.g. "campaign:7"
  nlohmann::json details;
};

// A user account. The email is unique, compared case-insensitively; the password is kept only
// as an argon2id hash string (made and checked by server/auth).
struct User {
  int64_t id = 0;
  std::string email;
  std::string password_hash;
  std::string created_at;  // timestamp
};

// One user's role in one organisation ("admin", "manager" or "evaluator"); a user has at most
// one role per organisation and may have roles in several.
struct UserMembership {
  int64_t user_id = 0;
  std::string email;
  int64_t organisation_id = 0;
  std::string organisation_name;
  std::string role;
};

// A sign-in session. Only a hash of the session id is stored; times are Unix seconds so the
// server can compare them with its (injectable) clock.
struct SessionRecord {
  std::string id_hash;  // lower-case hex SHA-256 of the session id
  int64_t user_id = 0;
  std::string csrf_token;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
};

// A session found by its id hash, with its user's email and roles (one indexed lookup).
struct SessionWithUser {
  SessionRecord session;
  std::string email;
  std::vector<UserMembership> memberships;  // ordered by organisation name
};

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_RECORDS_H_
