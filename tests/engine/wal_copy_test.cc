// The attack of issue 12, part 4: copies of the database file and of its write-ahead log, taken
// while respondents save drafts and submit (the no-JavaScript flow, where the submitted answers
// are the saved draft), read byte by byte. No copy may hold a draft in clear, and no draft in
// any copy may be matched to a response, by its content or by its size.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "engine/sqlite_store.h"
#include "engine/submission_queue.h"
#include "engine/survey_intake.h"
#include "instruments/catalogue.h"
#include "survey/token.h"
#include "tests/engine/sqlite_file_reader.h"
#include "tests/engine/store_test_support.h"

namespace tessera::engine {
namespace {

using testing::PagesOfCopy;
using testing::RawCell;
using testing::ReadWholeFile;
using testing::TableLeafCells;

constexpr int kRespondentThreads = 4;
constexpr int kRespondentsPerThread = 10;
// Text a respondent typed in a draft and replaced before submitting: it is never part of any
// response, so finding it in a copy means a draft was readable there.
constexpr std::string_view kDraftOnly = "draft-only-";

struct Respondent {
  std::string token;
  int64_t link_id = 0;
  std::string final_comment;  // in the submitted response
};

// What one copy (the database file and the WAL, read at about the same moment) gives away.
struct CopyFindings {
  int draft_plaintexts = 0;        // draft-only text found anywhere in the copy
  std::set<int64_t> joined_links;  // links whose response a draft in the copy matched
  std::set<uint64_t> draft_sizes;  // stored sizes of the draft rows in the copy
  int draft_rows = 0;
};

// A drafts row as stored: (link_id INTEGER PRIMARY KEY, one text or blob column).
bool IsDraftRow(const RawCell& cell) {
  return cell.serial_types.size() == 2 && cell.serial_types[0] == 0 &&
         (testing::IsTextType(cell.serial_types[1]) || testing::IsBlobType(cell.serial_types[1]));
}

class WalCopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions options{database_.path()};
    reader_ = std::move(OpenSqliteStore(options).value());
    SqliteOptions writer_options = options;
    writer_options.auto_checkpoint = false;  // as `tessera serve` runs it
    writer_ = std::move(OpenSqliteStore(writer_options).value());
    maintenance_ = std::move(OpenSqliteStore(options).value());
    const auto dir = std::filesystem::path(TESSERA_SOURCE_DIR) / "instruments/catalogue";
    instruments::Diagnostics diagnostics;
    catalogue_ = instruments::Catalogue::Load(dir, instruments::LockFileFor(dir), &diagnostics);
    const auto* loaded =
        catalogue_.Find(*instruments::InstrumentRef::Parse("staff-attitudes@1.1.0"));
    ASSERT_NE(loaded, nullptr);
    instrument_ = &loaded->instrument;
    ASSERT_TRUE(reader_
                    ->SaveInstrumentVersion(
                        {loaded->instrument.ref(), loaded->hash, loaded->document.dump()})
                    .ok());
    const int64_t organisation = reader_->CreateOrganisation("Riverside")->id;
    ASSERT_TRUE(reader_->CreateTeam(organisation, "youth", "Youth services").ok());
    NewCampaign request;
    request.organisation_id = organisation;
    request.instrument = loaded->instrument.ref();
    request.title = "Wave 2";
    campaign_id_ = reader_->CreateCampaign(request)->id;
    ASSERT_TRUE(reader_->SetCampaignState(campaign_id_, CampaignState::kOpen).ok());
    std::vector<std::string> hashes;
    for (int i = 0; i < kRespondentThreads * kRespondentsPerThread; ++i) {
      Respondent respondent;
      respondent.token = survey::NewToken();
      respondent.final_comment = "final comment " + std::to_string(i) + " " + survey::NewToken();
      hashes.push_back(survey::TokenHash(respondent.token));
      respondents_.push_back(std::move(respondent));
    }
    ASSERT_TRUE(reader_->AddLinks(campaign_id_, LinkKind::kPersonal, hashes).ok());
    for (size_t i = 0; i < respondents_.size(); ++i) {
      respondents_[i].link_id = reader_->FindLink(hashes[i])->id;
    }
    for (const instruments::Item* item : instrument_->Items()) {
      if (item->type == instruments::ItemType::kText) text_items_.push_back(item->id);
    }
    ASSERT_FALSE(text_items_.empty());
  }

  // One page's answers: every scale item a random value of its scale; the first text item
  // holds `comment`.
  nlohmann::json PageAnswers(const instruments::Section& section, const std::string& comment,
                             std::mt19937& random) const {
    nlohmann::json answers = nlohmann::json::object();
    for (const instruments::Item& item : section.items) {
      if (item.type == instruments::ItemType::kScale) {
        const instruments::ResponseScale* scale = instrument_->FindScale(item.scale);
        if (scale == nullptr || scale->values.empty()) continue;
        answers[item.id] = scale->values[random() % scale->values.size()].number;
      } else if (item.type == instruments::ItemType::kText && item.id == text_items_.front()) {
        answers[item.id] = comment;
      }
    }
    return answers;
  }

