// The sample stream: the FIFO and weight register formats, sequence-gap counting, and the
// lock-free SPSC ring between the driver thread and the control loop.
#include "drivers/forceplate/fifo_block.hpp"
#include "drivers/forceplate/force_sample.hpp"
#include "drivers/forceplate/sequence_tracker.hpp"
#include "drivers/forceplate/spsc_ring.hpp"
#include "drivers/forceplate/weight_block.hpp"
#include "plate_test_support.hpp"

#include <thread>

using namespace tg;
using forceplate::SequenceTracker;

TEST_CASE("FIFO sample format: four int24 counts packed big-endian in six registers") {
    // Written out by hand from loadcell-fifo-4ch.md: ch0 = 0x123456, ch1 = -1,
    // ch2 = -8388608 (0x800000), ch3 = 8388607 (0x7FFFFF).
    const std::array<std::uint16_t, 6> regs{0x1234, 0x56FF, 0xFFFF, 0x8000, 0x007F, 0xFFFF};
    const auto c = forceplate::decode_fifo_sample(regs);
    CHECK(c[0] == 0x123456);
    CHECK(c[1] == -1);
    CHECK(c[2] == -8388608);
    CHECK(c[3] == 8388607);
    std::array<std::uint16_t, 6> back{};
    forceplate::encode_fifo_sample(c, back);
    CHECK(back == regs);
    // Out-of-range counts saturate like an ADC.
    forceplate::encode_fifo_sample({9'000'000, -9'000'000, 0, 1}, back);
    const auto s = forceplate::decode_fifo_sample(back);
    CHECK(s[0] == forceplate::kInt24Max);
    CHECK(s[1] == forceplate::kInt24Min);
}

TEST_CASE("FIFO block: header, sequence numbers, and a block that claims too much") {
    std::vector<std::uint16_t> regs(5 + 6 * 3);
    forceplate::encode_fifo_header({0x0001, 40, 2, 0x0001FFFF}, regs);
    CHECK(regs[3] == 0x0001);
    CHECK(regs[4] == 0xFFFF);
    forceplate::encode_fifo_sample({1, 2, 3, 4}, std::span(regs).subspan(5, 6));
    forceplate::encode_fifo_sample({-5, 6, -7, 8}, std::span(regs).subspan(11, 6));
    std::array<forceplate::RawSample, 3> out{};
    forceplate::FifoBlockHeader h;
    REQUIRE_FALSE(forceplate::decode_fifo_block(regs, h, out));
    CHECK(h.available == 40);
    CHECK(h.count == 2);
    CHECK(out[1].sequence == 0x00020000);
    CHECK(out[1].counts[2] == -7);
    regs[2] = 4; // more than the read carries
    CHECK(forceplate::decode_fifo_block(regs, h, out).has_value());
}

TEST_CASE("weight registers: the DGT4X layout, 4 x (status, gross) then 4 x net, signs in the "
          "status word") {
    const auto m = testing::plate_map("dini-argeo-dgt4x");
    std::array<std::uint16_t, 20> regs{};
    regs[0] = 0x0002; // S1 stable (b1)
    forceplate::encode_weight_cell(m.weights, 0, -123456, 5, regs);
    forceplate::encode_weight_cell(m.weights, 1, 70000, -30, regs);
    forceplate::encode_weight_cell(m.weights, 3, -1, -1, regs);
    // The manual's register table (40202 = block register 0).
    CHECK(regs[0] == 0x0003); // stable kept, gross sign b0 set, net sign b5 clear
    CHECK(regs[1] == 0x0001); // 40203: gross S1 high word
    CHECK(regs[2] == 0xE240); // 123456 = 0x0001E240
    CHECK(regs[3] == 0x0020); // 40205: status S2, net negative (b5) only
    CHECK(regs[4] == 0x0001); // 40206-07: 70000 = 0x00011170
    CHECK(regs[5] == 0x1170);
    CHECK(regs[9] == 0x0021); // 40211: status S4, both signs
    CHECK(regs[12] == 0);     // 40214-15: net S1 = 5
    CHECK(regs[13] == 5);
    CHECK(regs[15] == 30); // 40216-17: net S2 magnitude
    CHECK(regs[19] == 1);  // 40220-21: net S4 magnitude
    const auto b = forceplate::decode_weight_block(m.weights, regs);
    CHECK(b.counts[0] == -123456);
    CHECK(b.counts[1] == 70000);
    CHECK(b.counts[2] == 0);
    CHECK(b.counts[3] == -1);
    CHECK(b.net[0] == 5);
    CHECK(b.net[1] == -30);
    CHECK(b.net[3] == -1);
    CHECK_FALSE(b.any_cell_error);
    regs[9] |= 0x0008; // scale 4 overload (b3)
    CHECK(forceplate::decode_weight_block(m.weights, regs).any_cell_error);
    regs[9] &= 0xFFF7;
    regs[6] |= 0x0004; // scale 3 underload (b2)
    CHECK(forceplate::decode_weight_block(m.weights, regs).any_cell_error);
}

