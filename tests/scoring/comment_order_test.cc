// Comments for display, tested as attacks: a group just under k, too few comments, an attempt
// to recover the order of submission, and comment lists of crossing views compared.
#include "scoring/comment_order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace tessera::scoring {
namespace {

constexpr CommentOrderKey kKey{0x0123456789abcdefULL, 0xfedcba9876543210ULL};

std::vector<std::string> Comments(int count) {
  std::vector<std::string> comments;
  for (int i = 0; i < count; ++i) comments.push_back("comment number " + std::to_string(i));
  return comments;
}

TEST(SipHashTest, MatchesTheReferenceVectors) {
  // Key 00 01 .. 0f; messages of 0 and of 15 bytes 00 01 .. 0e (Aumasson and Bernstein).
  const CommentOrderKey key{0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL};
  EXPECT_EQ(SipHash24(key, ""), 0x726fdb47dd0e0e31ULL);
  std::string fifteen;
  for (char c = 0; c < 15; ++c) fifteen.push_back(c);
  EXPECT_EQ(SipHash24(key, fifteen), 0xa129ca6149be45e5ULL);
}

TEST(CommentsForDisplayTest, AGroupOfKMinusOneShowsNoComments) {
  // Attack: a group of 4 with k = 5; every one of them wrote a comment.
  EXPECT_EQ(CommentsForDisplay(Comments(4), 4, 5, kKey), std::nullopt);
  EXPECT_EQ(CommentsForDisplay(Comments(9), 4, 5, kKey), std::nullopt);  // a caller's mistake
  EXPECT_EQ(CommentsForDisplay(Comments(5), 0, 5, kKey), std::nullopt);
}

TEST(CommentsForDisplayTest, FewerThanKCommentsInALargeGroupAreWithheld) {
  // Attack: in a team of 12, the manager knows the one or two people who always write
  // comments; a list of 4 comments narrows each writer to 4 people.
  EXPECT_EQ(CommentsForDisplay(Comments(4), 12, 5, kKey), std::nullopt);
  EXPECT_EQ(CommentsForDisplay(Comments(1), 12, 5, kKey), std::nullopt);
  const auto five = CommentsForDisplay(Comments(5), 12, 5, kKey);
  ASSERT_TRUE(five.has_value());
  EXPECT_EQ(five->size(), 5u);
}

TEST(CommentsForDisplayTest, BlankTextsAreNotComments) {
  std::vector<std::string> comments = Comments(4);
  comments.insert(comments.end(), {"", "   ", "\n\t"});
  EXPECT_EQ(CommentsForDisplay(comments, 12, 5, kKey), std::nullopt);
  comments.push_back(" one more ");
  const auto shown = CommentsForDisplay(comments, 12, 5, kKey);
  ASSERT_TRUE(shown.has_value());
  EXPECT_EQ(shown->size(), 5u);
  EXPECT_NE(std::find(shown->begin(), shown->end(), " one more "), shown->end());  // as written
}

TEST(CommentsForDisplayTest, TheOrderDoesNotDependOnTheOrderOfSubmission) {
  // Attack: the manager knows who answered last and looks for the last comment. Every order of
  // submission gives the same list.
  std::vector<std::string> submitted = Comments(7);
  submitted.push_back("comment number 3");  // a duplicate, shown twice
  const auto reference = CommentsForDisplay(submitted, 20, 5, kKey);
  ASSERT_TRUE(reference.has_value());
  ASSERT_EQ(reference->size(), 8u);
  std::mt19937 random(5);
  for (int i = 0; i < 200; ++i) {
    std::shuffle(submitted.begin(), submitted.end(), random);
    ASSERT_EQ(CommentsForDisplay(submitted, 20, 5, kKey), reference);
  }
  // And it is not simply the submission order or its reverse.
  EXPECT_NE(*reference, Comments(7));
}

TEST(CommentsForDisplayTest, OrderIsByKeyedHashThenText) {
  const auto shown = CommentsForDisplay(Comments(10), 20, 5, kKey);
  ASSERT_TRUE(shown.has_value());
  for (size_t i = 1; i < shown->size(); ++i) {
    EXPECT_LE(SipHash24(kKey, (*shown)[i - 1]), SipHash24(kKey, (*shown)[i]));
  }
  // Another key shuffles differently, with the same comments.
  const auto other = CommentsForDisplay(Comments(10), 20, 5, CommentOrderKey{1, 2});
  ASSERT_TRUE(other.has_value());
  EXPECT_NE(*other, *shown);
  std::vector<std::string> a = *shown;
  std::vector<std::string> b = *other;
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  EXPECT_EQ(a, b);
}

TEST(CommentsForDisplayTest, AThresholdUnderTheMinimumIsRaised) {
  EXPECT_EQ(CommentsForDisplay(Comments(2), 2, 1, kKey), std::nullopt);
  EXPECT_TRUE(CommentsForDisplay(Comments(3), 3, 1, kKey).has_value());
}

std::vector<GroupsCount> Commenters(std::initializer_list<std::pair<GroupValues, int64_t>> rows) {
  std::vector<GroupsCount> result;
  for (const auto& [groups, n] : rows) result.push_back({groups, n});
  return result;
}

TEST(CheckCommentViewsTest, CrossingViewsWouldPlaceACommentInTheirIntersection) {
  // Attack: team A's comments and the managers' comments are both shown. A comment in both
  // lists was written by a manager in team A, and only one commenter is that.
  const auto commenters = Commenters({{{{"team", "A"}, {"role", "manager"}}, 1},
                                      {{{"team", "A"}, {"role", "staff"}}, 6},
                                      {{{"team", "B"}, {"role", "manager"}}, 8}});
  const std::vector<GroupValues> views = {{{"team", "A"}}, {{"role", "manager"}}};
  const Status status = CheckCommentViews(commenters, views, 5);
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message().find('1'), std::string::npos);  // no count in the message
  // Each list alone is fine: its comments are narrowed to 7 and 9 commenters.
  EXPECT_TRUE(CheckCommentViews(commenters, std::vector<GroupValues>{views[0]}, 5).ok());
  EXPECT_TRUE(CheckCommentViews(commenters, std::vector<GroupValues>{views[1]}, 5).ok());
}

