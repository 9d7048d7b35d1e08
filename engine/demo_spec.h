// The demo organisation described as data (data/demo/organisation.json): its teams, its
// campaigns and the latent trait model behind each campaign's synthetic responses.
#ifndef TESSERA_ENGINE_DEMO_SPEC_H_
#define TESSERA_ENGINE_DEMO_SPEC_H_

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/latent_trait_model.h"
#include "engine/records.h"
#include "instruments/status.h"
#include "instruments/version.h"

namespace tessera::engine {

struct DemoTeam {
  std::string slug;
  std::string name;
  int size = 0;
};

struct DemoCampaign {
  std::string key;  // stable name within the spec, e.g. "staff-attitudes-2025"
  std::string title;
  std::string audience;
  instruments::InstrumentRef instrument;
  CampaignState state = CampaignState::kDraft;
  std::string opens_on;
  std::string closes_on;
  std::string responses_until;  // last submission day; defaults to closes_on
  int anonymity_threshold = kDefaultAnonymityThreshold;
  int personal_links = 0;  // unused links added for new respondents
  ModelParameters model;   // seed derived from the spec's seed and the campaign's position
};

struct DemoSpec {
  uint64_t seed = 0;
  std::string organisation_name;
  std::vector<DemoTeam> teams;
  std::vector<DemoCampaign> campaigns;
};

// Reads and parses a JSON file; kIoError when unreadable, kInvalidArgument when not JSON.
Result<nlohmann::json> LoadDemoSpec(const std::filesystem::path& path);

// Checks the spec's shape and fills the records; kInvalidArgument with a JSON pointer to the
// first problem. Instrument-specific checks (items, dimensions) happen when generating.
Result<DemoSpec> ParseDemoSpec(const nlohmann::json& spec);

// Days since 1970-01-01 for a valid "YYYY-MM-DD" date, and back.
std::optional<int64_t> DaysFromDate(const std::string& date);
std::string DateFromDays(int64_t days);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_DEMO_SPEC_H_
