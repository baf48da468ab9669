#include "core/ordered_pipeline.h"

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace chancery {
namespace {

struct Batch {
  int value = 0;
  std::string out;
};

// Produces `count` batches numbered 0..count-1 and collects what is emitted.
std::vector<std::string> run(unsigned threads, int count, int stop_after = -1) {
  int next = 0;
  std::vector<std::string> emitted;
  run_ordered<Batch>(
      PipelineLimits{.threads = threads, .max_in_flight = 2 * threads + 2},
      [&](Batch& b) {
        if (next == count) return false;
        b.value = next++;
        return true;
      },
      [](Batch& b) {
        // Uneven work so that batches finish out of order.
        std::uint64_t x = static_cast<std::uint64_t>(b.value);
        for (int i = 0; i < (b.value % 7) * 20000; ++i) x = x * 6364136223846793005u + 1;
        b.out = std::to_string(b.value) + (x == 42 ? "!" : "");
      },
      [&](const Batch& b) {
        emitted.push_back(b.out);
        return stop_after < 0 || static_cast<int>(emitted.size()) < stop_after;
      },
      [](const Batch&) { return std::size_t{1}; });
  return emitted;
}

TEST(OrderedPipeline, EmitsInProductionOrderWhateverTheThreads) {
  const std::vector<std::string> one = run(1, 500);
  ASSERT_EQ(one.size(), 500u);
  for (unsigned threads : {2u, 3u, 8u}) {
    SCOPED_TRACE(threads);
    EXPECT_EQ(run(threads, 500), one);
  }
}

TEST(OrderedPipeline, NothingToProduceEmitsNothing) {
  for (unsigned threads : {1u, 4u}) EXPECT_TRUE(run(threads, 0).empty());
}

TEST(OrderedPipeline, EmitReturningFalseStopsEverything) {
  for (unsigned threads : {1u, 2u, 4u}) {
    SCOPED_TRACE(threads);
    EXPECT_EQ(run(threads, 10000, 3).size(), 3u);
  }
}

TEST(OrderedPipeline, BoundsTheBatchesInFlight) {
  std::atomic<int> in_flight = 0;
  int max_seen = 0;
  int next = 0;
  const PipelineLimits limits{.threads = 3, .max_in_flight = 4};
  run_ordered<Batch>(
      limits,
      [&](Batch& b) {
        if (next == 300) return false;
        b.value = next++;
        max_seen = std::max(max_seen, ++in_flight);
        return true;
      },
      [](Batch&) {},
      [&](const Batch&) {
        --in_flight;
        return true;
      },
      [](const Batch&) { return std::size_t{1}; });
  EXPECT_LE(max_seen, 4);
}

TEST(OrderedPipeline, AnExceptionReachesTheCaller) {
  for (unsigned threads : {1u, 2u}) {
    SCOPED_TRACE(threads);
    int next = 0;
    EXPECT_THROW(
        run_ordered<Batch>(
            PipelineLimits{.threads = threads},
            [&](Batch& b) {
              b.value = next++;
              return next < 1000;
            },
            [](Batch& b) {
              if (b.value == 17) throw std::runtime_error("boom");
            },
            [](const Batch&) { return true; }, [](const Batch&) { return std::size_t{1}; }),
        std::runtime_error);
  }
}

}  // namespace
}  // namespace chancery