TEST(CheckCommentViewsTest, TheWholeListMinusTheTeamListsIsChecked) {
  // Attack: comments for the whole campaign and for teams A and B; team C's 2 commenters are
  // the comments that appear in the whole list and no team list.
  const auto commenters =
      Commenters({{{{"team", "A"}}, 6}, {{{"team", "B"}}, 7}, {{{"team", "C"}}, 2}});
  const std::vector<GroupValues> views = {{}, {{"team", "A"}}, {{"team", "B"}}};
  EXPECT_EQ(CheckCommentViews(commenters, views, 5).code(), StatusCode::kFailedPrecondition);
  // Without B's list, B and C together (9) are what is left.
  EXPECT_TRUE(CheckCommentViews(commenters, std::vector<GroupValues>{{}, {{"team", "A"}}}, 5).ok());
}

TEST(CheckCommentViewsTest, ABreakdownWithLargeCellsAndANotStatedGroupPasses) {
  const auto commenters =
      Commenters({{{{"team", "A"}}, 6}, {{{"team", "B"}}, 7}, {{}, 5}, {{{"team", "C"}}, 0}});
  const std::vector<GroupValues> views = {{}, {{"team", "A"}}, {{"team", "B"}}, {{"team", "C"}}};
  EXPECT_TRUE(CheckCommentViews(commenters, views, 5).ok());
}

TEST(CheckCommentViewsTest, BadInputIsInvalid) {
  EXPECT_EQ(CheckCommentViews(Commenters({{{{"team", "A"}}, -1}}), std::vector<GroupValues>{{}}, 5)
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckCommentViews(Commenters({{{{"team", "A"}}, 9}}),
                              std::vector<GroupValues>{{{"team", ""}}}, 5)
                .code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tessera::scoring
