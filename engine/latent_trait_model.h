// Synthetic survey answers from a latent trait model, for the demo organisation.
//
// Each respondent belongs to one group (a team, a rater group, a partnership side...) and has a
// latent trait per dimension: trait = mean(group, dimension) + z, where the z are standard
// normal and correlated across dimensions through a shared general factor
// (z = sqrt(g) * G + sqrt(1 - g) * u). Each scored item then gets
//   round(midpoint + spread * (loading * trait + sqrt(1 - loading^2) * noise))
// clipped to the scale; reverse-keyed items are mirrored, so after recoding they agree with the
// rest of their scale. Answers go missing and "don't know" at configured rates, grouping
// questions are answered from the respondent's group (or "prefer not to say"), and a few
// respondents leave a short comment. The output depends on the seed alone.
#ifndef TESSERA_ENGINE_LATENT_TRAIT_MODEL_H_
#define TESSERA_ENGINE_LATENT_TRAIT_MODEL_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "instruments/instrument.h"
#include "instruments/status.h"

namespace tessera::engine {

// One possible answer to a grouping question and its weight; an empty value leaves the
// question unanswered.
struct WeightedValue {
  std::string value;
  double weight = 1;
};

// Grouping item id -> how the respondents of a group answer it.
using AnswerDistributions = std::map<std::string, std::vector<WeightedValue>>;

struct RespondentGroup {
  std::string value;  // the answer to the campaign's grouping item, e.g. a team slug
  int responses = 0;
  // Latent mean for a dimension = the model's dimension mean + shift + dimension_shifts[dim].
  double shift = 0;
  std::map<std::string, double> dimension_shifts;
  AnswerDistributions other_groupings;  // overrides the model's, item by item
};

struct ModelParameters {
  uint64_t seed = 1;
  std::string grouping_item;  // the item answered with the group's value
  std::vector<RespondentGroup> groups;
  std::map<std::string, double> dimension_means;  // latent units; 0 = the scale midpoint
  AnswerDistributions other_groupings;  // grouping items not listed here: uniform over values
  double loading = 0.72;                // each item's loading is drawn within +- loading_jitter
  double loading_jitter = 0.08;
  double general_factor = 0.35;  // share of a trait's variance owed to the general factor
  double spread = 1.1;           // scale points per latent standard deviation
  double missing_rate = 0.03;
  double dont_know_rate = 0.01;  // only on items that offer a dont_know code
  double prefer_not_to_say_rate = 0.05;
  double free_text_rate = 0.12;  // per text item
};

struct GeneratedResponse {
  std::string group;       // the value of the group the respondent was drawn for
  nlohmann::json answers;  // {"ITEM_ID": value}, missing answers absent
  nlohmann::json groups;   // the grouping answers alone
};

// The latent mean of `dimension` for `group` under `parameters`.
double LatentMean(const ModelParameters& parameters, const RespondentGroup& group,
                  const std::string& dimension);

// Generates every group's responses, group by group. `team_slugs` supplies the values of
// scales taken from "organisation.teams". Fails (kInvalidArgument) on parameters that do not
// fit the instrument: an unknown grouping item, a group value or weighted value the item does
// not offer, a rate outside [0, 1], a loading outside (0, 1).
Result<std::vector<GeneratedResponse>> GenerateResponses(const instruments::Instrument& instrument,
                                                         const std::vector<std::string>& team_slugs,
                                                         const ModelParameters& parameters);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_LATENT_TRAIT_MODEL_H_
