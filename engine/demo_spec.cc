#include "engine/demo_spec.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <utility>

#include "engine/deterministic_random.h"

namespace tessera::engine {
namespace {

using nlohmann::json;

constexpr std::array<const char*, 9> kModelNumbers = {
    "missing_rate",   "dont_know_rate", "prefer_not_to_say_rate",
    "free_text_rate", "loading",        "loading_jitter",
    "general_factor", "spread",         "anonymity_threshold"};

// Reads fields and keeps the first problem found, with its JSON pointer.
class SpecReader {
 public:
  const Status& status() const { return status_; }
  bool ok() const { return status_.ok(); }

  void Fail(const std::string& pointer, const std::string& message) {
    if (status_.ok()) status_ = Status::InvalidArgument(message, pointer);
  }

  const json* Field(const json& object, const std::string& pointer, const char* key,
                    bool required) {
    if (!object.is_object()) {
      Fail(pointer, "must be an object");
      return nullptr;
    }
    auto it = object.find(key);
    if (it == object.end()) {
      if (required) Fail(pointer + "/" + key, "is required");
      return nullptr;
    }
    return &*it;
  }

  std::string String(const json& object, const std::string& pointer, const char* key,
                     bool required = true) {
    const json* value = Field(object, pointer, key, required);
    if (value == nullptr) return {};
    if (!value->is_string() || value->get_ref<const std::string&>().empty()) {
      Fail(pointer + "/" + key, "must be a non-empty string");
      return {};
    }
    return value->get<std::string>();
  }

  double Number(const json& object, const std::string& pointer, const char* key, double fallback) {
    const json* value = Field(object, pointer, key, false);
    if (value == nullptr) return fallback;
    if (!value->is_number()) {
      Fail(pointer + "/" + key, "must be a number");
      return fallback;
    }
    return value->get<double>();
  }

  int Count(const json& object, const std::string& pointer, const char* key, int fallback) {
    const json* value = Field(object, pointer, key, false);
    if (value == nullptr) return fallback;
    if (!value->is_number_integer() || value->get<int64_t>() < 0 ||
        value->get<int64_t>() > 1000000) {
      Fail(pointer + "/" + key, "must be a whole number from 0 to 1000000");
      return fallback;
    }
    return value->get<int>();
  }

  std::string Date(const json& object, const std::string& pointer, const char* key, bool required) {
    std::string text = String(object, pointer, key, required);
    if (!text.empty() && !DaysFromDate(text))
      Fail(pointer + "/" + key, "must be a YYYY-MM-DD date");
    return text;
  }

  std::map<std::string, double> NumberMap(const json& object, const std::string& pointer,
                                          const char* key) {
    std::map<std::string, double> numbers;
    const json* value = Field(object, pointer, key, false);
    if (value == nullptr) return numbers;
    if (!value->is_object()) {
      Fail(pointer + "/" + key, "must be an object");
      return numbers;
    }
    for (const auto& [name, number] : value->items()) {
      if (!number.is_number()) {
        Fail(pointer + "/" + key + "/" + name, "must be a number");
        continue;
      }
      numbers[name] = number.get<double>();
    }
    return numbers;
  }

  AnswerDistributions Distributions(const json& object, const std::string& pointer) {
    AnswerDistributions distributions;
    const json* value = Field(object, pointer, "other_groupings", false);
    if (value == nullptr) return distributions;
    const std::string at = pointer + "/other_groupings";
    if (!value->is_object()) {
      Fail(at, "must be an object");
      return distributions;
    }
    for (const auto& [item, choices] : value->items()) {
      if (!choices.is_array() || choices.empty()) {
        Fail(at + "/" + item, "must be a non-empty array");
        continue;
      }
      for (size_t i = 0; i < choices.size(); ++i) {
        const std::string choice_at = at + "/" + item + "/" + std::to_string(i);
        const json* choice_value = Field(choices[i], choice_at, "value", true);
        if (choice_value != nullptr && !choice_value->is_string()) {
          Fail(choice_at + "/value", "must be a string (empty: unanswered)");
        }
        WeightedValue weighted;
        if (choice_value != nullptr && choice_value->is_string()) {
          weighted.value = choice_value->get<std::string>();
        }
        weighted.weight = Number(choices[i], choice_at, "weight", 1);
        if (weighted.weight < 0) Fail(choice_at + "/weight", "must not be negative");
        distributions[item].push_back(std::move(weighted));
      }
    }
    return distributions;
  }

