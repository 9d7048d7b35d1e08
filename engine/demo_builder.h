// Builds the demo organisation in a store: teams, the instrument versions it uses, campaigns in
// their specified states and synthetic responses from the latent trait model. The description
// lives in data/demo/organisation.json (see engine/demo_spec.h for its fields).
#ifndef TESSERA_ENGINE_DEMO_BUILDER_H_
#define TESSERA_ENGINE_DEMO_BUILDER_H_

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/demo_spec.h"
#include "engine/records.h"
#include "engine/store.h"
#include "instruments/catalogue.h"
#include "instruments/status.h"

namespace tessera::engine {

struct DemoCampaignSummary {
  std::string key;  // the campaign's key in the spec
  int64_t id = 0;
  std::string title;
  CampaignState state = CampaignState::kDraft;
  int64_t responses = 0;
  // Unused personal links for new respondents: the tokens themselves, shown once (only their
  // hashes are stored).
  std::vector<std::string> link_tokens;
};

struct DemoSummary {
  int64_t organisation_id = 0;
  std::string organisation_name;
  std::vector<DemoCampaignSummary> campaigns;  // in the order of the spec
};

// The responses to import for one campaign: answers and grouping answers from the model,
// submission days spread over opens_on..responses_until (deterministic, from the model seed).
Result<std::vector<ImportedResponse>> DemoResponses(const DemoCampaign& campaign,
                                                    const instruments::Instrument& instrument,
                                                    const std::vector<std::string>& team_slugs);

// Creates everything the spec describes and audits each step as actor "demo". Generates and
// checks every campaign's responses before writing anything. kAlreadyExists when the store
// already holds an organisation of that name; kNotFound when the catalogue lacks an
// instrument version; kInvalidArgument for a spec that does not fit its instruments.
Status BuildDemo(Store& store, const instruments::Catalogue& catalogue,
                 const nlohmann::json& organisation_spec, DemoSummary* summary);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_DEMO_BUILDER_H_
