#include "survey/sealed_draft.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <nlohmann/json.hpp>
#include <set>

#include "survey/answer_validation.h"
#include "survey/token.h"
#include "tests/survey/test_instrument.h"

namespace tessera::survey {
namespace {

constexpr char kToken[] = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde";
constexpr char kAnswers[] = R"({"ATT-01":4,"FREE-01":"the rota is unfair"})";

std::string Hex(std::string_view bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                 bytes.size());
  hex.pop_back();
  return hex;
}

TEST(SealedDraftTest, OpensWithItsTokenAndLink) {
  const std::string sealed = SealDraft(kToken, 42, kAnswers, 256);
  Result<std::string> opened = OpenDraft(kToken, 42, sealed);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, kAnswers);
}

TEST(SealedDraftTest, AnotherTokenOrLinkCannotOpenIt) {
  const std::string sealed = SealDraft(kToken, 42, kAnswers, 256);
  EXPECT_EQ(OpenDraft(NewToken(), 42, sealed).status().code(), StatusCode::kCorruption);
  // A sealed draft moved to another link's row does not open there.
  EXPECT_EQ(OpenDraft(kToken, 43, sealed).status().code(), StatusCode::kCorruption);
}

TEST(SealedDraftTest, AnyChangedByteIsRefused) {
  const std::string sealed = SealDraft(kToken, 7, kAnswers, 128);
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string changed = sealed;
    changed[i] = static_cast<char>(changed[i] ^ 0x01);
    EXPECT_EQ(OpenDraft(kToken, 7, changed).status().code(), StatusCode::kCorruption) << i;
  }
  EXPECT_EQ(OpenDraft(kToken, 7, sealed.substr(0, sealed.size() - 1)).status().code(),
            StatusCode::kCorruption);
  EXPECT_EQ(OpenDraft(kToken, 7, "").status().code(), StatusCode::kCorruption);
  EXPECT_EQ(OpenDraft(kToken, 7, kAnswers).status().code(), StatusCode::kCorruption);
}

TEST(SealedDraftTest, HoldsNoPlaintextAndNoTwoSealingsAreAlike) {
  const std::string first = SealDraft(kToken, 7, kAnswers, 128);
  const std::string second = SealDraft(kToken, 7, kAnswers, 128);
  EXPECT_NE(first, second) << "the nonce is random";
  EXPECT_EQ(first.find("unfair"), std::string::npos);
  EXPECT_EQ(first.find("ATT-01"), std::string::npos);
}

TEST(SealedDraftTest, SizeIsTheSameForAnyAnswersBelowTheBlock) {
  std::set<size_t> sizes;
  for (size_t length : {0, 1, 50, 200, 1023}) {
    sizes.insert(SealDraft(kToken, 1, std::string(length, 'x'), 1024).size());
  }
  EXPECT_EQ(sizes, std::set<size_t>{1024 + kSealedDraftOverhead});
  // Exactly one block is not enough: padding always adds a byte.
  EXPECT_EQ(SealDraft(kToken, 1, std::string(1024, 'x'), 1024).size(), 2048 + kSealedDraftOverhead);
  Result<std::string> opened = OpenDraft(kToken, 1, SealDraft(kToken, 1, "", 1024));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "");
}

