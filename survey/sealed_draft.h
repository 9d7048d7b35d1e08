// Drafts sealed with a key that only their link's token gives. The store keeps a sealed draft
// against its link id and never sees the answers in it; the token, from which the key is
// derived, is never stored (only SHA-256(token) is, to find the link, and that neither is the
// key nor leads to it).
//
//   key     = BLAKE2b-256(token, personalisation "tessera.draftkey")   (libsodium generichash)
//   sealed  = 0x01 || nonce (24 random bytes) || XChaCha20-Poly1305-IETF(key, nonce,
//             plaintext = ISO/IEC 7816-4 padding of the answers' JSON text to a multiple of
//             `block` bytes, associated data = "tessera.draft.v1" || link id, 8 bytes big-endian)
//
// The link id as associated data makes a sealed draft open under its own link only. The
// padding makes every draft of a campaign the same size (DraftBlockSize), so a stored draft
// says nothing about how long its answers are.
#ifndef TESSERA_SURVEY_SEALED_DRAFT_H_
#define TESSERA_SURVEY_SEALED_DRAFT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "instruments/instrument.h"
#include "instruments/status.h"

namespace tessera::survey {

// The bytes sealing adds to the padded answers: the format byte, the nonce and the tag.
inline constexpr size_t kSealedDraftOverhead = 1 + 24 + 16;

// `answers` (a draft's JSON text) sealed for `link_id` under the key of `token`, padded to the
// next multiple of `block` bytes (at least one byte of padding is always added).
std::string SealDraft(std::string_view token, int64_t link_id, std::string_view answers,
                      size_t block);

// The answers text sealed by SealDraft with the same token and link id. kCorruption when the
// bytes were changed, were sealed for another link or under another token, or are not a
// sealed draft.
Result<std::string> OpenDraft(std::string_view token, int64_t link_id, std::string_view sealed);

// The padding block for the drafts of a campaign: larger than the JSON text of any answers
// object that passes draft validation for `instrument` with these team slugs (every item
// answered at its longest, each text at its maximum length with every character escaped), in
// whole 4 KiB. Every valid draft of the campaign is then sealed at the same size.
size_t DraftBlockSize(const instruments::Instrument& instrument,
                      const std::vector<std::string>& teams);

}  // namespace tessera::survey

#endif  // TESSERA_SURVEY_SEALED_DRAFT_H_
