// A campaign of a real catalogue instrument with responses the test controls, for the live
// statistics and campaign results tests.
#ifndef TESSERA_TESTS_ENGINE_RESULTS_TEST_SUPPORT_H_
#define TESSERA_TESTS_ENGINE_RESULTS_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "demo_test_support.h"
#include "engine/store.h"
#include "store_test_support.h"

namespace tessera::engine::testing {

// One respondent: their team and role and a seed for their answers.
struct Person {
  std::string team;
  std::string role;
  int lean = 0;  // -2..2: how favourable their answers are
};

// Answers to every item of staff-attitudes@1.1.0 for one person, seeded.
inline nlohmann::json StaffAnswers(const instruments::Instrument& instrument, const Person& person,
                                   std::mt19937& random, const std::string& comment = "") {
  nlohmann::json answers = nlohmann::json::object();
  for (const instruments::Item* item : instrument.Items()) {
    if (item->scored()) {
      if (random() % 25 == 0) continue;  // skipped
      int value = 3 + person.lean + static_cast<int>(random() % 3) - 1;
      value = std::max(1, std::min(5, value));
      if (item->reverse) value = 6 - value;
      answers[item->id] = value;
    }
  }
  if (!person.team.empty()) answers["team"] = person.team;
  if (!person.role.empty()) answers["role"] = person.role;
  if (!comment.empty()) {
    for (const instruments::Item* item : instrument.Items()) {
      if (item->type == instruments::ItemType::kText) {
        answers[item->id] = comment;
        break;
      }
    }
  }
  return answers;
}

inline nlohmann::json GroupsOf(const Person& person) {
  nlohmann::json groups = nlohmann::json::object();
  if (!person.team.empty()) groups["team"] = person.team;
  if (!person.role.empty()) groups["role"] = person.role;
  return groups;
}

// An organisation with teams, one campaign of `ref` (k = 5) and its stored instrument.
struct ResultsFixture {
  TempDatabase file;
  std::unique_ptr<Store> store;
  int64_t organisation_id = 0;

  ResultsFixture() {
    store = OpenStore(file.path());
    auto organisation = store->CreateOrganisation("Riverside Family Services");
    EXPECT_TRUE(organisation.ok());
    organisation_id = organisation->id;
    for (const char* slug : {"youth", "care", "admin", "advice"}) {
      EXPECT_TRUE(store->CreateTeam(organisation_id, slug, std::string("Team ") + slug).ok());
    }
  }

  int64_t NewCampaign(const std::string& ref, const std::string& title = "Staff survey") {
    const auto parsed = instruments::InstrumentRef::Parse(ref);
    const auto* loaded = ShippedCatalogue().Find(*parsed);
    EXPECT_NE(loaded, nullptr);
    EXPECT_TRUE(store
                    ->SaveInstrumentVersion(
                        InstrumentVersion{*parsed, loaded->hash, loaded->document.dump()})
                    .ok());
    engine::NewCampaign campaign;
    campaign.organisation_id = organisation_id;
    campaign.instrument = *parsed;
    campaign.title = title;
    auto made = store->CreateCampaign(campaign);
    EXPECT_TRUE(made.ok()) << made.status().ToString();
    EXPECT_TRUE(store->SetCampaignState(made->id, CampaignState::kOpen).ok());
    return made->id;
  }

  // Imports one response per person (answers seeded by `seed`), with an optional comment each.
  void Add(int64_t campaign_id, const std::vector<Person>& people, unsigned seed,
           const std::vector<std::string>& comments = {}) {
    const auto campaign = store->GetCampaign(campaign_id);
    const auto& instrument = ShippedInstrument(campaign->instrument.ToString());
    std::mt19937 random(seed);
    std::vector<ImportedResponse> rows;
    for (size_t i = 0; i < people.size(); ++i) {
      const std::string comment = i < comments.size() ? comments[i] : "";
      rows.push_back(ImportedResponse{StaffAnswers(instrument, people[i], random, comment),
                                      GroupsOf(people[i]), "2026-03-04"});
    }
    const Status status = store->ImportResponses(campaign_id, rows);
    EXPECT_TRUE(status.ok()) << status.ToString();
  }

  void Close(int64_t campaign_id) {
    EXPECT_TRUE(store->SetCampaignState(campaign_id, CampaignState::kClosed).ok());
  }
};

inline std::vector<Person> People(size_t count, const std::string& team, const std::string& role,
                                  int lean = 0) {
  return std::vector<Person>(count, Person{team, role, lean});
}

}  // namespace tessera::engine::testing

#endif  // TESSERA_TESTS_ENGINE_RESULTS_TEST_SUPPORT_H_