 private:
  Status status_;
};

void ReadModelNumbers(SpecReader& reader, const json& object, const std::string& pointer,
                      ModelParameters* model, int* anonymity_threshold) {
  model->missing_rate = reader.Number(object, pointer, "missing_rate", model->missing_rate);
  model->dont_know_rate = reader.Number(object, pointer, "dont_know_rate", model->dont_know_rate);
  model->prefer_not_to_say_rate =
      reader.Number(object, pointer, "prefer_not_to_say_rate", model->prefer_not_to_say_rate);
  model->free_text_rate = reader.Number(object, pointer, "free_text_rate", model->free_text_rate);
  model->loading = reader.Number(object, pointer, "loading", model->loading);
  model->loading_jitter = reader.Number(object, pointer, "loading_jitter", model->loading_jitter);
  model->general_factor = reader.Number(object, pointer, "general_factor", model->general_factor);
  model->spread = reader.Number(object, pointer, "spread", model->spread);
  *anonymity_threshold = reader.Count(object, pointer, "anonymity_threshold", *anonymity_threshold);
}

void CheckKnownKeys(SpecReader& reader, const json& object, const std::string& pointer) {
  if (!object.is_object()) return;
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (const char* name : kModelNumbers) known = known || key == name;
    if (!known) reader.Fail(pointer + "/" + key, "unknown model setting");
  }
}

RespondentGroup ReadGroup(SpecReader& reader, const json& object, const std::string& pointer) {
  RespondentGroup group;
  group.value = reader.String(object, pointer, "value");
  group.responses = reader.Count(object, pointer, "responses", 0);
  group.shift = reader.Number(object, pointer, "shift", 0);
  group.dimension_shifts = reader.NumberMap(object, pointer, "dimension_shifts");
  group.other_groupings = reader.Distributions(object, pointer);
  return group;
}

DemoCampaign ReadCampaign(SpecReader& reader, const json& object, const std::string& pointer,
                          const ModelParameters& defaults, int default_threshold) {
  DemoCampaign campaign;
  campaign.model = defaults;
  campaign.anonymity_threshold = default_threshold;
  campaign.key = reader.String(object, pointer, "key");
  campaign.title = reader.String(object, pointer, "title");
  campaign.audience = reader.String(object, pointer, "audience", false);
  const std::string ref = reader.String(object, pointer, "instrument");
  if (auto parsed = instruments::InstrumentRef::Parse(ref)) {
    campaign.instrument = *parsed;
  } else if (!ref.empty()) {
    reader.Fail(pointer + "/instrument", "must be \"id@MAJOR.MINOR.PATCH\"");
  }
  const std::string state = reader.String(object, pointer, "state");
  if (auto parsed = ParseCampaignState(state)) {
    campaign.state = *parsed;
  } else if (!state.empty()) {
    reader.Fail(pointer + "/state", "must be draft, open or closed");
  }
  campaign.opens_on = reader.Date(object, pointer, "opens_on", true);
  campaign.closes_on = reader.Date(object, pointer, "closes_on", true);
  campaign.responses_until = reader.Date(object, pointer, "responses_until", false);
  if (campaign.responses_until.empty()) campaign.responses_until = campaign.closes_on;
  if (reader.ok() &&
      (campaign.closes_on < campaign.opens_on || campaign.responses_until < campaign.opens_on ||
       campaign.responses_until > campaign.closes_on)) {
    reader.Fail(pointer, "dates must run opens_on <= responses_until <= closes_on");
  }
  campaign.personal_links = reader.Count(object, pointer, "personal_links", 0);
  ReadModelNumbers(reader, object, pointer, &campaign.model, &campaign.anonymity_threshold);
  campaign.model.grouping_item = reader.String(object, pointer, "grouping_item");
  campaign.model.dimension_means = reader.NumberMap(object, pointer, "dimension_means");
  campaign.model.other_groupings = reader.Distributions(object, pointer);
  const json* groups = reader.Field(object, pointer, "groups", true);
  if (groups != nullptr && !groups->is_array())
    reader.Fail(pointer + "/groups", "must be an array");
  if (groups != nullptr && groups->is_array()) {
    for (size_t i = 0; i < groups->size(); ++i) {
      campaign.model.groups.push_back(
          ReadGroup(reader, (*groups)[i], pointer + "/groups/" + std::to_string(i)));
    }
  }
  if (campaign.state == CampaignState::kDraft) {
    for (const auto& group : campaign.model.groups) {
      if (group.responses > 0) reader.Fail(pointer, "a draft campaign cannot have responses");
    }
  }
  return campaign;
}

}  // namespace

