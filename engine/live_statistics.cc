#include "engine/live_statistics.h"

#include "engine/campaign_instrument.h"
#include "engine/read_ahead_scan.h"
#include "scoring/comment_order.h"

namespace tessera::engine {

namespace {

std::vector<std::string> Slugs(const std::vector<Team>& teams) {
  std::vector<std::string> slugs;
  slugs.reserve(teams.size());
  for (const Team& team : teams) slugs.push_back(team.slug);
  return slugs;
}

bool SameTeams(const std::vector<Team>& a, const std::vector<Team>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].id != b[i].id || a[i].slug != b[i].slug || a[i].name != b[i].name) return false;
  }
  return true;
}

}  // namespace

void LiveStatistics::Add(Entry& entry, const scoring::AnswerView& answers,
                         std::vector<uint8_t>& row) {
  const scoring::ResponseLayout& layout = *entry.layout;
  row.resize(layout.width());
  layout.Encode(answers, row.data());
  entry.statistics->Add(row.data());
  entry.atoms->Add(row.data());
  const auto groups = row.begin() + static_cast<std::ptrdiff_t>(layout.scored().size());
  for (const std::string& item_id : entry.text_items) {
    const scoring::AnswerValue* answer = answers.Find(item_id);
    if (answer == nullptr || !answer->is_string() || scoring::IsBlankComment(answer->text)) {
      continue;
    }
    entry.comments.push_back(
        Comment{item_id, std::string(answer->text), std::vector<uint8_t>(groups, row.end())});
  }
}

Result<std::unique_ptr<LiveStatistics::Entry>> LiveStatistics::Build(const Campaign& campaign,
                                                                     std::vector<Team> teams) {
  auto entry = std::make_unique<Entry>();
  auto instrument = LoadCampaignInstrument(store_, campaign);
  if (!instrument.ok()) return instrument.status();
  entry->instrument = *instrument;
  for (const instruments::Item* item : entry->instrument->Items()) {
    if (item->type == instruments::ItemType::kText) entry->text_items.push_back(item->id);
  }
  auto layout = scoring::ResponseLayout::Build(*entry->instrument, Slugs(teams));
  if (!layout.ok()) return layout.status();
  entry->layout = std::make_shared<const scoring::ResponseLayout>(std::move(*layout));
  entry->teams = std::move(teams);
  entry->statistics = std::make_unique<scoring::CampaignStatistics>(*entry->layout);
  entry->atoms = std::make_unique<scoring::AtomStatistics>(*entry->layout);
  ++scans_;
  std::vector<uint8_t> row;
  // SQLite reads ahead on another thread while this one parses and counts.
  Status scanned =
      ForEachResponseAnswers(store_, campaign.id, [&](int64_t, const scoring::AnswerView& answers) {
        Add(*entry, answers, row);
        return true;
      });
  if (!scanned.ok()) return scanned;
  return entry;
}

Result<std::shared_ptr<const CampaignSnapshot>> LiveStatistics::GetShared(int64_t campaign_id) {
  std::lock_guard lock(mutex_);
  auto campaign = store_.GetCampaign(campaign_id);
  if (!campaign.ok()) return campaign.status();
  auto count = store_.CountResponses(campaign_id);
  if (!count.ok()) return count.status();
  auto teams = store_.CampaignTeams(campaign_id);
  if (!teams.ok()) return teams.status();
  auto& entry = entries_[campaign_id];
  if (entry == nullptr || entry->statistics->respondents() != *count ||
      !SameTeams(entry->teams, *teams) || entry->instrument == nullptr) {
    auto built = Build(*campaign, std::move(*teams));
    if (!built.ok()) {
      entries_.erase(campaign_id);
      return built.status();
    }
    entry = std::move(*built);
  }
  // The campaign record itself (state, dates) may change without a commit to its responses.
  if (entry->shared == nullptr || entry->shared->campaign.state != campaign->state ||
      entry->shared->campaign.opens_on != campaign->opens_on ||
      entry->shared->campaign.closes_on != campaign->closes_on ||
      entry->shared->campaign.title != campaign->title) {
    entry->shared = std::make_shared<const CampaignSnapshot>(
        CampaignSnapshot{std::move(*campaign), entry->instrument, entry->layout, entry->teams,
                         *entry->statistics, entry->comments, *entry->atoms});
  }
  return entry->shared;
}

Result<CampaignSnapshot> LiveStatistics::Get(int64_t campaign_id) {
  auto shared = GetShared(campaign_id);
  if (!shared.ok()) return shared.status();
  return CampaignSnapshot(**shared);
}

size_t LiveStatistics::scans() const {
  std::lock_guard lock(mutex_);
  return scans_;
}

size_t LiveStatistics::held() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void LiveStatistics::OnCommitted(const std::vector<Submission>& batch,
                                 const std::vector<Status>& results) {
  // The caller holds mutex_. Campaigns not held yet are scanned when first asked for.
  for (size_t i = 0; i < batch.size() && i < results.size(); ++i) {
    if (!results[i].ok()) continue;
    auto it = entries_.find(batch[i].campaign_id);
    if (it == entries_.end() || it->second == nullptr) continue;
    view_.FromJson(batch[i].answers);
    Add(*it->second, view_, row_);
    it->second->shared.reset();
  }
}

}  // namespace tessera::engine
