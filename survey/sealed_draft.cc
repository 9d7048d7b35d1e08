#include "survey/sealed_draft.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdlib>

namespace tessera::survey {
namespace {

constexpr unsigned char kFormat = 0x01;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
// BLAKE2b's personalisation is exactly 16 bytes; it keeps this key apart from every other use
// of the token (the stored SHA-256 that finds the link).
constexpr char kKeyPersonal[crypto_generichash_blake2b_PERSONALBYTES + 1] = "tessera.draftkey";
constexpr std::string_view kAssociatedPrefix = "tessera.draft.v1";
constexpr size_t kWholeBlock = 4096;
constexpr std::string_view kTeamsSource = "organisation.teams";

static_assert(crypto_aead_xchacha20poly1305_ietf_ABYTES == 16);
static_assert(kSealedDraftOverhead == 1 + kNonceBytes + 16);

void EnsureSodium() {
  static const bool kReady = sodium_init() >= 0;
  if (!kReady) std::abort();
}

// The draft key of a token; wiped by its destructor.
class DraftKey {
 public:
  explicit DraftKey(std::string_view token) {
    crypto_generichash_blake2b_salt_personal(
        key_.data(), key_.size(), reinterpret_cast<const unsigned char*>(token.data()),
        token.size(), nullptr, 0, nullptr, reinterpret_cast<const unsigned char*>(kKeyPersonal));
  }
  ~DraftKey() { sodium_memzero(key_.data(), key_.size()); }
  DraftKey(const DraftKey&) = delete;
  DraftKey& operator=(const DraftKey&) = delete;
  const unsigned char* data() const { return key_.data(); }