// The key is BLAKE2b-256 of the token with its own personalisation, as docs/anonymity.md says;
// the expected key was computed apart from libsodium, with Python's hashlib:
//   hashlib.blake2b(token, digest_size=32, person=b"tessera.draftkey").hexdigest()
// It is not the SHA-256 of the token that the store keeps to find the link.
TEST(SealedDraftTest, KeyIsDerivedAsDocumentedAndIsNotTheStoredHash) {
  const std::string key_hex = "3661f2c700089167a09419e7d1b5057db0c5b338458927ab39599d987497c68a";
  EXPECT_EQ(TokenHash(kToken), "905edb3f35ec2e0254b1c8678307d4951d923de4ddbe42ef49b5b8287eb90fa6");
  EXPECT_NE(TokenHash(kToken), key_hex);
  unsigned char key[32];
  ASSERT_EQ(
      sodium_hex2bin(key, sizeof key, key_hex.data(), key_hex.size(), nullptr, nullptr, nullptr),
      0);
  const std::string sealed = SealDraft(kToken, 0x0102030405060708, kAnswers, 64);
  ASSERT_EQ(sealed[0], '\x01');
  std::string associated = "tessera.draft.v1";
  associated += std::string("\x01\x02\x03\x04\x05\x06\x07\x08");
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data()) + 1;
  std::string padded(sealed.size() - kSealedDraftOverhead, '\0');
  ASSERT_EQ(crypto_aead_xchacha20poly1305_ietf_decrypt(
                reinterpret_cast<unsigned char*>(padded.data()), nullptr, nullptr, nonce + 24,
                sealed.size() - 25, reinterpret_cast<const unsigned char*>(associated.data()),
                associated.size(), nonce, key),
            0);
  // ISO/IEC 7816-4 padding: 0x80, then zeros up to the block.
  ASSERT_EQ(padded.size(), 64u);
  EXPECT_EQ(padded.substr(0, sizeof kAnswers - 1), kAnswers);
  EXPECT_EQ(Hex(padded.substr(sizeof kAnswers - 1)),
            "80" + std::string((64 - sizeof kAnswers) * 2, '0'));
}

TEST(SealedDraftTest, BlockHoldsTheLongestValidDraft) {
  instruments::Instrument instrument = testing::MakeTestInstrument();
  for (instruments::Section& section : instrument.sections) {
    for (instruments::Item& item : section.items) {
      if (item.type == instruments::ItemType::kText) item.max_length = 2000;
    }
  }
  const std::vector<std::string> teams = {"youth", "family-support"};
  const size_t block = DraftBlockSize(instrument, teams);
  EXPECT_EQ(block % 4096, 0u);
  // The character whose JSON text is longest among those validation accepts: a control
  // character written \u00XX, else a 4-byte UTF-8 one.
  std::string longest = "\x01";
  if (!ValidateAnswers(instrument, teams, {{"answers", {{"COMMENT", longest}}}},
                       ValidationMode::kDraft)
           .ok()) {
    longest = "\xF0\x9F\x98\x80";
  }
  // Every item at its longest: each text at its maximum length, every choice of a
  // multiple-choice item at once, the longest code or value.
  nlohmann::json answers = nlohmann::json::object();
  for (const instruments::Item* item : instrument.Items()) {
    const instruments::ResponseScale* scale = instrument.FindScale(item->scale);
    switch (item->type) {
      case instruments::ItemType::kText: {
        std::string text;
        for (int i = 0; i < item->max_length; ++i) text += longest;
        answers[item->id] = text;
        break;
      }
      case instruments::ItemType::kNumber:
        answers[item->id] = 0.12345678901234568;
        break;
      case instruments::ItemType::kMultipleChoice: {
        nlohmann::json all = nlohmann::json::array();
        if (scale->values_from.empty()) {
          for (const auto& value : scale->values) all.push_back(value.code);
        } else {
          for (const auto& team : teams) all.push_back(team);
        }
        answers[item->id] = all;
        break;
      }
      default:
        answers[item->id] =
            scale->ordered() ? nlohmann::json(scale->values.back().number)
                             : nlohmann::json(scale->values_from.empty() ? scale->values.back().code
                                                                         : teams.back());
    }
  }
  AnswerCheck check =
      ValidateAnswers(instrument, teams, {{"answers", answers}}, ValidationMode::kDraft);
  ASSERT_TRUE(check.ok()) << check.problems.front().pointer << " " << check.problems.front().code;
  const std::string text = check.answers.dump();
  EXPECT_LT(text.size(), block) << text.size();
  // So the longest draft and the shortest are sealed at the same size.
  EXPECT_EQ(SealDraft(kToken, 1, text, block).size(), SealDraft(kToken, 1, "{}", block).size());
}

}  // namespace
}  // namespace tessera::survey
