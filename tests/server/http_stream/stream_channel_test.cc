// StreamChannel on its own: coalescing and splitting, the bound, wake-ups, Close and failure.
#include "server/http/stream_channel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

namespace tessera::server {
namespace {

constexpr std::chrono::seconds kDeadline{60};

TEST(StreamChannelTest, CoalescesSmallWritesAndSplitsLargeOnes) {
  StreamChannel channel;
  // 3 x 1000 bytes share one chunk; 150 KiB then fills it and continues in new ones.
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(channel.Write(std::string(1000, 'a')));
  ASSERT_TRUE(channel.Write(std::string(150 * 1024, 'b')));
  std::string all;
  std::vector<std::size_t> sizes;
  while (channel.Poll() == StreamChannel::Ready::kChunk) {
    std::string chunk = channel.TakeChunk();
    sizes.push_back(chunk.size());
    all += chunk;
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{kStreamChunkBytes, kStreamChunkBytes,
                                             3000 + 150 * 1024 - 2 * kStreamChunkBytes}));
  EXPECT_EQ(all, std::string(3000, 'a') + std::string(150 * 1024, 'b'));
}

TEST(StreamChannelTest, EmptyWriteQueuesNothing) {
  StreamChannel channel;
  EXPECT_TRUE(channel.Write(""));
  EXPECT_EQ(channel.Poll(), StreamChannel::Ready::kWait);
}

TEST(StreamChannelTest, ProducerNeverHoldsMoreThanTheBound) {
  auto high_water = std::make_shared<std::atomic<std::size_t>>(0);
  StreamChannel channel(high_water);
  constexpr std::size_t kTotal = 40 * kStreamChunkBytes + 123;
  std::future<bool> producer = std::async(std::launch::async, [&channel] {
    const std::string piece(10000, 'x');
    std::size_t sent = 0;
    while (sent < kTotal) {
      const std::size_t size = std::min(piece.size(), kTotal - sent);
      if (!channel.Write(std::string_view(piece).substr(0, size))) return false;
      sent += size;
    }
    channel.Finish(Status::Ok());
    return true;
  });
  // The consumer waits until the producer is held back (the bound is reached) before taking.
  std::size_t received = 0;
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (true) {
    const StreamChannel::Ready ready = channel.Poll();
    if (ready == StreamChannel::Ready::kFinished) break;
    ASSERT_NE(ready, StreamChannel::Ready::kFailed);
    ASSERT_LT(std::chrono::steady_clock::now(), deadline);
    if (ready == StreamChannel::Ready::kChunk && high_water->load() >= kStreamQueueChunks) {
      received += channel.TakeChunk().size();
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  ASSERT_EQ(producer.wait_for(kDeadline), std::future_status::ready);
  EXPECT_TRUE(producer.get());
  EXPECT_EQ(received, kTotal);
  EXPECT_EQ(high_water->load(), kStreamQueueChunks);
}

TEST(StreamChannelTest, CloseReleasesABlockedProducer) {
  StreamChannel channel;
  std::promise<void> full;
  std::future<bool> producer = std::async(std::launch::async, [&channel, &full] {
    for (std::size_t i = 0; i < kStreamQueueChunks; ++i) {
      if (!channel.Write(std::string(kStreamChunkBytes, 'x'))) return true;
    }
    full.set_value();
    return channel.Write("one more byte than fits");  // blocks until Close
  });
  ASSERT_EQ(full.get_future().wait_for(kDeadline), std::future_status::ready);
  channel.Close();
  ASSERT_EQ(producer.wait_for(kDeadline), std::future_status::ready);
  EXPECT_FALSE(producer.get());
  EXPECT_TRUE(channel.closed());
  EXPECT_FALSE(channel.Write("after close"));
}

TEST(StreamChannelTest, WakeComesOnceWhenDataArrivesAfterAWait) {
  StreamChannel channel;
  int wakes = 0;
  channel.SetWake([&wakes] { ++wakes; });
  ASSERT_TRUE(channel.Write("early"));
  EXPECT_EQ(wakes, 0);  // nobody was waiting
  ASSERT_EQ(channel.Poll(), StreamChannel::Ready::kChunk);
  EXPECT_EQ(channel.TakeChunk(), "early");
  ASSERT_EQ(channel.Poll(), StreamChannel::Ready::kWait);
  ASSERT_TRUE(channel.Write("a"));
  ASSERT_TRUE(channel.Write("b"));
  EXPECT_EQ(wakes, 1);
  ASSERT_EQ(channel.Poll(), StreamChannel::Ready::kChunk);
  EXPECT_EQ(channel.TakeChunk(), "ab");
  ASSERT_EQ(channel.Poll(), StreamChannel::Ready::kWait);
  channel.Finish(Status::Ok());
  EXPECT_EQ(wakes, 2);
  EXPECT_EQ(channel.Poll(), StreamChannel::Ready::kFinished);
  EXPECT_TRUE(channel.status().ok());
}

TEST(StreamChannelTest, FailureIsReportedBeforeQueuedChunks) {
  StreamChannel channel;
  ASSERT_TRUE(channel.Write("partial"));
  channel.Finish(Status::Internal("boom"));
  EXPECT_EQ(channel.Poll(), StreamChannel::Ready::kFailed);
  EXPECT_EQ(channel.status().code(), StatusCode::kInternal);
}

TEST(StreamChannelTest, CloseDropsTheWakeFunction) {
  StreamChannel channel;
  auto token = std::make_shared<int>(1);
  channel.SetWake([token] {});
  EXPECT_EQ(token.use_count(), 2);
  channel.Close();
  EXPECT_EQ(token.use_count(), 1);
  channel.SetWake([token] {});  // ignored once closed
  EXPECT_EQ(token.use_count(), 1);
}

}  // namespace
}  // namespace tessera::server