 private:
  std::array<unsigned char, kKeyBytes> key_{};
};

std::string AssociatedData(int64_t link_id) {
  std::string data(kAssociatedPrefix);
  const auto id = static_cast<uint64_t>(link_id);
  for (int shift = 56; shift >= 0; shift -= 8) {
    data.push_back(static_cast<char>((id >> shift) & 0xFFu));
  }
  return data;
}

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

// The longest JSON text of a string of `length` bytes or code points: every one escaped as
// \u00XX, the longest escape nlohmann::json writes.
size_t StringBound(size_t length) { return 2 + 6 * length; }

size_t NumberBound(int64_t number) { return std::to_string(number).size(); }

// The longest JSON text of one value of `scale` (a number or a quoted code).
size_t ValueBound(const instruments::ResponseScale& scale, const std::vector<std::string>& teams) {
  size_t longest = 0;
  if (scale.values_from == kTeamsSource) {
    for (const std::string& team : teams) longest = std::max(longest, StringBound(team.size()));
    return longest;
  }
  for (const instruments::ScaleValue& value : scale.values) {
    longest = std::max(
        longest, scale.ordered() ? NumberBound(value.number) : StringBound(value.code.size()));
  }
  return longest;
}

// The longest offered code of `item`, quoted.
size_t CodeBound(const instruments::Item& item, const instruments::ResponseScale& scale) {
  size_t longest = 0;
  for (const instruments::ScaleCode& code : scale.codes) {
    longest = std::max(longest, StringBound(code.code.size()));
  }
  if (item.codes) {
    for (const std::string& code : *item.codes) {
      longest = std::max(longest, StringBound(code.size()));
    }
  }
  return longest;
}

// Every value of the scale chosen at once: "[v1,v2,...]".
size_t AllValuesBound(const instruments::ResponseScale& scale,
                      const std::vector<std::string>& teams) {
  size_t total = 2;
  if (scale.values_from == kTeamsSource) {
    for (const std::string& team : teams) total += StringBound(team.size()) + 1;
    return total;
  }
  for (const instruments::ScaleValue& value : scale.values) {
    total += (scale.ordered() ? NumberBound(value.number) : StringBound(value.code.size())) + 1;
  }
  return total;
}

// The longest JSON text of an accepted answer to `item`.
size_t AnswerBound(const instruments::Instrument& instrument, const instruments::Item& item,
                   const std::vector<std::string>& teams) {
  // Integers (int64) and doubles as nlohmann::json writes them take at most 24 characters.
  constexpr size_t kNumberBound = 32;
  switch (item.type) {
    case instruments::ItemType::kText:
      return StringBound(static_cast<size_t>(std::max(item.max_length, 0)));
    case instruments::ItemType::kNumber:
      return kNumberBound;
    case instruments::ItemType::kScale:
    case instruments::ItemType::kSingleChoice:
    case instruments::ItemType::kMultipleChoice: {
      const instruments::ResponseScale* scale = instrument.FindScale(item.scale);
      if (scale == nullptr) return 0;  // never accepted by validation
      const size_t code = CodeBound(item, *scale);
      if (item.type == instruments::ItemType::kMultipleChoice) {
        return std::max(AllValuesBound(*scale, teams), code + 2);
      }
      return std::max(ValueBound(*scale, teams), code);
    }
  }
  return 0;
}

}  // namespace

std::string SealDraft(std::string_view token, int64_t link_id, std::string_view answers,
                      size_t block) {
  EnsureSodium();
  block = std::max<size_t>(block, 1);
  const size_t padded_size = (answers.size() / block + 1) * block;
  std::string padded(padded_size, '\0');
  std::copy(answers.begin(), answers.end(), padded.begin());
  size_t padded_length = 0;
  if (sodium_pad(&padded_length, reinterpret_cast<unsigned char*>(padded.data()), answers.size(),
                 block, padded.size()) != 0 ||
      padded_length != padded_size) {
    std::abort();  // the buffer is sized for the padding above: cannot happen
  }
  std::string sealed(1 + kNonceBytes + padded_size + crypto_aead_xchacha20poly1305_ietf_ABYTES,
                     '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  out[0] = kFormat;
  randombytes_buf(out + 1, kNonceBytes);
  const DraftKey key(token);
  const std::string associated = AssociatedData(link_id);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + 1 + kNonceBytes, &written, Bytes(padded),
                                             padded.size(), Bytes(associated), associated.size(),
                                             nullptr, out + 1, key.data());
  sodium_memzero(padded.data(), padded.size());
  sealed.resize(1 + kNonceBytes + static_cast<size_t>(written));
  return sealed;
}

Result<std::string> OpenDraft(std::string_view token, int64_t link_id, std::string_view sealed) {
  EnsureSodium();
  const Status unreadable = Status::Corruption(
      "the saved answers of this link cannot be read: they were changed or "
      "do not belong to this link");
  if (sealed.size() < kSealedDraftOverhead + 1 ||
      static_cast<unsigned char>(sealed[0]) != kFormat) {
    return unreadable;
  }
  const unsigned char* nonce = Bytes(sealed) + 1;
  const unsigned char* cipher = nonce + kNonceBytes;
  const size_t cipher_size = sealed.size() - 1 - kNonceBytes;
  std::string padded(cipher_size - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  const DraftKey key(token);
  const std::string associated = AssociatedData(link_id);
  unsigned long long opened = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(padded.data()), &opened, nullptr, cipher, cipher_size,
          Bytes(associated), associated.size(), nonce, key.data()) != 0) {
    return unreadable;
  }
  size_t length = 0;
  if (sodium_unpad(&length, Bytes(padded), padded.size(), padded.size()) != 0) return unreadable;
  padded.resize(length);
  return padded;
}

size_t DraftBlockSize(const instruments::Instrument& instrument,
                      const std::vector<std::string>& teams) {
  size_t bound = 2;  // {}
  for (const instruments::Item* item : instrument.Items()) {
    // "ID":value,
    bound += StringBound(item->id.size()) + 1 + AnswerBound(instrument, *item, teams) + 1;
  }
  // One byte more than the bound (padding always adds one), in whole blocks of 4 KiB.
  return (bound / kWholeBlock + 1) * kWholeBlock;
}

}  // namespace tessera::survey
