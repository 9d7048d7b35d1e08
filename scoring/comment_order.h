// Free-text comments for display: withheld for a group under k respondents or with fewer than k
// comments, otherwise put in an order that depends on the texts alone (a keyed SipHash-2-4 of
// each text), so it cannot follow the order in which they were submitted or stored. Also the
// check that the groups whose comments are shown cannot be crossed to place a comment among
// fewer than k people. Counts and texts only; docs/scoring-parts/anonymity.md.
#ifndef TESSERA_SCORING_COMMENT_ORDER_H_
#define TESSERA_SCORING_COMMENT_ORDER_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "instruments/status.h"
#include "scoring/view_guard.h"

namespace tessera::scoring {

// The 128-bit SipHash key that shuffles comments. Any fixed value keeps the order independent
// of submission; a random key per campaign, kept with it, keeps the order unpredictable.
struct CommentOrderKey {
  uint64_t k0 = 0;
  uint64_t k1 = 0;
};

// True for a text that is empty or only white space: never a comment.
bool IsBlankComment(std::string_view text);

// SipHash-2-4 (Aumasson and Bernstein) of the bytes of `text`.
uint64_t SipHash24(const CommentOrderKey& key, std::string_view text);

// The comments on one free-text question from one shown group of `group_n` respondents, in
// display order, or nullopt when withheld: when group_n < k, or when fewer than k of the texts
// are comments (texts that are empty or only white space are dropped and do not count).
// Order: by SipHash24 of the text, then by the text itself; equal texts are interchangeable,
// so the result depends only on the multiset of texts, never on their order in `comments`.
std::optional<std::vector<std::string>> CommentsForDisplay(std::vector<std::string> comments,
                                                           int64_t group_n, int64_t k,
                                                           const CommentOrderKey& key);

// The views in which one question's comments are shown, checked together. A comment appears
// in every such view that holds its writer, so whoever compares the lists learns which views
// hold the writer: the writer is narrowed to the respondents who belong to exactly that
// combination of views. `commenters` cross-tabulates the respondents who wrote a comment on the
// question. OK when each such combination holds 0 or at least k commenters; otherwise
// kFailedPrecondition. (This is stricter than AuditViews: comments are not sums, and crossing
// two views locates a comment in their intersection.) kInvalidArgument for negative counts or
// empty grouping names or values.
Status CheckCommentViews(std::span<const GroupsCount> commenters,
                         std::span<const GroupValues> views, int64_t k);

}  // namespace tessera::scoring

#endif  // TESSERA_SCORING_COMMENT_ORDER_H_
