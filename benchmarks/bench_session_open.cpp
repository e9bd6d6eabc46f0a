// Opening a 1-hour session: 50,400 tactile frames per foot (14 Hz), 108,000 keypoint frames
// (30 Hz), 200 labels. Reports open time, resident memory against the raw data size, and the
// latency of latest-at queries. Usage: bench_session_open [DIR] (default: a temporary folder).
#include "insolepose/SessionReader.h"
#include "insolepose/SessionWriter.h"

#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>

using namespace insolepose;
using Clock = std::chrono::steady_clock;

namespace {

long rssKiB()
{
    std::ifstream f("/proc/self/status");
    std::string key;
    while (f >> key) {
        if (key == "VmRSS:") {
            long v = 0;
            f >> v;
            return v;
        }
        f.ignore(4096, '\n');
    }
    return -1;
}

void writeHourSession(const std::filesystem::path& dir)
{
    SessionMetadata meta;
    meta.id = "bench-1h";
    SessionWriter w(dir, meta);
    std::mt19937 rng(1);
    std::uniform_int_distribution<int> adc(2900, 3100);
    std::vector<std::uint16_t> raw(660);
    for (int foot = 0; foot < 2; ++foot)
        for (std::uint32_t i = 0; i < 50'400; ++i) {
            for (auto& v : raw)
                v = std::uint16_t(adc(rng));
            TactileFrame f;
            f.foot = Foot(foot);
            f.sequence = i;
            f.hostTime_ns = TimeNs(i) * kNsPerSecond / 14 + (rng() % 3'000'000);
            f.raw_adc = raw;
            w.appendTactile(f);
        }
    Pose p;
    for (std::size_t i = 0; i < 108'000; ++i) {
        for (std::size_t k = 0; k < kKeypointCount; ++k)
            p[k] = Eigen::Vector3f(float(k) * 0.01f, float(i) * 1e-5f, 1.0f);
        w.appendGroundTruth(TimeNs(i) * kNsPerSecond / 30, p);
    }
    w.close();
    LabelTrack t;
    for (int i = 0; i < 200; ++i)
        t.add({TimeNs(i) * 18 * kNsPerSecond, TimeNs(i + 1) * 18 * kNsPerSecond,
               defaultActionVocabulary()[std::size_t(i) % 7], "bench", ""});
    writeLabelTracks(dir, {t});
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    QTemporaryDir tmp;
    const std::filesystem::path dir =
        argc > 1 ? std::filesystem::path(argv[1]) : std::filesystem::path(tmp.path().toStdString()) / "hour";
    if (!std::filesystem::exists(dir / "session.json")) {
        const auto t0 = Clock::now();
        writeHourSession(dir);
        std::printf("wrote 1-hour session in %.1f s\n", std::chrono::duration<double>(Clock::now() - t0).count());
    }
    std::uintmax_t rawBytes = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            rawBytes += e.file_size();

    std::vector<double> openMs;
    long rssDeltaKiB = 0;
    for (int run = 0; run < 7; ++run) {
        const long before = rssKiB();
        const auto t0 = Clock::now();
        const Session s = openSession(dir);
        openMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        rssDeltaKiB = std::max(rssDeltaKiB, rssKiB() - before);
        if (s.tactile(Foot::Left).size() != 50'400 || s.groundTruth().size() != 108'000 ||
            s.labelTracks().at(0).segments().size() != 200) {
            std::fprintf(stderr, "unexpected session contents\n");
            return 1;
        }
    }

    const Session s = openSession(dir);
    const auto [start, end] = s.timeRange();
    std::mt19937_64 rng(5);
    std::uniform_int_distribution<TimeNs> when(start, end);
    std::vector<TimeNs> queries(1000);
    std::vector<double> perQueryNs;
    std::size_t sink = 0;
    for (int batch = 0; batch < 200; ++batch) {
        for (auto& q : queries)
            q = when(rng);
        const auto t0 = Clock::now();
        for (TimeNs q : queries) {
            sink += s.tactile(Foot::Left).latestAt(q).value_or(0);
            sink += s.groundTruth().latestAt(q).value_or(0);
        }
        perQueryNs.push_back(std::chrono::duration<double, std::nano>(Clock::now() - t0).count() /
                             double(2 * queries.size()));
    }
    // Touch every tactile and keypoint byte: resident memory when everything has been viewed.
    const long beforeTouch = rssKiB();
    std::uint64_t sum = 0;
    for (Foot f : kFeet)
        for (std::size_t i = 0; i < s.tactile(f).size(); ++i)
            sum += s.tactile(f).raw(i)[i % 660];
    for (std::size_t i = 0; i < s.groundTruth().size(); ++i)
        sum += std::size_t(s.groundTruth().pose(i)[0].x());
    const long touchedKiB = rssKiB() - beforeTouch + rssDeltaKiB;

    std::printf("session on disk:            %.1f MiB\n", double(rawBytes) / (1 << 20));
    std::printf("first open:                 %.1f ms (cold when the page cache was dropped)\n", openMs.front());
    std::printf("open (median of 7):         %.1f ms (target < 300 ms)\n", median(openMs));
    std::printf("RSS growth on open:         %.1f MiB (%.2fx the data; target < 2x)\n", rssDeltaKiB / 1024.0,
                rssDeltaKiB * 1024.0 / double(rawBytes));
    std::printf("RSS after touching all:     %.1f MiB (%.2fx the data)\n", touchedKiB / 1024.0,
                touchedKiB * 1024.0 / double(rawBytes));
    std::printf("latest-at query (median):   %.1f ns (target < 1000 ns)\n", median(perQueryNs));
    std::printf("(checksum %zu %llu)\n", sink, static_cast<unsigned long long>(sum));
    return 0;
}
