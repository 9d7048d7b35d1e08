#include "engine/demo_builder.h"

#include <set>
#include <utility>

#include "engine/deterministic_random.h"
#include "engine/latent_trait_model.h"
#include "survey/token.h"

namespace tessera::engine {
namespace {

constexpr char kActor[] = "demo";

std::string CampaignSubject(int64_t id) { return "campaign:" + std::to_string(id); }

// Runs `step`, then audits it; the first failure of either stops the build.
Status Audited(Store& store, const Status& step, const std::string& action,
               const std::string& subject, const nlohmann::json& details) {
  if (!step.ok()) return step;
  return store.AppendAudit(kActor, action, subject, details);
}

struct PreparedCampaign {
  const DemoCampaign* spec = nullptr;
  const instruments::LoadedInstrument* instrument = nullptr;
  std::vector<ImportedResponse> responses;
};

Status MoveTo(Store& store, int64_t campaign_id, CampaignState state) {
  auto moved = store.SetCampaignState(campaign_id, state);
  if (!moved.ok()) return moved.status();
  return store.AppendAudit(
      kActor, "campaign." + std::string(state == CampaignState::kOpen ? "open" : "close"),
      CampaignSubject(campaign_id), nlohmann::json::object());
}

Status BuildCampaign(Store& store, int64_t organisation_id, const PreparedCampaign& prepared,
                     DemoCampaignSummary* summary) {
  const DemoCampaign& spec = *prepared.spec;
  NewCampaign request;
  request.organisation_id = organisation_id;
  request.instrument = spec.instrument;
  request.title = spec.title;
  request.audience = spec.audience;
  request.opens_on = spec.opens_on;
  request.closes_on = spec.closes_on;
  request.anonymity_threshold = spec.anonymity_threshold;
  auto campaign = store.CreateCampaign(request);
  if (!campaign.ok()) return campaign.status();
  const int64_t id = campaign->id;
  summary->key = spec.key;
  summary->id = id;
  summary->title = spec.title;
  if (Status s = store.AppendAudit(kActor, "campaign.create", CampaignSubject(id),
                                   {{"title", spec.title},
                                    {"instrument", spec.instrument.ToString()},
                                    {"organisation_id", organisation_id}});
      !s.ok()) {
    return s;
  }
  if (spec.state != CampaignState::kDraft) {
    if (Status s = MoveTo(store, id, CampaignState::kOpen); !s.ok()) return s;
    if (!prepared.responses.empty()) {
      if (Status s = Audited(store, store.ImportResponses(id, prepared.responses),
                             "responses.import", CampaignSubject(id),
                             {{"count", prepared.responses.size()}, {"source", "demo model"}});
          !s.ok()) {
        return s;
      }
    }
    if (spec.state == CampaignState::kOpen && spec.personal_links > 0) {
      std::vector<std::string> hashes;
      for (int i = 0; i < spec.personal_links; ++i) {
        summary->link_tokens.push_back(survey::NewToken());
        hashes.push_back(survey::TokenHash(summary->link_tokens.back()));
      }
      if (Status s = Audited(store, store.AddLinks(id, LinkKind::kPersonal, hashes), "links.add",
                             CampaignSubject(id), {{"kind", "personal"}, {"count", hashes.size()}});
          !s.ok()) {
        return s;
      }
    }
    if (spec.state == CampaignState::kClosed) {
      if (Status s = MoveTo(store, id, CampaignState::kClosed); !s.ok()) return s;
    }
  }
  summary->state = spec.state;
  auto count = store.CountResponses(id);
  if (!count.ok()) return count.status();
  summary->responses = *count;
  return Status::Ok();
}

}  // namespace

Result<std::vector<ImportedResponse>> DemoResponses(const DemoCampaign& campaign,
                                                    const instruments::Instrument& instrument,
                                                    const std::vector<std::string>& team_slugs) {
  auto generated = GenerateResponses(instrument, team_slugs, campaign.model);
  if (!generated.ok()) {
    return Status::InvalidArgument("campaign \"" + campaign.key +
                                   "\": " + generated.status().message());
  }
  const auto first_day = DaysFromDate(campaign.opens_on);
  const auto last_day = DaysFromDate(campaign.responses_until);
  if (!first_day || !last_day || *last_day < *first_day) {
    return Status::InvalidArgument("campaign \"" + campaign.key + "\": bad response window");
  }
  DeterministicRandom days(MixSeed(campaign.model.seed, 2));
  const auto window = static_cast<uint64_t>(*last_day - *first_day + 1);
  std::vector<ImportedResponse> responses;
  responses.reserve(generated->size());
  for (auto& response : *generated) {
    ImportedResponse imported;
    imported.answers = std::move(response.answers);
    imported.groups = std::move(response.groups);
    imported.submitted_on = DateFromDays(*first_day + static_cast<int64_t>(days.Below(window)));
    responses.push_back(std::move(imported));
  }
  return responses;
}

Status BuildDemo(Store& store, const instruments::Catalogue& catalogue,
                 const nlohmann::json& organisation_spec, DemoSummary* summary) {
  auto spec = ParseDemoSpec(organisation_spec);
  if (!spec.ok()) return spec.status();
  std::vector<std::string> team_slugs;
  for (const auto& team : spec->teams) team_slugs.push_back(team.slug);

  // Everything is generated and checked before the store is touched.
  std::vector<PreparedCampaign> prepared;
  for (const auto& campaign : spec->campaigns) {
    const auto* loaded = catalogue.Find(campaign.instrument);
    if (loaded == nullptr) {
      return Status::NotFound("the catalogue has no " + campaign.instrument.ToString());
    }
    auto responses = DemoResponses(campaign, loaded->instrument, team_slugs);
    if (!responses.ok()) return responses.status();
    prepared.push_back({&campaign, loaded, std::move(*responses)});
  }

  auto existing = store.FindOrganisationByName(spec->organisation_name);
  if (existing.ok()) {
    return Status::AlreadyExists("organisation \"" + spec->organisation_name +
                                 "\" already exists (id " + std::to_string(existing->id) + ")");
  }
  if (existing.status().code() != StatusCode::kNotFound) return existing.status();

  auto organisation = store.CreateOrganisation(spec->organisation_name);
  if (!organisation.ok()) return organisation.status();
  const int64_t organisation_id = organisation->id;
  const std::string organisation_subject = "organisation:" + std::to_string(organisation_id);
  DemoSummary built;
  built.organisation_id = organisation_id;
  built.organisation_name = organisation->name;
  if (Status s = store.AppendAudit(kActor, "organisation.create", organisation_subject,
                                   {{"name", organisation->name}});
      !s.ok()) {
    return s;
  }

  for (const auto& team : spec->teams) {
    auto created = store.CreateTeam(organisation_id, team.slug, team.name);
    if (!created.ok()) return created.status();
    if (Status s = store.AppendAudit(kActor, "team.create", organisation_subject,
                                     {{"team_id", created->id}, {"slug", team.slug}});
        !s.ok()) {
      return s;
    }
  }

  std::set<std::string> saved;
  for (const auto& campaign : prepared) {
    const auto& loaded = *campaign.instrument;
    const std::string ref = loaded.instrument.ref().ToString();
    if (!saved.insert(ref).second) continue;
    InstrumentVersion version{loaded.instrument.ref(), loaded.hash, loaded.document.dump()};
    if (Status s = Audited(store, store.SaveInstrumentVersion(version), "instrument.save",
                           "instrument:" + ref, {{"hash", loaded.hash}});
        !s.ok()) {
      return s;
    }
  }

  for (const auto& campaign : prepared) {
    DemoCampaignSummary campaign_summary;
    if (Status s = BuildCampaign(store, organisation_id, campaign, &campaign_summary); !s.ok()) {
      return s;
    }
    built.campaigns.push_back(std::move(campaign_summary));
  }
  if (summary != nullptr) *summary = std::move(built);
  return Status::Ok();
}

}  // namespace tessera::engine
