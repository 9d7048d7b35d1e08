#include "engine/latent_trait_model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <utility>

#include "engine/deterministic_random.h"

namespace tessera::engine {
namespace {

using instruments::CodeMeaning;
using instruments::Instrument;
using instruments::Item;
using instruments::ItemType;
using instruments::ResponseScale;

// Neutral comments of the kind staff and partners leave; no names, places or personal details.
constexpr std::array<std::string_view, 16> kComments = {
    "More time in team meetings to share what is working with different communities would help.",
    "Interpreting is easier to book than it was, but short-notice requests are still hard.",
    "Training on working with interpreters was useful; a refresher would be welcome.",
    "We could ask community groups earlier, before plans are already fixed.",
    "Partners often find out about funding decisions late.",
    "The new intake form is better at recording the languages people speak.",
    "It would help to have clearer guidance on who to contact in partner organisations.",
    "Some outreach work depends on a few people; it should be shared more widely.",
    "Feedback from service users is collected but we rarely hear what changed as a result.",
    "Joint planning days with partners were valuable and should happen every year.",
    "Volunteers would like to be included in training alongside staff.",
    "Meeting times and places do not always suit people from smaller groups.",
    "Good progress this year, especially in how we welcome newly arrived families.",
    "Translated materials are out of date in some languages.",
    "Decisions about shared budgets should be made together, not reported afterwards.",
    "No further comments.",
};

struct ItemPlan {
  const Item* item = nullptr;
  const ResponseScale* scale = nullptr;
  double loading = 0;
  size_t dimension_index = 0;
  std::string dont_know_code;          // empty when the item offers none
  std::string prefer_not_to_say_code;  // empty when the item offers none
  std::vector<std::string> values;     // choice items: the values on offer
};

bool Offers(const Item& item, const std::string& code) {
  if (!item.codes) return true;
  return std::find(item.codes->begin(), item.codes->end(), code) != item.codes->end();
}

std::string OfferedCode(const Item& item, const ResponseScale& scale, CodeMeaning meaning) {
  for (const auto& code : scale.codes) {
    if (code.meaning == meaning && Offers(item, code.code)) return code.code;
  }
  return {};
}

std::vector<std::string> ChoiceValues(const ResponseScale& scale,
                                      const std::vector<std::string>& team_slugs) {
  if (scale.values_from == "organisation.teams") return team_slugs;
  std::vector<std::string> values;
  for (const auto& value : scale.values) {
    values.push_back(scale.ordered() ? std::to_string(value.number) : value.code);
  }
  return values;
}

bool ValidRate(double rate) { return rate >= 0 && rate <= 1; }

Status CheckDistribution(const ItemPlan& plan, const std::vector<WeightedValue>& distribution,
                         const std::string& where) {
  for (const auto& choice : distribution) {
    if (choice.value.empty() || choice.value == plan.prefer_not_to_say_code) continue;
    if (std::find(plan.values.begin(), plan.values.end(), choice.value) == plan.values.end()) {
      return Status::InvalidArgument(where + ": \"" + choice.value + "\" is not a value of item " +
                                     plan.item->id);
    }
  }
  return Status::Ok();
}

nlohmann::json ChoiceAnswer(const ItemPlan& plan, const std::string& value) {
  if (plan.scale->ordered() && value != plan.prefer_not_to_say_code) return std::stoi(value);
  return value;
}

// The nearest value of an ordinal scale to `x`, rounding half up.
int NearestValue(const ResponseScale& scale, double x) {
  const double rounded = std::floor(x + 0.5);
  int best = scale.values.front().number;
  double best_distance = std::abs(rounded - best);
  for (const auto& value : scale.values) {
    const double distance = std::abs(rounded - value.number);
    if (distance < best_distance) {
      best = value.number;
      best_distance = distance;
    }
  }
  return best;
}

class Generator {
 public:
  Generator(const Instrument& instrument, const std::vector<std::string>& team_slugs,
            const ModelParameters& parameters)
      : instrument_(instrument), team_slugs_(team_slugs), parameters_(parameters) {}

  Status Plan();
  std::vector<GeneratedResponse> Run();

 private:
  Status CheckParameters() const;
  GeneratedResponse Respond(const RespondentGroup& group, DeterministicRandom& random) const;
  const std::vector<WeightedValue>* DistributionFor(const RespondentGroup& group,
                                                    const std::string& item_id) const;