TEST_CASE("sequence tracking: contiguous blocks, gaps, wrap-around, restarts") {
    SequenceTracker t;
    CHECK(t.accept(1000, 20).dropped == 0);
    CHECK(t.accept(1020, 20).dropped == 0);
    SUBCASE("a gap counts the samples missing") {
        const auto a = t.accept(1045, 20);
        CHECK(a.dropped == 5);
        CHECK(a.first == 1045);
        CHECK(t.accept(1065, 0).dropped == 0); // an empty block at the expected place
        CHECK(t.accept(1070, 1).dropped == 5);
        CHECK(t.dropped() == 10);
        CHECK(t.gaps() == 2);
        CHECK(t.received() == 61);
    }
    SUBCASE("the 32-bit counter wraps without a gap and keeps counting up") {
        SequenceTracker w;
        (void)w.accept(0xFFFFFFF0u, 16);
        const auto a = w.accept(0, 20);
        CHECK(a.dropped == 0);
        CHECK(a.first == 0x100000000ull);
        CHECK(w.accept(25, 5).dropped == 5);
        CHECK(w.next() == 0x100000000ull + 30);
    }
    SUBCASE("a device restart resynchronises without inventing lost samples") {
        const auto a = t.accept(3, 20);
        CHECK(a.restarted);
        CHECK(a.dropped == 0);
        CHECK(a.first == 1040); // the unwrapped clock never goes back
        CHECK(t.accept(23, 20).dropped == 0);
        CHECK(t.restarts() == 1);
    }
    SUBCASE("after a deliberate resynchronisation the skipped samples are not lost") {
        t.resynchronise();
        const auto a = t.accept(5000, 20);
        CHECK(a.dropped == 0);
        CHECK(a.first == 5000);
        CHECK(t.dropped() == 0);
    }
}

TEST_CASE("SPSC ring: fixed capacity, order kept, full and empty reported") {
    forceplate::SpscRing<int, 8> ring;
    int v = 0;
    CHECK_FALSE(ring.try_pop(v));
    for (int i = 0; i < 8; ++i)
        CHECK(ring.try_push(i));
    CHECK_FALSE(ring.try_push(99));
    CHECK(ring.rejected() == 1);
    CHECK(ring.size() == 8);
    for (int round = 0; round < 100; ++round) { // indices wrap many times
        REQUIRE(ring.try_pop(v));
        CHECK(v == round);
        REQUIRE(ring.try_push(round + 8));
    }
    std::array<int, 5> out{};
    CHECK(ring.pop_into(out) == 5);
    CHECK(out[0] == 100);
    CHECK(out[4] == 104);
    CHECK(ring.size() == 3);
}

TEST_CASE("SPSC ring: two threads, a million samples, none lost, reordered or torn") {
    static forceplate::SpscRing<forceplate::ForceSample, 1024> ring;
    constexpr std::uint64_t total = 1'000'000;
    std::thread producer([] {
        forceplate::ForceSample s;
        for (std::uint64_t i = 0; i < total;) {
            s.sequence = i;
            s.time_s = static_cast<double>(i) * 1e-3;
            s.cell_n = {double(i), double(i) + 1, double(i) + 2, double(i) + 3};
            s.total_n = 4.0 * static_cast<double>(i) + 6;
            if (ring.try_push(s))
                ++i;
            else
                std::this_thread::yield();
        }
    });
    std::uint64_t expected = 0, bad = 0;
    std::array<forceplate::ForceSample, 64> batch;
    while (expected < total) {
        const std::size_t n = ring.pop_into(batch);
        if (n == 0) std::this_thread::yield();
        for (std::size_t k = 0; k < n; ++k, ++expected) {
            const auto& s = batch[k];
            const bool good = s.sequence == expected && s.cell_n[3] == double(expected) + 3 &&
                              s.total_n == 4.0 * double(expected) + 6;
            bad += good ? 0 : 1;
        }
    }
    producer.join();
    CHECK(bad == 0);
    CHECK(expected == total);
    CHECK(ring.empty());
}
