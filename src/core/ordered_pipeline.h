// Parallel work that comes out in input order: one producer, N workers and
// an in-order emitter, with a bounded number of batches in flight.
//
// The producer runs on its own thread and cuts the input into batches; any
// worker turns a batch into output; the calling thread emits batches in the
// order they were produced, so the output is the same whatever the number of
// threads. Memory stays bounded: the producer waits while `max_in_flight`
// batches, or more than `max_bytes_in_flight` bytes of them, are produced but
// not yet emitted (one batch is always allowed, however large).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace chancery {

struct PipelineLimits {
  unsigned threads = 1;  // workers; 1 runs everything inline on the calling thread
  std::size_t max_in_flight = 4;
  std::size_t max_bytes_in_flight = std::size_t{32} << 20;
};

// Runs until `produce` has nothing left or `emit` asks to stop.
//  produce(Batch&) -> bool: fills a fresh batch; false when nothing was added
//    (the input is exhausted; it is not called again).
//  work(Batch&): makes the batch's output; called on any thread.
//  emit(Batch&) -> bool: called in production order on the calling thread;
//    false stops the pipeline (e.g. the output was closed).
//  bytes(const Batch&) -> std::size_t: memory a produced batch holds.
// An exception thrown by any of them stops the pipeline and is rethrown here
// once every thread has been joined.
template <typename Batch, typename Produce, typename Work, typename Emit, typename Bytes>
void run_ordered(const PipelineLimits& limits, Produce produce, Work work, Emit emit, Bytes bytes) {
  if (limits.threads <= 1) {
    for (;;) {
      Batch batch;
      if (!produce(batch)) return;
      work(batch);
      if (!emit(batch)) return;
    }
  }

  std::mutex mu;
  std::condition_variable room;   // producer: a batch was emitted, or stop
  std::condition_variable ready;  // workers: a batch to work on, or the end
  std::condition_variable done;   // emitter: a batch was worked on, or the end
  // A batch with the bytes it was counted for in `bytes_in_flight`.
  struct Slot {
    std::unique_ptr<Batch> batch;
    std::size_t bytes = 0;
  };
  std::deque<Slot> todo;
  std::map<std::uint64_t, Slot> finished;
  std::uint64_t produced = 0;  // batches handed to workers
  std::uint64_t emitted = 0;
  std::size_t bytes_in_flight = 0;
  bool producer_done = false;
  bool stop = false;
  unsigned workers_running = limits.threads;
  std::exception_ptr failure;

  const auto fail = [&](std::exception_ptr e) {
    std::lock_guard lock(mu);
    if (!failure) failure = e;
    stop = true;
    room.notify_all();
    ready.notify_all();
    done.notify_all();
  };

  std::thread producer([&] {
    try {
      for (;;) {
        {
          std::unique_lock lock(mu);
          room.wait(lock, [&] {
            return stop || (produced - emitted < limits.max_in_flight &&
                            (bytes_in_flight < limits.max_bytes_in_flight || produced == emitted));
          });
          if (stop) break;
        }
        auto batch = std::make_unique<Batch>();
        if (!produce(*batch)) break;
        const std::size_t size = bytes(*batch);
        std::lock_guard lock(mu);
        todo.push_back(Slot{std::move(batch), size});
        ++produced;
        bytes_in_flight += size;
        ready.notify_one();
      }
    } catch (...) {
      fail(std::current_exception());
    }
    std::lock_guard lock(mu);
    producer_done = true;
    ready.notify_all();
    done.notify_all();
  });

  // Each worker needs to know a batch's place in the output: the producer
  // hands batches out in order, so the position in `todo` plus the count of
  // batches already taken is it.
  std::uint64_t taken = 0;
  std::vector<std::thread> workers;
  workers.reserve(limits.threads);
  for (unsigned i = 0; i < limits.threads; ++i) {
    workers.emplace_back([&] {
      try {
        for (;;) {
          Slot slot;
          std::uint64_t seq = 0;
          {
            std::unique_lock lock(mu);
            ready.wait(lock, [&] { return stop || !todo.empty() || producer_done; });
            if (stop || todo.empty()) break;
            slot = std::move(todo.front());
            todo.pop_front();
            seq = taken++;
          }
          work(*slot.batch);
          std::lock_guard lock(mu);
          finished.emplace(seq, std::move(slot));
          done.notify_one();
        }
      } catch (...) {
        fail(std::current_exception());
      }
      std::lock_guard lock(mu);
      --workers_running;
      done.notify_all();
    });
  }

  try {
    for (;;) {
      Slot slot;
      {
        std::unique_lock lock(mu);
        done.wait(lock, [&] {
          return stop || finished.count(emitted) != 0 || (producer_done && workers_running == 0);
        });
        if (stop) break;
        auto it = finished.find(emitted);
        if (it == finished.end()) break;  // producer and workers are done: all emitted
        slot = std::move(it->second);
        finished.erase(it);
      }
      const bool more = emit(*slot.batch);
      slot.batch.reset();
      std::lock_guard lock(mu);
      ++emitted;
      bytes_in_flight -= slot.bytes;
      if (!more) stop = true;
      room.notify_all();
      if (stop) {
        ready.notify_all();
        break;
      }
    }
  } catch (...) {
    fail(std::current_exception());
  }

  producer.join();
  for (std::thread& worker : workers) worker.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace chancery