  // The no-JavaScript flow: each page saved into the draft in turn, the comment first saved
  // with text that is then replaced, the review page read back and submitted as it stands.
  void Answer(SurveyIntake& intake, const Respondent& respondent, int index) {
    std::mt19937 random(static_cast<unsigned>(index));
    const std::string first_thoughts =
        std::string(kDraftOnly) + std::to_string(index) + " " + survey::NewToken();
    for (const instruments::Section& section : instrument_->sections) {
      IntakeOutcome saved =
          intake.MergeDraft(respondent.token, PageAnswers(section, first_thoughts, random));
      ASSERT_TRUE(saved.status.ok()) << saved.status.ToString();
    }
    nlohmann::json edit = nlohmann::json::object();
    edit[text_items_.front()] = respondent.final_comment;
    ASSERT_TRUE(intake.MergeDraft(respondent.token, edit).status.ok());
    IntakeOutcome review = intake.Document(respondent.token);
    ASSERT_TRUE(review.status.ok()) << review.status.ToString();
    std::promise<Status> committed;
    intake.Submit(respondent.token, {{"answers", review.document["answers"]}},
                  [&committed](IntakeOutcome outcome) { committed.set_value(outcome.status); });
    const Status status = committed.get_future().get();
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  // Reads one copy as an attacker: draft-only text anywhere; every drafts row of every page
  // (database pages and WAL frames, stale ones included), compared with the stored responses.
  CopyFindings Read(const std::string& database, const std::string& wal) const {
    CopyFindings findings;
    for (const std::string* file : {&database, &wal}) {
      const void* at = file->data();
      size_t left = file->size();
      while (const void* hit = memmem(at, left, kDraftOnly.data(), kDraftOnly.size())) {
        ++findings.draft_plaintexts;
        const size_t skip = static_cast<const char*>(hit) - static_cast<const char*>(at) + 1;
        at = static_cast<const char*>(at) + skip;
        left -= skip;
      }
    }
    for (const testing::RawPage& page : PagesOfCopy(database, wal)) {
      for (const RawCell& cell : TableLeafCells(page)) {
        if (!IsDraftRow(cell)) continue;
        ++findings.draft_rows;
        findings.draft_sizes.insert(cell.payload_size);
        const std::string& stored = cell.columns[1];
        // The attacker's join: a draft row whose stored answers are a response's answers.
        for (const auto& [answers, link_id] : response_links_) {
          const bool same = cell.complete
                                ? stored == answers
                                : answers.size() == testing::SerialTypeSize(cell.serial_types[1]) &&
                                      answers.compare(0, stored.size(), stored) == 0;
          if (same && link_id == cell.rowid) findings.joined_links.insert(link_id);
        }
      }
    }
    return findings;
  }

  testing::TempDatabase database_;
  std::unique_ptr<Store> reader_;
  std::unique_ptr<Store> writer_;
  std::unique_ptr<Store> maintenance_;
  instruments::Catalogue catalogue_;
  const instruments::Instrument* instrument_ = nullptr;
  int64_t campaign_id_ = 0;
  std::vector<Respondent> respondents_;
  std::vector<std::string> text_items_;
  // Each stored response's answers text and the link it came from (known to the test only;
  // the attacker finds the link by matching).
  std::map<std::string, int64_t> response_links_;
};

TEST_F(WalCopyTest, AWalCopyReadDuringSubmissionsJoinsNoResponseToItsLink) {
  // Raw copies taken while the run goes on, as someone with read access to the directory
  // would take them; read after the run, once the responses exist to be matched.
  struct Copy {
    std::string database;
    std::string wal;
  };
  std::vector<Copy> copies;
  std::mutex copies_mutex;
  std::atomic<bool> done{false};
  const std::string path = database_.path();
  std::thread copier([&] {
    while (!done.load()) {
      Copy copy{ReadWholeFile(path), ReadWholeFile(path + "-wal")};
      {
        std::lock_guard lock(copies_mutex);
        if (copies.size() < 400) copies.push_back(std::move(copy));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(3));
    }
  });
  // The server's maintenance thread: a checkpoint every few moments.
  std::thread maintenance([&] {
    while (!done.load()) {
      (void)maintenance_->Checkpoint();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  {
    SubmissionQueue queue(*writer_);
    SurveyIntake intake(*reader_, queue);
    std::vector<std::thread> threads;
    for (int t = 0; t < kRespondentThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kRespondentsPerThread; ++i) {
          const int index = t * kRespondentsPerThread + i;
          Answer(intake, respondents_[static_cast<size_t>(index)], index);
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    queue.Stop();
  }
  done = true;
  copier.join();
  maintenance.join();
  copies.push_back({ReadWholeFile(path), ReadWholeFile(path + "-wal")});
  writer_.reset();
  maintenance_.reset();
  reader_.reset();
  copies.push_back({ReadWholeFile(path), ReadWholeFile(path + "-wal")});  // after the last close

  std::unique_ptr<Store> store = testing::OpenStore(path);
  ASSERT_NE(store, nullptr);
  std::map<std::string, int64_t> link_by_comment;
  for (const Respondent& respondent : respondents_) {
    link_by_comment[respondent.final_comment] = respondent.link_id;
  }
  ASSERT_TRUE(store
                  ->ForEachResponseText(campaign_id_,
                                        [&](const StoredResponseText& response) {
                                          const auto answers =
                                              nlohmann::json::parse(response.answers);
                                          const std::string comment =
                                              answers.value(text_items_.front(), "");
                                          response_links_[std::string(response.answers)] =
                                              link_by_comment.at(comment);
                                          return true;
                                        })
                  .ok());
  ASSERT_EQ(response_links_.size(), respondents_.size());

  int copies_with_plaintext = 0;
  int copies_joining = 0;
  int draft_rows = 0;
  std::set<int64_t> joined;
  std::set<uint64_t> draft_sizes;
  for (const Copy& copy : copies) {
    const CopyFindings findings = Read(copy.database, copy.wal);
    if (findings.draft_plaintexts > 0) ++copies_with_plaintext;
    if (!findings.joined_links.empty()) ++copies_joining;
    joined.insert(findings.joined_links.begin(), findings.joined_links.end());
    draft_sizes.insert(findings.draft_sizes.begin(), findings.draft_sizes.end());
    draft_rows += findings.draft_rows;
  }
  const std::string summary =
      std::to_string(copies.size()) + " copies, " + std::to_string(draft_rows) +
      " draft rows read (stored sizes from " +
      std::to_string(draft_sizes.empty() ? 0 : *draft_sizes.begin()) + " to " +
      std::to_string(draft_sizes.empty() ? 0 : *draft_sizes.rbegin()) + " bytes)";
  std::printf("[   info   ] %s; %d held a draft in clear, %d joined a response to its link\n",
              summary.c_str(), copies_with_plaintext, copies_joining);
  ASSERT_GT(copies.size(), 10u);
  ASSERT_GT(draft_rows, 0) << "no copy caught a draft row: the attack was not tried; " << summary;
  EXPECT_EQ(copies_with_plaintext, 0)
      << copies_with_plaintext << " copies held a draft in clear; " << summary;
  EXPECT_EQ(copies_joining, 0) << copies_joining << " copies joined " << joined.size() << " of "
                               << respondents_.size() << " responses to their links; " << summary;
  // A draft's stored size must not follow its answers (or sizes would join drafts to
  // responses of the same length): every draft of the campaign is stored at one size.
  EXPECT_EQ(draft_sizes.size(), 1u) << draft_sizes.size() << " different draft sizes; " << summary;
}

// The intake seals drafts before the store sees them and opens them with the token; a sealed
// draft moved to another link's row does not open there, and saving replaces it.
TEST_F(WalCopyTest, DraftsReachTheStoreSealedAndOpenOnlyUnderTheirOwnLink) {
  SubmissionQueue queue(*writer_);
  SurveyIntake intake(*reader_, queue);
  const Respondent& first = respondents_[0];
  const Respondent& second = respondents_[1];
  nlohmann::json answers = nlohmann::json::object();
  answers[text_items_.front()] = first.final_comment;
  ASSERT_TRUE(intake.SaveDraft(first.token, {{"answers", answers}}).status.ok());
  ASSERT_TRUE(intake.SaveDraft(second.token, {{"answers", nlohmann::json::object()}}).status.ok());

  const std::string sealed = reader_->LoadDraft(first.link_id).value();
  EXPECT_EQ(sealed.find(first.final_comment), std::string::npos);
  EXPECT_EQ(sealed.size(), reader_->LoadDraft(second.link_id).value().size())
      << "an empty draft and one with a comment are stored at the same size";
  IntakeOutcome document = intake.Document(first.token);
  ASSERT_TRUE(document.status.ok()) << document.status.ToString();
  EXPECT_EQ(document.document["answers"], answers);

  ASSERT_TRUE(reader_->SaveDraft(second.link_id, sealed).ok());
  EXPECT_EQ(intake.Document(second.token).status.code(), StatusCode::kCorruption);
  EXPECT_EQ(intake.MergeDraft(second.token, nlohmann::json::object()).status.code(),
            StatusCode::kCorruption);
  ASSERT_TRUE(intake.SaveDraft(second.token, {{"answers", nlohmann::json::object()}}).status.ok());
  EXPECT_TRUE(intake.Document(second.token).status.ok());
  queue.Stop();
}

}  // namespace
}  // namespace tessera::engine
