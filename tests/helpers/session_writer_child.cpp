// Test helper: records tactile frames at 200 Hz into a session until it is killed, printing the
// number of frames handed to the writer after each one. Used by the SIGKILL recovery test.
#include "../TestUtil.h"

#include "insolepose/SessionWriter.h"

#include <chrono>
#include <cstdio>
#include <thread>

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: session_writer_child DIR\n");
        return 2;
    }
    using namespace insolepose;
    SessionMetadata meta;
    meta.id = "crash-test";
    SessionWriter writer(argv[1], meta);
    const auto start = std::chrono::steady_clock::now();
    for (std::uint32_t seq = 0; seq < 200 * 60; ++seq) {
        for (int foot = 0; foot < 2; ++foot) {
            TactileFrame f;
            f.foot = Foot(foot);
            f.sequence = seq;
            f.hostTime_ns = TimeNs(seq) * 5 * kNsPerMs;
            f.deviceTime_ns = f.hostTime_ns;
            f.raw_adc = test::patternFrame(seq, foot);
            writer.appendTactile(f);
        }
        std::printf("%u\n", seq + 1);
        std::fflush(stdout);
        std::this_thread::sleep_until(start + std::chrono::milliseconds(5 * (seq + 1)));
    }
    writer.close();
    return 0;
}