Result<nlohmann::json> LoadDemoSpec(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError("cannot read " + path.string());
  json spec = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (spec.is_discarded()) return Status::InvalidArgument(path.string() + ": not valid JSON");
  return spec;
}

Result<DemoSpec> ParseDemoSpec(const nlohmann::json& spec) {
  SpecReader reader;
  DemoSpec demo;
  if (!spec.is_object()) return Status::InvalidArgument("the demo spec must be an object", "");
  const json* format = reader.Field(spec, "", "format", true);
  if (format != nullptr && *format != 1) reader.Fail("/format", "must be 1");
  const json* seed = reader.Field(spec, "", "seed", true);
  if (seed != nullptr && !seed->is_number_unsigned()) {
    reader.Fail("/seed", "must be a non-negative whole number");
  } else if (seed != nullptr) {
    demo.seed = seed->get<uint64_t>();
  }
  const json* organisation = reader.Field(spec, "", "organisation", true);
  if (organisation != nullptr) {
    demo.organisation_name = reader.String(*organisation, "/organisation", "name");
  }

  const json* teams = reader.Field(spec, "", "teams", true);
  if (teams != nullptr && !teams->is_array()) reader.Fail("/teams", "must be an array");
  if (teams != nullptr && teams->is_array()) {
    for (size_t i = 0; i < teams->size(); ++i) {
      const std::string at = "/teams/" + std::to_string(i);
      DemoTeam team;
      team.slug = reader.String((*teams)[i], at, "slug");
      team.name = reader.String((*teams)[i], at, "name");
      team.size = reader.Count((*teams)[i], at, "size", 0);
      demo.teams.push_back(std::move(team));
    }
  }

  ModelParameters defaults;
  int default_threshold = kDefaultAnonymityThreshold;
  if (const json* given = reader.Field(spec, "", "defaults", false)) {
    CheckKnownKeys(reader, *given, "/defaults");
    ReadModelNumbers(reader, *given, "/defaults", &defaults, &default_threshold);
  }

  const json* campaigns = reader.Field(spec, "", "campaigns", true);
  if (campaigns != nullptr && !campaigns->is_array()) reader.Fail("/campaigns", "must be an array");
  if (campaigns != nullptr && campaigns->is_array()) {
    for (size_t i = 0; i < campaigns->size(); ++i) {
      DemoCampaign campaign = ReadCampaign(
          reader, (*campaigns)[i], "/campaigns/" + std::to_string(i), defaults, default_threshold);
      campaign.model.seed = MixSeed(demo.seed, i + 1);
      for (const auto& earlier : demo.campaigns) {
        if (earlier.key == campaign.key) {
          reader.Fail("/campaigns/" + std::to_string(i) + "/key", "repeats an earlier key");
        }
      }
      demo.campaigns.push_back(std::move(campaign));
    }
  }
  if (!reader.ok()) return reader.status();
  return demo;
}

// Civil-calendar conversions after Howard Hinnant's days_from_civil / civil_from_days.
std::optional<int64_t> DaysFromDate(const std::string& date) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  char extra = 0;
  if (date.size() != 10 || date[4] != '-' || date[7] != '-' ||
      std::sscanf(date.c_str(), "%4d-%2u-%2u%c", &year, &month, &day, &extra) != 3) {
    return std::nullopt;
  }
  static constexpr std::array<unsigned, 12> kDaysIn = {31, 28, 31, 30, 31, 30,
                                                       31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || day < 1 ||
      day > kDaysIn[month - 1] + (month == 2 && leap ? 1U : 0U)) {
    return std::nullopt;
  }
  const int64_t y = year - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;
  const int64_t m = month;
  const int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

std::string DateFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  char text[16];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02d", static_cast<int>(year),
                static_cast<int>(month), static_cast<int>(day));
  return text;
}

}  // namespace tessera::engine
