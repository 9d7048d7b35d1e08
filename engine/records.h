// Plain records the store reads and writes. Ids are 64-bit integers; dates are "YYYY-MM-DD"
// and timestamps "YYYY-MM-DDTHH:MM:SSZ" (UTC).
#ifndef TESSERA_ENGINE_RECORDS_H_
#define TESSERA_ENGINE_RECORDS_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

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
};

struct NewCampaign {
  int64_t organisation_id = 0;
  instruments::InstrumentRef instrument;
  std::string title;
  std::string audience;
  std::string opens_on;
  std::string closes_on;
  int anonymity_threshold = kDefaultAnonymityThreshold;
};

enum class LinkKind { kPersonal, kOpen };
std::string_view ToString(LinkKind kind);

struct Link {
  int64_t id = 0;
  int64_t campaign_id = 0;
  LinkKind kind = LinkKind::kPersonal;
  bool used = false;
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

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_RECORDS_H_