  const Instrument& instrument_;
  const std::vector<std::string>& team_slugs_;
  const ModelParameters& parameters_;
  std::vector<std::string> dimensions_;
  std::vector<ItemPlan> plans_;
};

Status Generator::CheckParameters() const {
  const auto& p = parameters_;
  if (!ValidRate(p.missing_rate) || !ValidRate(p.dont_know_rate) ||
      !ValidRate(p.prefer_not_to_say_rate) || !ValidRate(p.free_text_rate) ||
      !ValidRate(p.general_factor)) {
    return Status::InvalidArgument("rates and the general factor share must lie in [0, 1]");
  }
  if (p.loading - p.loading_jitter <= 0 || p.loading + p.loading_jitter >= 1 ||
      p.loading_jitter < 0) {
    return Status::InvalidArgument("item loadings must lie strictly between 0 and 1");
  }
  if (!(p.spread > 0)) return Status::InvalidArgument("spread must be positive");
  auto known_dimension = [&](const std::string& id) {
    return instrument_.FindDimension(id) != nullptr;
  };
  for (const auto& [dimension, mean] : p.dimension_means) {
    if (!known_dimension(dimension)) {
      return Status::InvalidArgument("unknown dimension \"" + dimension + "\" in " +
                                     instrument_.ref().ToString());
    }
  }
  for (const auto& group : p.groups) {
    if (group.responses < 0) return Status::InvalidArgument("negative response count");
    for (const auto& [dimension, shift] : group.dimension_shifts) {
      if (!known_dimension(dimension)) {
        return Status::InvalidArgument("group \"" + group.value + "\": unknown dimension \"" +
                                       dimension + "\"");
      }
    }
  }
  return Status::Ok();
}

Status Generator::Plan() {
  if (Status status = CheckParameters(); !status.ok()) return status;
  for (const auto& dimension : instrument_.dimensions) dimensions_.push_back(dimension.id);

  DeterministicRandom loadings(MixSeed(parameters_.seed, 0));
  bool found_grouping_item = false;
  for (const Item* item : instrument_.Items()) {
    ItemPlan plan;
    plan.item = item;
    if (!item->scale.empty()) plan.scale = instrument_.FindScale(item->scale);
    if (item->scored() && plan.scale != nullptr && !plan.scale->values.empty()) {
      plan.loading =
          parameters_.loading + parameters_.loading_jitter * (2 * loadings.Uniform() - 1);
      auto at = std::find(dimensions_.begin(), dimensions_.end(), item->dimension);
      plan.dimension_index = static_cast<size_t>(at - dimensions_.begin());
      plan.dont_know_code = OfferedCode(*item, *plan.scale, CodeMeaning::kDontKnow);
    } else if (item->type == ItemType::kSingleChoice && plan.scale != nullptr) {
      plan.values = ChoiceValues(*plan.scale, team_slugs_);
      plan.prefer_not_to_say_code = OfferedCode(*item, *plan.scale, CodeMeaning::kPreferNotToSay);
      if (item->id == parameters_.grouping_item) found_grouping_item = true;
    } else if (item->type != ItemType::kText) {
      continue;  // multiple choice and number items are left unanswered
    }
    plans_.push_back(std::move(plan));
  }
  if (!found_grouping_item) {
    return Status::InvalidArgument("\"" + parameters_.grouping_item +
                                   "\" is not a choice item of " + instrument_.ref().ToString());
  }
  for (const auto& plan : plans_) {
    if (plan.item->type != ItemType::kSingleChoice) continue;
    if (auto it = parameters_.other_groupings.find(plan.item->id);
        it != parameters_.other_groupings.end()) {
      if (Status s = CheckDistribution(plan, it->second, "model"); !s.ok()) return s;
    }
    for (const auto& group : parameters_.groups) {
      if (plan.item->id == parameters_.grouping_item &&
          std::find(plan.values.begin(), plan.values.end(), group.value) == plan.values.end()) {
        return Status::InvalidArgument("group \"" + group.value + "\" is not a value of item " +
                                       plan.item->id);
      }
      if (auto it = group.other_groupings.find(plan.item->id); it != group.other_groupings.end()) {
        if (Status s = CheckDistribution(plan, it->second, "group " + group.value); !s.ok()) {
          return s;
        }
      }
    }
  }
  for (const auto& [item_id, distribution] : parameters_.other_groupings) {
    if (instrument_.FindItem(item_id) == nullptr) {
      return Status::InvalidArgument("unknown item \"" + item_id + "\" in the model");
    }
  }
  return Status::Ok();
}

const std::vector<WeightedValue>* Generator::DistributionFor(const RespondentGroup& group,
                                                             const std::string& item_id) const {
  if (auto it = group.other_groupings.find(item_id); it != group.other_groupings.end()) {
    return &it->second;
  }
  if (auto it = parameters_.other_groupings.find(item_id);
      it != parameters_.other_groupings.end()) {
    return &it->second;
  }
  return nullptr;
}

GeneratedResponse Generator::Respond(const RespondentGroup& group,
                                     DeterministicRandom& random) const {
  const auto& p = parameters_;
  std::vector<double> traits(dimensions_.size());
  const double general = random.Normal();
  for (size_t d = 0; d < dimensions_.size(); ++d) {
    const double z =
        std::sqrt(p.general_factor) * general + std::sqrt(1 - p.general_factor) * random.Normal();
    traits[d] = LatentMean(p, group, dimensions_[d]) + z;
  }

  GeneratedResponse response;
  response.group = group.value;
  response.answers = nlohmann::json::object();
  response.groups = nlohmann::json::object();
  for (const auto& plan : plans_) {
    const Item& item = *plan.item;
    if (item.type == ItemType::kText) {
      if (random.Chance(p.free_text_rate)) {
        std::string_view comment = kComments[random.Below(kComments.size())];
        if (comment.size() <= static_cast<size_t>(item.max_length)) {
          response.answers[item.id] = std::string(comment);
        }
      }
      continue;
    }
    if (item.type == ItemType::kSingleChoice) {
      std::string value;
      if (!plan.prefer_not_to_say_code.empty() && random.Chance(p.prefer_not_to_say_rate)) {
        value = plan.prefer_not_to_say_code;
      } else if (item.id == p.grouping_item) {
        value = group.value;
      } else if (const auto* distribution = DistributionFor(group, item.id)) {
        std::vector<double> weights;
        for (const auto& choice : *distribution) weights.push_back(choice.weight);
        if (!weights.empty()) value = (*distribution)[random.Pick(weights)].value;
      } else if (!plan.values.empty()) {
        value = plan.values[random.Below(plan.values.size())];
      }
      if (value.empty()) continue;
      response.answers[item.id] = ChoiceAnswer(plan, value);
      if (item.grouping != instruments::Grouping::kNone) {
        response.groups[item.id] = response.answers[item.id];
      }
      continue;
    }
    // A scored scale item.
    if (random.Chance(p.missing_rate)) continue;
    if (!plan.dont_know_code.empty() && random.Chance(p.dont_know_rate)) {
      response.answers[item.id] = plan.dont_know_code;
      continue;
    }
    const ResponseScale& scale = *plan.scale;
    const double midpoint = (scale.min() + scale.max()) / 2.0;
    const double signal = plan.loading * traits[plan.dimension_index] +
                          std::sqrt(1 - plan.loading * plan.loading) * random.Normal();
    int value = NearestValue(scale, midpoint + p.spread * signal);
    if (item.reverse) value = NearestValue(scale, scale.min() + scale.max() - value);
    response.answers[item.id] = value;
  }
  return response;
}

std::vector<GeneratedResponse> Generator::Run() {
  DeterministicRandom random(MixSeed(parameters_.seed, 1));
  std::vector<GeneratedResponse> responses;
  for (const auto& group : parameters_.groups) {
    for (int i = 0; i < group.responses; ++i) responses.push_back(Respond(group, random));
  }
  return responses;
}

}  // namespace

double LatentMean(const ModelParameters& parameters, const RespondentGroup& group,
                  const std::string& dimension) {
  double mean = group.shift;
  if (auto it = parameters.dimension_means.find(dimension);
      it != parameters.dimension_means.end()) {
    mean += it->second;
  }
  if (auto it = group.dimension_shifts.find(dimension); it != group.dimension_shifts.end()) {
    mean += it->second;
  }
  return mean;
}

Result<std::vector<GeneratedResponse>> GenerateResponses(const instruments::Instrument& instrument,
                                                         const std::vector<std::string>& team_slugs,
                                                         const ModelParameters& parameters) {
  Generator generator(instrument, team_slugs, parameters);
  if (Status status = generator.Plan(); !status.ok()) return status;
  return generator.Run();
}

}  // namespace tessera::engine
